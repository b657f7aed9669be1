import type { CompletionFilter } from "../context";

/** Longest block of lines checked for back-to-back repetition. */
const MAX_REPEATED_BLOCK_LINES = 8;

/**
 * Greedy decoding of a small model falls into loops: the same line, or the same block of lines,
 * over and over. Keep the first occurrence and cut where the repetition starts.
 */
export const stopAtRepetition: CompletionFilter = (lines, context) => {
  const absolute = [context.linePrefix + (lines[0] ?? ""), ...lines.slice(1)];
  for (let start = 1; start < lines.length; start++) {
    for (let size = 1; size <= MAX_REPEATED_BLOCK_LINES && size <= start && start + size <= lines.length; size++) {
      if (repeatsPreviousBlock(absolute, start, size)) return lines.slice(0, start);
    }
  }
  return [...lines];
};

/** lines[start, start + size) equals the block just before it and has some code in it. */
function repeatsPreviousBlock(lines: readonly string[], start: number, size: number): boolean {
  let hasCode = false;
  for (let i = 0; i < size; i++) {
    if (lines[start + i] !== lines[start - size + i]) return false;
    if (lines[start + i].trim() !== "") hasCode = true;
  }
  return hasCode;
}
