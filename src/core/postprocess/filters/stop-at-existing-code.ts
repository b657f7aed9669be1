import { type CompletionFilter, startsOnBlankLine } from "../context";
import { similarity } from "../text-similarity";

/** Lines this similar (normalised edit distance) count as the model rewriting existing code. */
const SAME_LINE_SIMILARITY = 0.8;

/**
 * The model never saw the code below the cursor, so it often rewrites it: cut the completion at the
 * first line that (nearly) equals the next non-blank line of the document.
 */
export const stopAtExistingCode: CompletionFilter = (lines, context) => {
  const nextCode = context.nextLines.find((line) => line.trim() !== "")?.trim();
  if (context.mode === "single-line" || nextCode === undefined) return [...lines];
  const firstNewLine = startsOnBlankLine(context) ? 0 : 1;
  const end = lines.findIndex(
    (line, index) =>
      index >= firstNewLine && line.trim() !== "" && similarity(line.trim(), nextCode) >= SAME_LINE_SIMILARITY,
  );
  return end === -1 ? [...lines] : lines.slice(0, end);
};
