import type { TextEdit } from "../../src/core/lint/types";

/** Applies edits (zero-based line/UTF-16 column ranges) from the end backwards so earlier offsets stay valid. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line] ?? source.length) + column;
  const ordered = [...edits].sort(
    (a, b) => offset(b.range.startLine, b.range.startColumn) - offset(a.range.startLine, a.range.startColumn),
  );
  let result = source;
  for (const edit of ordered) {
    result =
      result.slice(0, offset(edit.range.startLine, edit.range.startColumn)) +
      edit.newText +
      result.slice(offset(edit.range.endLine, edit.range.endColumn));
  }
  return result;
}
