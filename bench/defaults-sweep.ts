/**
 * Issue 13 §4, the defaults from the numbers: `node out/bench/defaults-sweep.js [--functions N]`
 * (npm run bench:defaults --).
 *
 * The keystroke replay (bench/keystroke-bench.ts: the Phi-2-shaped model forced to write the real code, 2 threads)
 * types each of N standard-library functions once per variant of the completion settings, the variants in a
 * rotating order per function (a Latin square over time), every typing of a function with the same keystrokes and
 * pauses, each opening with an empty suggestion cache. One setting differs from the defaults per variant. Per
 * variant, over the same pauses: answered pauses (first line visible before the pause ends), first-visible and
 * whole-suggestion latency, characters a Tab-at-each-line user takes per pause, and tokens generated (work the
 * CPU does, cancelled requests included) per keystroke. Paired ratios against the defaults: per pause, the
 * variant's time over the defaults' time at the same pause, median and range.
 * The functions are the 21st onwards of the stdlib corpus, not those the main replay uses.
 * `--variants id,…` runs the defaults and only those variants. Writes .bench/defaults-<time>.json.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { CompletionOptions } from "../src/core/completion/completionService";
import type { StopReason } from "../src/core/engine/engine";
import { ensureFixtureModels, FIXTURE_DIR, PHI2_SHAPED_FILE } from "../scripts/fixture-models/fixtures";
import { runKeystrokeBench } from "./keystroke-bench";
import { benchDefaults } from "./defaults";
import { median, percentile } from "./stats";
import { stdlibCorpus } from "./stdlib-corpus";
import { typingSession, type TypingSession } from "./typing-session";

const BENCH_DIR = path.resolve(__dirname, "../../.bench");
/** Functions of the stdlib corpus the main replay (20 functions) already types. */
const MAIN_REPLAY_FUNCTIONS = 20;

interface Variant {
  /** What `--variants` names it by. */
  id: string;
  name: string;
  change: Partial<CompletionOptions>;
}

const ALL_VARIANTS: Variant[] = [
  { id: "defaults", name: "defaults", change: {} },
  { id: "single-line", name: "single line (maxLines 1)", change: { maxLines: 1 } },
  { id: "max-tokens-32", name: "maxTokens 32", change: { maxTokens: 32 } },
  { id: "max-tokens-128", name: "maxTokens 128", change: { maxTokens: 128 } },
  { id: "adaptive-debounce", name: "adaptive debounce (0)", change: { debounceMs: 0 } },
  { id: "time-cap-4000", name: "time cap 4 s", change: { timeCapMs: 4000 } },
];

interface PauseFigures {
  function: number;
  kind: string;
  answered: boolean;
  firstVisibleMs?: number;
  wholeMs?: number;
  acceptedChars: number;
  /** The pause's own generation, when it ran the model: why it ended, and its work. */
  stopReason?: StopReason;
  generatedTokens?: number;
  evaluatedPromptTokens?: number;
  generationMs?: number;
  /** Keystroke to the start of its model work: the debounce and any wait for the model. */
  workStartMs?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      functions: { type: "string", default: "8" },
      // e.g. `--variants adaptive-debounce`: the defaults and those, for more pauses per variant in the same time
      variants: { type: "string" },
    },
  });
  const count = Number(values.functions);
  const chosen = values.variants?.split(",") ?? ALL_VARIANTS.map((variant) => variant.id);
  const unknown = chosen.filter((id) => !ALL_VARIANTS.some((variant) => variant.id === id));
  if (unknown.length > 0)
    throw new Error(
      `unknown variants ${unknown.join(", ")}; known: ${ALL_VARIANTS.map((variant) => variant.id).join(", ")}`,
    );
  const variants = ALL_VARIANTS.filter((variant, index) => index === 0 || chosen.includes(variant.id));
  const log = (line: string) => console.log(line);
  ensureFixtureModels({ phi2Shaped: true, log });
  const { engine, completion } = benchDefaults();
  const corpus = (await stdlibCorpus(MAIN_REPLAY_FUNCTIONS + count)).slice(MAIN_REPLAY_FUNCTIONS);

  // opening k types function ⌊k / variants⌋ with variant (k + function) mod variants
  const order: { fn: number; variant: number }[] = [];
  const sessions: TypingSession[] = [];
  for (const [fn, corpusFunction] of corpus.entries()) {
    const session = typingSession([corpusFunction], 7 + fn);
    for (let step = 0; step < variants.length; step++) {
      order.push({ fn, variant: (step + fn) % variants.length });
      sessions.push(session);
    }
  }
  const session: TypingSession = {
    keystrokes: sessions.flatMap((part) => part.keystrokes),
    functions: sessions.flatMap((part) => part.functions),
  };
  const loadAtStart = os.loadavg()[0];
  log(
    `Defaults sweep: ${corpus.length} functions × ${variants.length} variants, ${session.keystrokes.length} keystrokes; defaults ${JSON.stringify(completion)}; threads ${engine.threads}; load average ${loadAtStart.toFixed(1)}`,
  );
  const result = await runKeystrokeBench({
    modelPath: path.join(FIXTURE_DIR, PHI2_SHAPED_FILE),
    engine,
    completion,
    session,
    log,
    rawReplay: false,
    completionFor: (opened) => ({ ...completion, ...variants[order[opened].variant].change }),
  });

  // which opening each keystroke belongs to
  const openingOf: number[] = [];
  let opening = -1;
  for (const keystroke of session.keystrokes) {
    if (keystroke.opened) opening++;
    openingOf.push(opening);
  }
  const round = (value: number) => Math.round(value);
  const perVariant = variants.map(() => ({ pauses: [] as PauseFigures[], keystrokes: 0, generatedTokens: 0 }));
  for (const record of result.keystrokes) {
    const { fn, variant } = order[openingOf[record.index]];
    const figures = perVariant[variant];
    figures.keystrokes++;
    figures.generatedTokens += record.generatedTokens ?? 0;
    const keystroke = session.keystrokes[record.index];
    if (!keystroke.pause) continue;
    figures.pauses.push({
      function: fn,
      kind: keystroke.pause.kind,
      answered: record.pause?.answered ?? false,
      firstVisibleMs: record.firstVisibleMs,
      wholeMs: record.latencyMs,
      acceptedChars: record.pause?.acceptedChars ?? 0,
      stopReason: record.stopReason,
      generatedTokens: record.generatedTokens,
      evaluatedPromptTokens: record.evaluatedPromptTokens,
      generationMs: record.generationMs === undefined ? undefined : round(record.generationMs),
      workStartMs:
        record.latencyMs === undefined || record.pipelineMs === undefined
          ? undefined
          : round(record.latencyMs - record.pipelineMs),
    });
  }

  const spread = (values: number[]) =>
    values.length === 0
      ? undefined
      : { p50: round(median(values)), p95: round(percentile(values, 95)), n: values.length };
  const defaults = perVariant[0].pauses;
  const pairedRatio = (pauses: PauseFigures[], field: "firstVisibleMs" | "wholeMs") => {
    const ratios = pauses.flatMap((pause, index) => {
      const base = defaults[index]?.[field];
      const value = pause[field];
      return base && value ? [value / base] : [];
    });
    return ratios.length === 0
      ? undefined
      : {
          median: Number(median(ratios).toFixed(2)),
          range: [Number(Math.min(...ratios).toFixed(2)), Number(Math.max(...ratios).toFixed(2))],
          n: ratios.length,
        };
  };
  const rows = variants.map((variant, index) => {
    const { pauses, keystrokes, generatedTokens } = perVariant[index];
    const present = (field: "firstVisibleMs" | "wholeMs") =>
      pauses.map((pause) => pause[field]).filter((value): value is number => value !== undefined);
    return {
      variant: variant.name,
      change: variant.change,
      pauses: pauses.length,
      answered: pauses.filter((pause) => pause.answered).length,
      firstVisibleMs: spread(present("firstVisibleMs")),
      wholeMs: spread(present("wholeMs")),
      acceptedCharsPerPause: Number(
        (pauses.reduce((sum, pause) => sum + pause.acceptedChars, 0) / Math.max(1, pauses.length)).toFixed(1),
      ),
      generatedTokensPerKeystroke: Number((generatedTokens / Math.max(1, keystrokes)).toFixed(2)),
      pauseStopReasons: countBy(pauses.map((pause) => pause.stopReason ?? "no own generation")),
      firstVisibleOverDefaults: index === 0 ? undefined : pairedRatio(pauses, "firstVisibleMs"),
      wholeOverDefaults: index === 0 ? undefined : pairedRatio(pauses, "wholeMs"),
    };
  });

  const format = (figure?: { p50: number; p95: number }) => (figure ? `${figure.p50}/${figure.p95}` : "-");
  const ratio = (figure?: { median: number; range: number[] }) =>
    figure ? `${figure.median.toFixed(2)} [${figure.range[0].toFixed(2)}–${figure.range[1].toFixed(2)}]` : "-";
  log(
    "\nvariant                     answered  first visible p50/p95 ms  whole p50/p95 ms  accepted chars/pause  tokens/keystroke  first ÷ defaults  whole ÷ defaults",
  );
  for (const row of rows)
    log(
      `${row.variant.padEnd(27)} ${`${row.answered}/${row.pauses}`.padStart(8)}  ${format(row.firstVisibleMs).padStart(24)}  ${format(row.wholeMs).padStart(16)}  ${String(row.acceptedCharsPerPause).padStart(20)}  ${String(row.generatedTokensPerKeystroke).padStart(16)}  ${ratio(row.firstVisibleOverDefaults).padStart(16)}  ${ratio(row.wholeOverDefaults).padStart(16)}`,
    );
  const loadAtEnd = os.loadavg()[0];
  for (const row of rows) log(`${row.variant}: pauses ended by ${JSON.stringify(row.pauseStopReasons)}`);
  log(
    `load average ${loadAtStart.toFixed(1)} → ${loadAtEnd.toFixed(1)}; KV reuse ${result.kvReuse.fraction.toFixed(3)}`,
  );
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `defaults-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        settings: { engine, completion },
        corpus: corpus.map((fn) => `${fn.module}:${fn.name}`),
        loadAverage: [loadAtStart, loadAtEnd],
        kvReuse: result.kvReuse.fraction,
        variants: rows,
        pauses: perVariant.map((figures, index) => ({ variant: variants[index].name, pauses: figures.pauses })),
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
