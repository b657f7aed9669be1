/**
 * The part of a large document the prompt's document model is built from, so the work per suggestion request is
 * bounded whatever the file's size (parsing and outlining 1 MB took 1.9–2.3 s on the host thread, 2 MB 5–6 s).
 * A document up to `wholeDocumentChars` is used whole. A larger one becomes its head (module docstring and imports,
 * up to `headChars`) followed by the code around the cursor (`beforeCursorChars` above it, `afterCursorChars`
 * below), each cut where a top-level definition starts (the head also where its imports end), so no piece starts or
 * ends inside a function or a string (a column-0 `def`/`class`/decorator line: a cut point only, never a meaning given
 * to the code).
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
  /** Absent when the document is used whole: `text` is its head (`headLength` characters) then its part from `start`. */
  cut?: { headLength: number; start: number };
}

/** The document line of each window line: the head's lines are the document's first ones, the rest follow `start`. */
export function windowLineMapper(document: string, window: DocumentWindow): (windowLine: number) => number {
  if (!window.cut) return (line) => line;
  const headLines = lineCount(window.text, window.cut.headLength);
  const startLine = lineCount(document, window.cut.start);
  return (line) => (line < headLines ? line : line - headLines + startLine);
}

/** Line breaks in `text` before `end`. */
function lineCount(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < end; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

export function documentWindow(
  text: string,
  offset: number,
  limits: Readonly<WindowLimits> = DEFAULT_WINDOW_LIMITS,
): DocumentWindow {
  if (text.length <= limits.wholeDocumentChars) return { text, offset };
  const cursorLineStart = text.lastIndexOf("\n", offset - 1) + 1;
  // Both limits are measured from the edges of the cursor's top-level definition, not from the cursor, so the
  // window (and the prompt's context with it) stays put while its body is typed: one that followed the cursor
  // moved its edges to another definition every few lines, and the prompt's cached prefix with them (the bench saw
  // 576 prompt tokens evaluated at one pause).
  const above =
    enclosingDefinitionStart(text, cursorLineStart, limits.beforeCursorChars * DEFINITION_LOOKBACK_SHARE) ??
    cursorLineStart;
  // The cursor's own top-level definition if it starts close enough, else the nearest one after the limit.
  const earliest = Math.max(0, above - limits.beforeCursorChars);
  // Near the top of the file nothing is cut above the cursor: a cut there could only land in the module docstring
  // or the imports (doctest.py's docstring has a column-0 `def _test():`; cut there, the prompt was broken Python).
  const start =
    earliest === 0 ? 0 : (firstDefinitionStart(text, earliest, cursorLineStart) ?? lineStartAtOrAfter(text, earliest));
  const headEnd = Math.min(start, lastHeadCut(text, Math.min(limits.headChars, start)) ?? 0);
  const cursorLineEnd = lineStartAtOrAfter(text, offset);
  const below =
    firstDefinitionStart(text, cursorLineEnd, Math.min(text.length, cursorLineEnd + limits.afterCursorChars)) ??
    cursorLineEnd;
  const afterLimit = Math.min(text.length, below + limits.afterCursorChars);
  const end =
    afterLimit === text.length
      ? text.length
      : (lastDefinitionStart(text, below, afterLimit) ?? lineStartAtOrAfter(text, afterLimit));
  const head = text.slice(0, headEnd);
  return {
    text: head + text.slice(start, end),
    offset: head.length + offset - start,
    cut: { headLength: head.length, start },
  };
}

/** How far above the cursor its definition's start is looked for, as a share of `beforeCursorChars`. */
const DEFINITION_LOOKBACK_SHARE = 0.25;

/** Where the top-level definition holding the line at `lineStart` starts (its first decorator), within `maxChars` above. */
function enclosingDefinitionStart(text: string, lineStart: number, maxChars: number): number | undefined {
  for (let line = lineStart; line >= 0 && lineStart - line <= maxChars; line = previousLineStart(text, line)) {
    if (!startsDefinition(text, line)) continue;
    while (line > 0 && text.startsWith("@", previousLineStart(text, line))) line = previousLineStart(text, line);
    return line;
  }
  return undefined;
}

/** The start of the line before the one starting at `lineStart` (-1 before the first). */
function previousLineStart(text: string, lineStart: number): number {
  return lineStart === 0 ? -1 : text.lastIndexOf("\n", lineStart - 2) + 1;
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

/**
 * Where the head ends: the last top-level definition start before `to`, or the end of the imports when they come
 * later (a module of data has no definition to cut at, and its imports are what the rest needs): the next line
 * at column 0 after an import line that is neither an import, a comment nor a closing bracket. Lines inside a
 * triple-quoted string (the module docstring's examples) are no cut.
 */
function lastHeadCut(text: string, to: number): number | undefined {
  let cut: number | undefined;
  let inImports = false;
  let afterDecorator = false;
  let openQuote: string | undefined;
  for (let line = 0; line < to && line < text.length; line = lineStartAtOrAfter(text, line + 1)) {
    const newline = text.indexOf("\n", line);
    const lineText = text.slice(line, newline === -1 ? text.length : newline);
    if (openQuote === undefined) {
      const isImport = lineText.startsWith("import ") || lineText.startsWith("from ");
      if (inImports && !isImport && STATEMENT_START.test(lineText[0] ?? "")) {
        cut = line;
        inImports = false;
      }
      if (isImport) inImports = true;
      if (startsDefinition(text, line) && !afterDecorator) cut = line;
      afterDecorator = lineText.startsWith("@");
    }
    openQuote = tripleQuoteOpenAfter(lineText, openQuote);
  }
  return cut;
}

/** The triple quote still open after `line`, given the one open before it (comments and short strings aside). */
function tripleQuoteOpenAfter(line: string, open: string | undefined): string | undefined {
  for (let at = 0; ;) {
    if (open !== undefined) {
      const close = line.indexOf(open, at);
      if (close === -1) return open;
      at = close + 3;
      open = undefined;
    } else {
      const double = line.indexOf('"""', at);
      const single = line.indexOf("'''", at);
      if (double === -1 && single === -1) return undefined;
      const next = double === -1 || (single !== -1 && single < double) ? single : double;
      open = line.slice(next, next + 3);
      at = next + 3;
    }
  }
}
/** A character that starts a top-level statement at column 0 (not blank, a comment or a closing bracket). */
const STATEMENT_START = /[^\s#)\]}]/;

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
