import type { CompletionMode } from "../prompt/types";

/**
 * Starts of a column-0 line that end the body being completed: a new top-level definition, import,
 * decorator, comment, main guard, or a Markdown code fence (Phi-2 learned from textbook-style data
 * and likes to close its code with ``` and go on in prose). Shared by the engine's stop triggers and the `stopAtTopLevel`
 * filter, so a completion is cut the same way whether or not the engine stopped early.
 */
export const TOP_LEVEL_STOP_PREFIXES: readonly string[] = [
  "def ",
  "async def ",
  "class ",
  "import ",
  "from ",
  "if __name__",
  "#",
  "@",
  "```",
];

/**
 * `customStopTriggers` for node-llama-cpp in multi-line mode. Each begins with "\n" followed directly
 * by the keyword, so it only fires at column 0: nested `def`s, indented comments and decorators
 * inside a class never match.
 */
export const PYTHON_STOP_TRIGGERS: readonly string[] = TOP_LEVEL_STOP_PREFIXES.map((prefix) => `\n${prefix}`);

/** Stop triggers for a prompt's mode: single-line completions end at the first line break. */
export function stopTriggersFor(mode: CompletionMode): string[] {
  return mode === "single-line" ? ["\n"] : [...PYTHON_STOP_TRIGGERS];
}
