/**
 * `npm run bench [-- --quick]`: keystroke latency against raw node-llama-cpp (P1), KV reuse (P2), decode speed
 * against llama.cpp's llama-bench and the memory-bandwidth bound (P3), lint throughput against Bandit (P4),
 * load time and memory (P5). Prints a table, writes .bench/results-<time>.json and a latency plot.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { flashAttentionFor, type EngineSettings } from "../src/core/engine/inferenceEngine";
import {
  ensureFixtureModels,
  FIXTURE_DIR,
  PHI2_SHAPED_FILE,
  scriptedFixturePath,
} from "../scripts/fixture-models/fixtures";
import {
  bytesPerToken,
  engineDecode,
  forcedDecode,
  ensureLlamaBench,
  llamaBenchDecode,
  memoryBandwidth,
  type LlamaBenchRow,
} from "./decode-bench";
import { benchDefaults } from "./defaults";
import { runKeystrokeBench, type KeystrokeBenchResult } from "./keystroke-bench";
import { lintBenchInputs, runLintBenchRepeated } from "./lint-bench";
import { writeLatencyPlot } from "./plot";
import { measureSpeculative, type SpeculativeResult } from "./speculative";
import { stdlibCorpus, STDLIB_DIR } from "./stdlib-corpus";
import { summarizeModel, type BenchSummary } from "./summary";
import { typingSession } from "./typing-session";

const run = promisify(execFile);
const BENCH_DIR = path.resolve(__dirname, "../../.bench");

/** Sizes decode has to read: all weights but the token-embedding table, and the KV cache per token of context. */
async function modelBytes(
  modelPath: string,
): Promise<{ fileBytes: number; tokenEmbeddingBytes: number; kvBytesPerToken: number }> {
  const { readGgufFileInfo } = await import("node-llama-cpp");
  const info = await readGgufFileInfo(modelPath, { readTensorInfo: true });
  const tensors = [...(info.fullTensorInfo ?? [])].sort((a, b) => Number(a.offset) - Number(b.offset));
  const fileBytes = fs.statSync(modelPath).size;
  const embeddingIndex = tensors.findIndex((tensor) => tensor.name === "token_embd.weight");
  const embeddingEnd =
    embeddingIndex + 1 < tensors.length
      ? Number(tensors[embeddingIndex + 1].offset)
      : fileBytes - Number(info.tensorInfo?.[0]?.offset ?? 0);
  const metadata = info.architectureMetadata as {
    block_count?: number;
    embedding_length?: number;
    attention?: { head_count?: number; head_count_kv?: number };
  };
  const embd = metadata.embedding_length ?? 0;
  const kvEmbd =
    (embd / (metadata.attention?.head_count ?? 1)) *
    (metadata.attention?.head_count_kv ?? metadata.attention?.head_count ?? 1);
  return {
    fileBytes,
    tokenEmbeddingBytes: embeddingEnd - Number(tensors[embeddingIndex]?.offset ?? embeddingEnd),
    kvBytesPerToken: (metadata.block_count ?? 0) * 2 * kvEmbd * 2, // K and V, f16
  };
}

/** Bandit on the lint bench's inputs: one process per suggestion document (how it would run), and the big file. */
async function banditThroughput(): Promise<
  { version: string; startupMs: number; suggestionsPerSecond: number; megabytesPerSecond: number } | string
> {
  const bandit = "/usr/bin/bandit";
  if (!fs.existsSync(bandit)) return "bandit not installed (apt-get install bandit)";
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-bandit-"));
  try {
    const inputs = lintBenchInputs();
    const files = {
      empty: "",
      suggestion: inputs.suggestionPrefix + inputs.suggestion + inputs.suggestionSuffix,
      file: inputs.file,
    };
    const timings: Record<string, number> = {};
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(folder, `${name}.py`);
      fs.writeFileSync(file, text);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await run(bandit, ["-q", "-f", "json", "-o", path.join(folder, `${name}.json`), file]).catch(
          (error: { code?: number }) => {
            if (error.code !== 1) throw error; // 1 = issues found
          },
        );
        best = Math.min(best, performance.now() - started);
      }
      timings[name] = best;
    }
    const { stdout } = await run(bandit, ["--version"]);
    return {
      version: stdout.split("\n")[0].trim(),
      startupMs: timings.empty,
      suggestionsPerSecond: 1000 / timings.suggestion,
      megabytesPerSecond: Buffer.byteLength(files.file) / 1e6 / ((timings.file - timings.empty) / 1000),
    };
  } catch (error) {
    return `bandit failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

type Row = [string, string, string, string];
const f = (value: number | undefined, digits = 1) =>
  value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits);

/** P3 (decode against llama-bench and the bandwidth bound), P4 (lint, Bandit) and P5 (load, memory): their rows and data. */
async function decodeLintAndLoad(
  engine: Omit<EngineSettings, "modelPath">,
  phi2Shaped: string,
  shaped: KeystrokeBenchResult,
  quick: boolean,
  log: (line: string) => void,
): Promise<{ rows: Row[]; results: object }> {
  const llamaBenchBuildError = await ensureLlamaBench(log);
  log("P3 decode: engine, llama-bench, memory bandwidth…");
  const depths = [16, 512];
  const generate = quick ? 32 : 64;
  const engineSamples = await engineDecode({ ...engine, modelPath: phi2Shaped }, depths, generate);
  const llamaBench =
    llamaBenchBuildError ??
    (await llamaBenchDecode(phi2Shaped, {
      threads: engine.threads,
      depths,
      generate,
      flashAttention: [true, false], // both, for the depth question; the engine is compared with its own choice

      kvTypes: ["f16"],
      repetitions: quick ? 1 : 2,
    }).catch(
      (error: unknown) =>
        `llama-bench failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    ));
  const bandwidth = await memoryBandwidth(engine.threads);
  const sizes = await modelBytes(phi2Shaped);

  log("P4 lint throughput and Bandit…");
  const lintIterations = quick ? 100 : 500;
  const lintRepeats = quick ? 3 : 5;
  const primedLint = await runLintBenchRepeated(lintIterations, "primed", lintRepeats);
  const coldLint = await runLintBenchRepeated(lintIterations, "cold", lintRepeats);
  const lint = primedLint.runs[0];
  const bandit = await banditThroughput();

  // The bench runs on the CPU (gpu "off"): compare with llama-bench run the way the engine resolves the setting.
  const engineFlashAttention = flashAttentionFor(engine.flashAttention, false) === true;
  const decode = depths.map((_, index) => {
    const ours = engineSamples[index];
    const theirs =
      typeof llamaBench === "string"
        ? undefined
        : llamaBench.find(
            (row: LlamaBenchRow) => row.depth === depths[index] && row.flashAttention === engineFlashAttention,
          );
    const bound =
      bandwidth / bytesPerToken(sizes.fileBytes, sizes.tokenEmbeddingBytes, sizes.kvBytesPerToken, ours.depth);
    return {
      depth: ours.depth,
      engineTokensPerSecond: ours.tokensPerSecond,
      llamaBenchTokensPerSecond: theirs?.tokensPerSecond,
      boundTokensPerSecond: bound,
    };
  });

  const rows: Row[] = [];
  for (const sample of decode) {
    rows.push([
      `P3 decode at ${sample.depth} tokens of context`,
      `engine ${f(sample.engineTokensPerSecond)} tok/s, llama-bench ${f(sample.llamaBenchTokensPerSecond)} tok/s, bandwidth bound ${f(sample.boundTokensPerSecond)} tok/s`,
      `${f(sample.llamaBenchTokensPerSecond && sample.engineTokensPerSecond / sample.llamaBenchTokensPerSecond, 2)}× llama-bench, ${f(sample.engineTokensPerSecond / sample.boundTokensPerSecond, 2)}× bound`,
      "≥ 0.95×",
    ]);
  }
  rows.push([
    "P3 decode 512 vs 16 context",
    "engine",
    f(decode[1].engineTokensPerSecond / decode[0].engineTokensPerSecond, 2),
    "≥ 0.8",
  ]);
  if (typeof llamaBench !== "string") {
    const llamaBenchAt = (depth: number, flashAttention: boolean) =>
      llamaBench.find((row) => row.depth === depth && row.flashAttention === flashAttention)?.tokensPerSecond;
    for (const flashAttention of [true, false]) {
      const [short, long] = depths.map((depth) => llamaBenchAt(depth, flashAttention));
      rows.push([
        `P3 llama-bench 512 vs 16, flash attention ${flashAttention ? "on" : "off"}`,
        `${f(short)} → ${f(long)} tok/s`,
        f(long && short && long / short, 2),
        "",
      ]);
    }
  }
  rows.push([
    "P3 memory bandwidth",
    `${engine.threads} threads memcpy (read + write)`,
    `${f(bandwidth / 1e9)} GB/s`,
    "",
  ]);
  const primer = lint.priming
    ? `after the activation primer (${lint.priming.rounds} lints, ${f(lint.priming.elapsedMs, 0)} ms)`
    : "";
  const p99Range = (result: typeof primedLint) =>
    `p99 median ${f(result.p99Ms.median, 2)} ms (${f(result.p99Ms.min, 2)}–${f(result.p99Ms.max, 2)}) over ${lintRepeats} processes`;
  rows.push([
    "P4 lint, suggestion in context, extension",
    `p50 ${f(lint.suggestion.p50Ms, 2)} ms; ${p99Range(primedLint)}, ${lintIterations} lints each ${primer}`,
    `${f(lint.suggestion.perSecond, 0)} suggestions/s`,
    "p99 ≤ 5 ms",
  ]);
  rows.push([
    "P4 lint, suggestion in context, cold process",
    `p50 ${f(coldLint.runs[0].suggestion.p50Ms, 2)} ms; ${p99Range(coldLint)}, the first ${lintIterations} lints`,
    `${f(coldLint.runs[0].suggestion.perSecond, 0)} suggestions/s`,
    "",
  ]);
  rows.push([
    "P4 lint, 10k-line file",
    `${f(lint.file.bytes / 1e6, 2)} MB in ${f(lint.file.medianMs, 0)} ms`,
    `${f(lint.file.megabytesPerSecond, 2)} MB/s`,
    "≤ 250 ms",
  ]);
  rows.push(
    typeof bandit === "string"
      ? ["P4 Bandit", bandit, "—", ""]
      : [
          "P4 Bandit (same inputs)",
          `${bandit.version}; startup ${f(bandit.startupMs, 0)} ms`,
          `${f(bandit.suggestionsPerSecond, 2)} suggestions/s, ${f(bandit.megabytesPerSecond, 2)} MB/s`,
          "",
        ],
  );
  rows.push([
    "P5 model load (Phi-2-shaped)",
    "InferenceEngine.load() in a node process",
    `${f(shaped.loadMs / 1000, 2)} s`,
    "",
  ]);
  rows.push([
    "P5 RSS with the model loaded",
    "node process, after the replay",
    `${f(shaped.rssBytes / 2 ** 30, 2)} GiB`,
    "",
  ]);

  return { rows, results: { decode, bandwidth, sizes, llamaBench, lint: primedLint, coldLint, bandit } };
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const replayOnly = process.argv.includes("--replay-only");
  const log = (line: string) => console.log(line);
  const started = performance.now();
  log("Preparing fixture models (the Phi-2-shaped one is 1.6 GB and is written once)…");
  ensureFixtureModels({ phi2Shaped: true, log });
  const phi2Shaped = path.join(FIXTURE_DIR, PHI2_SHAPED_FILE);
  const tiny = scriptedFixturePath("sumBody");
  const { engine, completion } = benchDefaults();
  const corpus = await stdlibCorpus(quick ? 4 : 20);
  const session = typingSession(corpus);
  const pauses = session.keystrokes.filter((keystroke) => keystroke.pause).length;
  const loadAtStart = os.loadavg()[0];
  log(
    `Settings: ${JSON.stringify(engine)} ${JSON.stringify(completion)}; load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
  );
  log(
    `Corpus: ${corpus.length} functions of CPython's stdlib (${STDLIB_DIR}), ${session.keystrokes.length} keystrokes, ${pauses} pauses`,
  );

  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const jsonPath = path.join(BENCH_DIR, `results-${stamp}.json`);
  const replays: Record<string, KeystrokeBenchResult> = {};
  const speculative: Record<string, SpeculativeResult> = {};
  // Written after each model too, so a run stopped halfway still leaves its figures.
  const writeSummary = (forcing?: BenchSummary["forcing"]) => {
    const summary: BenchSummary = {
      models: Object.fromEntries(
        Object.entries(speculative).map(([name, result]) => [name, summarizeModel(replays[name], result)]),
      ),
      corpus: {
        functions: corpus.length,
        keystrokes: session.keystrokes.length,
        pauses,
        source: `CPython ${path.basename(STDLIB_DIR)} standard library (PSF licence): ${corpus.map((fn) => `${fn.module}:${fn.name}`).join(", ")}`,
      },
      quick,
      loadAverage: [loadAtStart, os.loadavg()[0]],
      forcing,
      timestamp: new Date().toISOString(),
    };
    for (const file of ["summary.json", `summary-${stamp}.json`])
      fs.writeFileSync(path.join(BENCH_DIR, file), JSON.stringify(summary, null, 2));
    fs.writeFileSync(
      jsonPath,
      JSON.stringify({ quick, settings: { engine, completion }, summary, speculative, replays }, null, 2),
    ); // completed below
    return summary;
  };
  // The Phi-2-shaped model first: its figures are the ones that matter.
  for (const [name, modelPath] of [
    ["phi2Shaped", phi2Shaped],
    ["tinyScripted", tiny],
  ] as const) {
    log(`P1/P2 typing replay on the ${name} model, forced to write the real code, raw replay interleaved…`);
    replays[name] = await runKeystrokeBench({ modelPath, engine, completion, session, log });
    log(`Speculative decoding on ${name}: verify cost of 1/2/4/8 tokens, predictors on the replay…`);
    speculative[name] = await measureSpeculative(modelPath, engine, replays[name].generations, quick ? 3 : 5);
    writeSummary();
  }
  log("Teacher forcing: forced vs unforced decode on the Phi-2-shaped model…");
  const forcedText = corpus.map((fn) => fn.source.slice(fn.bodyStart, fn.bodyEnd)).join("\n");
  const forcing = await forcedDecode({ ...engine, modelPath: phi2Shaped }, forcedText, quick ? 3 : 5, 32);
  const summary = writeSummary(forcing);

  const rows: Row[] = [];
  for (const [name, model] of Object.entries(summary.models)) {
    const {
      firstVisibleMs: first,
      wholeSuggestionMs: whole,
      pipelineOverRaw: ab,
      decode: tokS,
      speculative: spec,
    } = model;
    rows.push([
      `P1 first visible after a pause, ${name}`,
      `p50 ${f(first.p50, 0)} / p95 ${f(first.p95, 0)} ms (n=${first.n}); whole suggestion p50 ${f(whole.p50, 0)} / p95 ${f(whole.p95, 0)} ms`,
      `${f(first.p50 / whole.p50, 2)}× / ${f(first.p95 / whole.p95, 2)}×`,
      "≤ 0.35× / 0.5×",
    ]);
    rows.push([
      `P1 answered pauses, ${name}`,
      `${model.answeredPauses.answered}/${model.answeredPauses.pauses} pauses of 2–4 s; ${f(model.acceptedCharsPerSecond)} accepted chars per second waited`,
      f(model.answeredPauses.answered / model.answeredPauses.pauses, 2),
      "≥ 0.9",
    ]);
    rows.push([
      `P1 pipeline vs raw (interleaved), ${name}`,
      `n=${ab.n} own generations; decode engine ${f(tokS.engineTokS)} tok/s, raw ${f(tokS.rawTokS)} tok/s`,
      `${f(ab.ratio, 2)}× (median ${f(ab.medianRatio, 2)}×)`,
      "≤ 1.05×",
    ]);
    rows.push([
      `Speculative, ${name} (${spec.predictor})`,
      `${spec.acceptedTokens}/${spec.draftedTokens} drafts accepted; verify ms ${Object.entries(spec.verifyCostMs)
        .map(([k, ms]) => `${k}:${f(ms)}`)
        .join(" ")}`,
      `${f(spec.effectiveTokS)} vs ${f(spec.autoregressiveTokS)} tok/s = ${f(spec.effectiveTokS / spec.autoregressiveTokS, 2)}×`,
      "≥ 1.3×",
    ]);
  }
  // --replay-only: the replay's figures and summary.json alone (minutes less on a busy machine).
  const others = replayOnly ? undefined : await decodeLintAndLoad(engine, phi2Shaped, replays.phi2Shaped, quick, log);
  rows.push([
    "Teacher forcing cost (Phi-2-shaped)",
    `forced ${f(forcing.forcedTokS)} vs unforced ${f(forcing.unforcedTokS)} tok/s, ${forcing.rounds} interleaved rounds (range ${f(forcing.ratioRange[0], 2)}–${f(forcing.ratioRange[1], 2)})`,
    `${f(forcing.ratio, 2)}×`,
    "≈ 1",
  ]);
  for (const [name, result] of Object.entries(replays)) {
    const reuse = result.kvReuse;
    rows.push([
      `P2 KV reuse, ${name}`,
      `${reuse.promptTokens - reuse.evaluatedPromptTokens}/${reuse.promptTokens} prompt tokens from cache; warm-ups: ${reuse.warmUps}, ${reuse.warmUpEvaluatedTokens} tokens at idle`,
      f(reuse.fraction, 3),
      "≥ 0.95",
    ]);
  }
  rows.push(...(others?.rows ?? []));

  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length), 4));
  log("");
  for (const row of [["metric", "measured", "ratio / value", "goal"] as const, ...rows])
    log(row.map((cell, column) => cell.padEnd(widths[column])).join(" │ "));

  const results = {
    quick,
    settings: { engine, completion },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg() },
    summary,
    speculative,
    replays,
    ...others?.results,
    totalMs: performance.now() - started,
  };
  fs.writeFileSync(jsonPath, JSON.stringify(results, null, 2));
  const plot = await writeLatencyPlot(path.join(BENCH_DIR, `latency-${stamp}`), replays);
  log(`\nWrote ${jsonPath} and ${plot} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
