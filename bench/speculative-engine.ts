/**
 * Speculative decoding in the real engine (issue 13, part 3), unforced, on the Phi-2-shaped model at 2 threads:
 *
 *   node out/bench/speculative-engine.js [--functions N] [--model PATH]   (npm run bench:speculative --)
 *
 * bench/speculative.ts measures drafts against the replay's forced real code by simulation (forcing and drafts do
 * not mix in node-llama-cpp 3.21). This measures the engine itself, with and without the suggestion-draft
 * predictor attached, on two engines of the same model, interleaved (the order alternates per function):
 * - "elsewhere": a suggestion at the start of a function's body, after another function's suggestion: the
 *   previous suggestion does not line up, so drafts seldom apply (the predictor's overhead);
 * - "type along": the user types the first characters of that suggestion and a new one is requested (a cache miss:
 *   Phi Pair's cache serves typed-ahead text, so this is the request after a mid-line edit or a rejected cache
 *   entry). The model rewrites what it proposed, so the drafts apply.
 * Decoding is greedy-verified, so both engines must write the same text: the bench counts mismatches.
 * Functions: CPython's standard library by the replay's rule (bench/stdlib-corpus.ts), those after the replay's 20,
 * so the predictor's settings were not chosen on them. Writes .bench/speculative-engine-<time>.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { InferenceEngine, type EngineSettings } from "../src/core/engine/inferenceEngine";
import { buildPrompt } from "../src/core/prompt";
import { median } from "./stats";
import { stdlibCorpus } from "./stdlib-corpus";

const BENCH_DIR = path.resolve(__dirname, "../../.bench");
const REPLAY_FUNCTIONS = 20;
const MAX_TOKENS = 48;
/** Characters of the first suggestion the user types before the next request. */
const TYPED_CHARS = 12;

type Variant = "draft" | "plain";
interface Sample {
  fn: string;
  scenario: "elsewhere" | "typeAlong";
  tokS: Record<Variant, number>;
  tokens: Record<Variant, number>;
  same: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      functions: { type: "string", default: "12" },
      model: { type: "string", default: path.resolve(__dirname, "../../.fixtures/models/phi2-shaped-q4_0.gguf") },
      threads: { type: "string", default: "2" },
    },
  });
  const count = Number(values.functions);
  const settings: EngineSettings = {
    modelPath: values.model,
    threads: Number(values.threads),
    gpu: "off",
    contextSize: 2048,
    batchSize: 512,
    prefillChunkTokens: 64,
    flashAttention: "auto",
  };
  const engines: Record<Variant, InferenceEngine> = {
    draft: new InferenceEngine({ ...settings, speculative: "suggestion-draft" }),
    plain: new InferenceEngine({ ...settings, speculative: "off" }),
  };
  const countTokens = await engines.plain.tokenCounter();
  await engines.draft.tokenCounter();
  const functions = (await stdlibCorpus(REPLAY_FUNCTIONS + count)).slice(REPLAY_FUNCTIONS);
  const samples: Sample[] = [];
  const generate = async (variant: Variant, text: string, offset: number) => {
    const built = await buildPrompt({ text, offset, countTokens, tokenBudget: 1024 });
    return engines[variant].generate({
      prompt: built.prompt,
      priority: "completion",
      maxTokens: MAX_TOKENS,
      temperature: 0,
    });
  };
  for (const [i, fn] of functions.entries()) {
    const order: Variant[] = i % 2 === 0 ? ["draft", "plain"] : ["plain", "draft"];
    const text = fn.source.slice(0, fn.bodyStart) + fn.source.slice(fn.bodyEnd);
    const first: Partial<Record<Variant, Awaited<ReturnType<InferenceEngine["generate"]>>>> = {};
    for (const variant of order) first[variant] = await generate(variant, text, fn.bodyStart);
    samples.push(sample(`${fn.module}:${fn.name}`, "elsewhere", first as Record<Variant, typeof first.plain & object>));
    const typed = first.plain!.text.slice(0, TYPED_CHARS);
    const typedText = text.slice(0, fn.bodyStart) + typed + text.slice(fn.bodyStart);
    const second: Partial<Record<Variant, Awaited<ReturnType<InferenceEngine["generate"]>>>> = {};
    for (const variant of order) second[variant] = await generate(variant, typedText, fn.bodyStart + typed.length);
    samples.push(
      sample(`${fn.module}:${fn.name}`, "typeAlong", second as Record<Variant, typeof second.plain & object>),
    );
    const last = samples.slice(-2);
    console.log(
      `${fn.module}:${fn.name}`.padEnd(40) +
        last
          .map(
            (s) =>
              `${s.scenario} ${s.tokS.draft.toFixed(1)}/${s.tokS.plain.toFixed(1)} tok/s${s.same ? "" : " (texts differ)"}`,
          )
          .join("  "),
    );
  }
  const report = (scenario: Sample["scenario"]) => {
    const rows = samples.filter((s) => s.scenario === scenario);
    const ratios = rows.map((s) => s.tokS.draft / s.tokS.plain);
    return {
      n: rows.length,
      ratio: { median: round(median(ratios)), min: round(Math.min(...ratios)), max: round(Math.max(...ratios)) },
      draftTokS: round(median(rows.map((s) => s.tokS.draft))),
      plainTokS: round(median(rows.map((s) => s.tokS.plain))),
      textsDiffer: rows.filter((s) => !s.same).length,
    };
  };
  const summary = {
    model: values.model,
    threads: settings.threads,
    maxTokens: MAX_TOKENS,
    typedChars: TYPED_CHARS,
    elsewhere: report("elsewhere"),
    typeAlong: report("typeAlong"),
    samples,
  };
  for (const scenario of ["elsewhere", "typeAlong"] as const) {
    const r = summary[scenario];
    console.log(
      `${scenario}: draft ÷ plain decode median ${r.ratio.median}× [${r.ratio.min}–${r.ratio.max}], n = ${r.n}; ${r.draftTokS} vs ${r.plainTokS} tok/s; texts differ in ${r.textsDiffer}`,
    );
  }
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `speculative-engine-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(`wrote ${file}`);
  await Promise.all(Object.values(engines).map((engine) => engine.dispose()));
}

function sample(
  fn: string,
  scenario: Sample["scenario"],
  results: Record<Variant, { text: string; generatedTokens: number; generationMs: number }>,
): Sample {
  const tokS = (variant: Variant) => results[variant].generatedTokens / (results[variant].generationMs / 1000);
  return {
    fn,
    scenario,
    tokS: { draft: tokS("draft"), plain: tokS("plain") },
    tokens: { draft: results.draft.generatedTokens, plain: results.plain.generatedTokens },
    same: results.draft.text === results.plain.text,
  };
}

const round = (value: number) => Number(value.toFixed(2));

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
