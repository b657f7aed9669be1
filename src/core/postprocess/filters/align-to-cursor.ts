import { indentWidth, leadingWhitespace, renderIndent, tabSizeFor } from "../../prompt/document";
import { type CompletionFilter, type PostprocessContext, startsOnBlankLine } from "../context";

/**
 * Fits the model's text to what is already on the cursor line.
 *
 * The prompt leaves out the whitespace typed before the cursor (BuiltPrompt.stripFromCompletion), so
 * the model writes its first line with indentation of its own choosing:
 * - mid-line: the answer usually starts with the space the user already typed; drop that overlap.
 * - on a blank line: the first code line is shifted to BuiltPrompt.indent (the cursor's column, or
 *   one level inside the block opener above) and every following line by the same amount, keeping
 *   the model's relative structure; then the whitespace already left of the cursor is removed from
 *   line 0. This is the "first line off by N spaces" fix.
 * - right after a block opener's colon: the new lines start at line 1 and are shifted the same way.
 */
export const alignToCursor: CompletionFilter = (lines, context) => {
  if (startsOnBlankLine(context)) {
    const firstCode = lines.findIndex((line) => line.trim() !== "");
    if (firstCode === -1) return [];
    const shifted = shiftToIndent(lines.slice(firstCode), context);
    const tabSize = tabSizeFor(context.indentUnit);
    const alreadyTyped = indentWidth(context.linePrefix, tabSize);
    const firstWidth = indentWidth(leadingWhitespace(shifted[0]), tabSize);
    shifted[0] =
      renderIndent(Math.max(0, firstWidth - alreadyTyped), context.indentUnit, tabSize) + shifted[0].trimStart();
    return shifted;
  }
  const [first = "", ...rest] = lines;
  const aligned = [withoutTypedWhitespace(first, context.stripFromCompletion), ...rest];
  if (aligned[0].trim() !== "" || rest.length === 0) return aligned;
  const firstCode = aligned.findIndex((line, index) => index > 0 && line.trim() !== "");
  return firstCode === -1
    ? aligned
    : [...aligned.slice(0, firstCode), ...shiftToIndent(aligned.slice(firstCode), context)];
};

/** Removes the part of `typed` that the completion repeats at its start. */
function withoutTypedWhitespace(line: string, typed: string): string {
  let overlap = 0;
  while (overlap < typed.length && line[overlap] === typed[overlap]) overlap++;
  return line.slice(overlap);
}

/** Re-indents lines so the first sits at `context.indent`, preserving relative indentation. */
function shiftToIndent(lines: readonly string[], context: PostprocessContext): string[] {
  const tabSize = tabSizeFor(context.indentUnit);
  const delta = indentWidth(context.indent, tabSize) - indentWidth(leadingWhitespace(lines[0]), tabSize);
  return lines.map((line) => {
    if (line.trim() === "") return "";
    const width = Math.max(0, indentWidth(leadingWhitespace(line), tabSize) + delta);
    return renderIndent(width, context.indentUnit, tabSize) + line.trimStart();
  });
}
