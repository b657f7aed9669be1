/**
 * The part of a large document the prompt's document model is built from, so the work per suggestion request is
 * bounded whatever the file's size (parsing and outlining 1 MB took 1.9–2.3 s on the host thread, 2 MB 5–6 s).
 * A document up to `wholeDocumentChars` is used whole. A larger one becomes its head (module docstring and imports,
 * up to `headChars`) followed by the code around the cursor (`beforeCursorChars` above it, `afterCursorChars`
 * below), each cut where a top-level definition starts, so no piece starts or ends inside a function or a string
 * (a column-0 `def`/`class`/decorator line: a cut point only, never a meaning given to the code).
 */
export interface WindowLimits {
  wholeDocumentChars: number;
  headChars: number;
  beforeCursorChars: number;
  afterCursorChars: number;
}

export const DEFAULT_WINDOW_LIMITS: Readonly<WindowLimits> = {
  wholeDocumentChars: 32_000,
  headChars: 8_000,
  beforeCursorChars: 16_000,
  afterCursorChars: 4_000,
};

export interface DocumentWindow {
  text: string;
  /** The cursor in `text`. */
  offset: number;
}

export function documentWindow(
  text: string,
  offset: number,
  limits: Readonly<WindowLimits> = DEFAULT_WINDOW_LIMITS,
): DocumentWindow {
  if (text.length <= limits.wholeDocumentChars) return { text, offset };
  const cursorLineStart = text.lastIndexOf("\n", offset - 1) + 1;
  // The cursor's own top-level definition if it starts close enough, else the nearest one after the limit.
  const earliest = Math.max(0, cursorLineStart - limits.beforeCursorChars);
  const start = firstDefinitionStart(text, earliest, cursorLineStart) ?? lineStartAtOrAfter(text, earliest);
  const headEnd = Math.min(start, lastDefinitionStart(text, 0, Math.min(limits.headChars, start)) ?? 0);
  const afterLimit = Math.min(text.length, offset + limits.afterCursorChars);
  const end =
    afterLimit === text.length
      ? text.length
      : (lastDefinitionStart(text, lineStartAtOrAfter(text, offset), afterLimit) ??
        lineStartAtOrAfter(text, afterLimit));
  const head = text.slice(0, headEnd);
  return { text: head + text.slice(start, end), offset: head.length + offset - start };
}

/** A top-level `def`, `async def`, `class` or decorator starts at `lineStart` (column 0). */
function startsDefinition(text: string, lineStart: number): boolean {
  return ["def ", "async def ", "class ", "@"].some((keyword) => text.startsWith(keyword, lineStart));
}

function lineStartAtOrAfter(text: string, position: number): number {
  if (position === 0 || text[position - 1] === "\n") return position;
  const newline = text.indexOf("\n", position);
  return newline === -1 ? text.length : newline + 1;
}

/** The first line start in [from, to] where a top-level definition (or its first decorator) starts. */
function firstDefinitionStart(text: string, from: number, to: number): number | undefined {
  for (
    let line = lineStartAtOrAfter(text, from);
    line <= to && line < text.length;
    line = lineStartAtOrAfter(text, line + 1)
  ) {
    if (startsDefinition(text, line)) return line;
  }
  return undefined;
}

/** The last line start in [from, to) where a top-level definition starts; a decorated one at its first decorator. */
function lastDefinitionStart(text: string, from: number, to: number): number | undefined {
  let found: number | undefined;
  let afterDecorator = false;
  for (let line = from; line < to && line < text.length; line = lineStartAtOrAfter(text, line + 1)) {
    if (startsDefinition(text, line) && !afterDecorator) found = line;
    afterDecorator = text.startsWith("@", line);
  }
  return found;
}
