import type { CompletionFilter } from "../context";

/**
 * Long ghost text is rarely accepted whole; cap it at the configured number of lines. After a block opener's colon
 * the suggestion starts on the next line: the empty rest of the cursor line is not one of its lines, so that
 * `phiPair.completion.maxLines: 1` still gives one line of code there.
 */
export const limitLines: CompletionFilter = (lines, context) => {
  const startsOnNextLine = lines.length > 1 && lines[0].trim() === "" ? 1 : 0;
  return lines.slice(0, startsOnNextLine + context.maxLines);
};
