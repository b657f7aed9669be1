/**
 * `npm run eval -- --model PATH [--problems FILE|DIR] [--threads N] [--limit N] [--out FILE]`
 * Runs the HumanEval harness (src/core/humaneval) with a real GGUF model through the production engine.
 * --problems: the official HumanEval.jsonl(.gz) (get it yourself from openai/human-eval; MIT) or a problem
 * directory (default test/humaneval/problems, this project's own 22 problems).
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { InferenceEngine } from "../src/core/engine/inferenceEngine";
import { loadHumanEvalJsonl, loadProblemDirectory, runHumanEval } from "../src/core/humaneval";

export interface EvalArgs {
  model: string;
  problems: string;
  threads: number;
  limit: number | undefined;
  out: string | undefined;
}

const DEFAULT_PROBLEMS = path.resolve(__dirname, "../../test/humaneval/problems");
export const USAGE =
  "usage: npm run eval -- --model PATH/TO/phi-2.gguf [--problems HumanEval.jsonl.gz|DIR] [--threads N] [--limit N] [--out report.json]";

/** Parses the command line; throws an Error whose message says what is missing or wrong. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (!["--model", "--problems", "--threads", "--limit", "--out"].includes(flag))
      throw new Error(`unknown argument ${flag}\n${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
    values.set(flag, value);
  }
  const model = values.get("--model");
  if (!model)
    throw new Error(`no model given: the evaluation needs a GGUF model file (e.g. phi-2.Q8_0.gguf).\n${USAGE}`);
  const count = (flag: string) => {
    const text = values.get(flag);
    if (text === undefined) return undefined;
    const number = Number(text);
    if (!Number.isInteger(number) || number <= 0) throw new Error(`${flag} must be a positive integer, got ${text}`);
    return number;
  };
  return {
    model,
    problems: values.get("--problems") ?? DEFAULT_PROBLEMS,
    threads: count("--threads") ?? 2,
    limit: count("--limit"),
    out: values.get("--out"),
  };
}

async function main(): Promise<void> {
  const args = parseEvalArgs(process.argv.slice(2));
  const isDirectory = (await fs.stat(args.problems)).isDirectory();
  const problems = (
    isDirectory ? await loadProblemDirectory(args.problems) : await loadHumanEvalJsonl(args.problems)
  ).slice(0, args.limit);
  const engine = new InferenceEngine({
    modelPath: args.model,
    threads: args.threads,
    gpu: "auto",
    contextSize: 2048,
    batchSize: 512,
    prefillChunkTokens: 512,
    flashAttention: "auto",
  });
  try {
    const countTokens = await engine.tokenCounter();
    const report = await runHumanEval(problems, {
      countTokens,
      complete: async (prompt, { maxTokens, stopTriggers }) =>
        (await engine.generate({ prompt, priority: "completion", maxTokens, temperature: 0, stopTriggers })).text,
      onResult: (result) => console.log(`${result.taskId}: ${result.status}`),
    });
    console.log(`pass@1 = ${(report.passAt1 * 100).toFixed(1)}% (${report.passed}/${report.total})`);
    if (args.out) await fs.writeFile(args.out, JSON.stringify(report, null, 2));
  } finally {
    await engine.dispose();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
