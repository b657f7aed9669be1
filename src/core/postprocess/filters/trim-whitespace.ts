import type { CompletionFilter } from "../context";

/** Removes trailing whitespace on every line and trailing blank lines; nothing but whitespace drops the completion. */
export const trimWhitespace: CompletionFilter = (lines) => {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === "") trimmed.pop();
  return trimmed.some((line) => line.trim() !== "") ? trimmed : [];
};
