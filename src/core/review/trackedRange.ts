/** Start-inclusive, end-exclusive UTF-16 offsets in a document. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One replacement of `length` characters at `offset` by `text` (a VS Code content change). */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/**
 * Where a tracked range of code is after an edit. Edits before it shift it; an insertion right at either end
 * stays outside (typing next to accepted code is the user's own code); edits inside or across a boundary grow or
 * shrink it. An edit that replaces all of it (deleted, retyped, reformatted) leaves an empty range there.
 */
export function shiftRange(range: OffsetRange, change: TextChange): OffsetRange {
  const changeEnd = change.offset + change.length;
  const delta = change.text.length - change.length;
  if (change.offset >= range.end) return range;
  if (changeEnd <= range.start) return { start: range.start + delta, end: range.end + delta };
  if (change.offset <= range.start && changeEnd >= range.end) {
    const collapsed = change.offset + change.text.length;
    return { start: collapsed, end: collapsed };
  }
  if (change.offset < range.start) return { start: change.offset, end: range.end + delta };
  if (changeEnd > range.end) return { start: range.start, end: change.offset + change.text.length };
  return { start: range.start, end: range.end + delta };
}
