import type { CompletionFilter } from "../context";

/** Mid-line (or inside a string) only the rest of the current line is wanted. */
export const keepFirstLineInSingleLineMode: CompletionFilter = (lines, context) =>
  context.mode === "single-line" ? lines.slice(0, 1) : [...lines];
