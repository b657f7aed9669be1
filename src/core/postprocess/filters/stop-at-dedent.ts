import { indentWidth, leadingWhitespace, tabSizeFor } from "../../prompt/document";
import type { CompletionFilter } from "../context";

/**
 * Ends the completion at the first line indented less than the enclosing scope's body: the model
 * has finished the function (or class) and started writing whatever it imagines comes next.
 */
export const stopAtDedent: CompletionFilter = (lines, context) => {
  const tabSize = tabSizeFor(context.indentUnit);
  const bodyWidth = indentWidth(context.bodyIndent, tabSize);
  const end = lines.findIndex(
    (line, index) => index > 0 && line.trim() !== "" && indentWidth(leadingWhitespace(line), tabSize) < bodyWidth,
  );
  return end === -1 ? [...lines] : lines.slice(0, end);
};
