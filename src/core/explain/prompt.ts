import type { ExplainTarget } from "./target";

/**
 * Phi-2's QA format from its model card: "Instruct: <question>\nOutput:". Its answer ends where it starts a
 * new exercise or question (it was trained on textbook-style data and drifts into the next one), so those
 * line starts stop the generation. The trigger text itself is not part of the answer.
 */
export const EXPLAIN_STOP_TRIGGERS: readonly string[] = [
  "\nInstruct:",
  "\nOutput:",
  "\nExercise",
  "\n## Exercise",
  "\n### Exercise",
  "\nQuestion:",
  "\nAlice:",
  "\nBob:",
  "<|endoftext|>",
];

export interface ExplainPrompt {
  prompt: string;
  /** Tokens of the whole prompt. */
  promptTokens: number;
  /** Lines of the code in the prompt, and in the target: fewer shown means the code was cut to fit. */
  shownLines: number;
  totalLines: number;
}

export interface PromptBudget {
  countTokens: (text: string) => number;
  /** Most tokens the prompt may take (the context window less the answer's room). */
  maxPromptTokens: number;
}

export class PromptTooLargeError extends Error {}

function subject(target: ExplainTarget): string {
  switch (target.kind) {
    case "function":
      return target.name ? `Python function \`${target.name}\`` : "Python function";
    case "class":
      return target.name ? `Python class \`${target.name}\`` : "Python class";
    case "selection":
      return "Python code";
  }
}

/** The prompt for a given (possibly cut) code text. */
export function formatExplainPrompt(target: ExplainTarget, code: string, omittedLines: number): string {
  const omission =
    omittedLines > 0 ? `\n# ... (${omittedLines} more line${omittedLines === 1 ? "" : "s"} not shown)` : "";
  return (
    `Instruct: Explain what the following ${subject(target)} does: ${target.kind === "class" ? "its purpose, its state and methods, and how it is used" : "its purpose, its inputs and result, and how it works"}.\n` +
    `\`\`\`python\n${dedent(code)}${omission}\n\`\`\`\n` +
    "Output:"
  );
}

/**
 * Builds the prompt, keeping as many whole lines of the code (from the top: signature and docstring matter
 * most) as fit the token budget; a single line longer than the budget is cut by characters.
 */
export function buildExplainPrompt(target: ExplainTarget, budget: PromptBudget): ExplainPrompt {
  const lines = target.code.split("\n");
  const fits = (code: string, omitted: number) =>
    budget.countTokens(formatExplainPrompt(target, code, omitted)) <= budget.maxPromptTokens;
  const result = (code: string, shownLines: number): ExplainPrompt => {
    const prompt = formatExplainPrompt(target, code, lines.length - shownLines);
    return { prompt, promptTokens: budget.countTokens(prompt), shownLines, totalLines: lines.length };
  };
  if (fits(target.code, 0)) return result(target.code, lines.length);
  const kept = largestFitting(lines.length - 1, (count) =>
    fits(lines.slice(0, count).join("\n"), lines.length - count),
  );
  if (kept > 0) return result(lines.slice(0, kept).join("\n"), kept);
  const first = lines[0];
  const characters = largestFitting(first.length, (count) => fits(first.slice(0, count), lines.length - 1));
  if (characters === 0)
    throw new PromptTooLargeError(`The context window (${budget.maxPromptTokens} prompt tokens) has no room for code`);
  return result(first.slice(0, characters), 1);
}

/** The largest n in [0, max] with fits(n), for a predicate that holds up to some n and fails above it. */
function largestFitting(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Removes the indentation all non-blank lines share (a method explained on its own reads as top-level code). */
export function dedent(code: string): string {
  const lines = code.split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length))).join("\n");
}
