/**
 * Line-level view of a document: LF-normalised text, rows, and the cursor as (row, column).
 * Pure text bookkeeping; all Python structure comes from tree-sitter (see outline.ts).
 */
export interface DocumentView {
  /** Text with CRLF replaced by LF. */
  text: string;
  lines: string[];
  /** Offset of the cursor in `text` (after CRLF normalisation). */
  offset: number;
  row: number;
  column: number;
  /** "\r\n" when the original document used CRLF line endings, else "\n". */
  eol: "\n" | "\r\n";
}

export function viewDocument(original: string, originalOffset: number): DocumentView {
  const clamped = Math.max(0, Math.min(originalOffset, original.length));
  const before = original.slice(0, clamped).replace(/\r\n/g, "\n");
  const text = original.replace(/\r\n/g, "\n");
  // A cursor between "\r" and "\n" leaves a dangling "\r" in `before`; it belongs to the line break.
  const offset = before.endsWith("\r") && original[clamped] === "\n" ? before.length - 1 : before.length;
  const lines = text.split("\n");
  const upToCursor = text.slice(0, offset);
  const row = countNewlines(upToCursor);
  const column = offset - (upToCursor.lastIndexOf("\n") + 1);
  return { text, lines, offset, row, column, eol: original.includes("\r\n") ? "\r\n" : "\n" };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

export function leadingWhitespace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Visual width of indentation, tabs advancing to the next multiple of `tabSize`. */
export function indentWidth(whitespace: string, tabSize: number): number {
  let width = 0;
  for (const ch of whitespace) width = ch === "\t" ? width + tabSize - (width % tabSize) : width + 1;
  return width;
}

/** Renders a width as indentation in the document's style (tabs when its unit is a tab). */
export function renderIndent(width: number, indentUnit: string, tabSize: number): string {
  if (indentUnit !== "\t") return " ".repeat(width);
  return "\t".repeat(Math.floor(width / tabSize)) + " ".repeat(width % tabSize);
}

/** Tab width used to compare indentation: a tab is one level in tab-indented files, Python's 8 otherwise. */
export function tabSizeFor(indentUnit: string): number {
  return indentUnit === "\t" ? 4 : 8;
}
