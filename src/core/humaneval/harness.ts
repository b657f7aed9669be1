import { postprocessCompletion } from "../postprocess/pipeline";
import { stopTriggersFor } from "../postprocess/stop-triggers";
import { buildPrompt } from "../prompt/builder";
import type { TokenCounter } from "../prompt/types";
import type { HumanEvalProblem } from "./problems";
import { type RunStatus, runPythonSandboxed } from "./sandbox";

export interface CompletionRequestOptions {
  maxTokens: number;
  /** Pass to node-llama-cpp as `customStopTriggers`. */
  stopTriggers: string[];
}

/** The model: greedy (temperature 0) completion of `prompt`. */
export type CompleteFunction = (prompt: string, options: CompletionRequestOptions) => Promise<string>;

export interface HarnessOptions {
  complete: CompleteFunction;
  countTokens: TokenCounter;
  /** Prompt budget (default 1024, as in the editor). */
  tokenBudget?: number;
  /** Generation limit per problem (default 384). */
  maxTokens?: number;
  /** Per-problem execution limit (default 10 s). */
  timeoutMs?: number;
  /** Line cap of the postprocessor; higher than in the editor since whole bodies are wanted (default 80). */
  maxLines?: number;
  python?: string;
  /** Called after each problem, e.g. to print progress. */
  onResult?: (result: ProblemResult) => void;
}

export interface ProblemResult {
  taskId: string;
  status: RunStatus;
  /** The postprocessed body that was inserted, undefined when the pipeline dropped everything. */
  completion: string | undefined;
  /** The raw model output, before postprocessing. */
  raw: string;
  /** The executed program: document with the completion, the tests, `check(entry_point)`. */
  program: string;
  stderrTail: string;
}

export interface HarnessReport {
  total: number;
  passed: number;
  /** Fraction of problems passed with one greedy sample each. */
  passAt1: number;
  results: ProblemResult[];
}

/**
 * Runs problems exactly as the editor would complete them: the problem prompt is the document, the
 * cursor sits at its end (the line after the docstring), the prompt builder and the postprocess
 * pipeline are the production ones, and the completion is inserted at the cursor. Problems run one
 * after the other (a local model is the bottleneck; sequential keeps the report deterministic).
 */
export async function runHumanEval(
  problems: readonly HumanEvalProblem[],
  options: HarnessOptions,
): Promise<HarnessReport> {
  const results: ProblemResult[] = [];
  for (const problem of problems) {
    const result = await runProblem(problem, options);
    options.onResult?.(result);
    results.push(result);
  }
  const passed = results.filter((result) => result.status === "passed").length;
  return { total: results.length, passed, passAt1: results.length === 0 ? 0 : passed / results.length, results };
}

async function runProblem(problem: HumanEvalProblem, options: HarnessOptions): Promise<ProblemResult> {
  const document = problem.prompt.endsWith("\n") ? problem.prompt : `${problem.prompt}\n`;
  const offset = document.length;
  const built = await buildPrompt({
    text: document,
    offset,
    countTokens: options.countTokens,
    tokenBudget: options.tokenBudget,
  });
  const raw = await options.complete(built.prompt, {
    maxTokens: options.maxTokens ?? 384,
    stopTriggers: stopTriggersFor(built.mode),
  });
  const completion = postprocessCompletion(document, offset, raw, built, { maxLines: options.maxLines ?? 80 });
  const program = assembleProgram(problem, document + (completion ?? ""));
  const run = await runPythonSandboxed(program, { timeoutMs: options.timeoutMs ?? 10_000, python: options.python });
  return { taskId: problem.task_id, status: run.status, completion, raw, program, stderrTail: run.stderrTail };
}

/** The completed document followed by the tests, as HumanEval's own evaluation assembles it. */
export function assembleProgram(problem: HumanEvalProblem, completedDocument: string): string {
  return `${completedDocument}\n\n${problem.test}\n\ncheck(${problem.entry_point})\n`;
}
