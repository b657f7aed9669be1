/**
 * The part of a large document the prompt's document model is built from, so the work per suggestion request is
 * bounded whatever the file's size (parsing and outlining 1 MB took 1.9–2.3 s on the host thread, 2 MB 5–6 s).
 * A document up to `wholeDocumentChars` is used whole. A larger one becomes its head (module docstring and imports,
 * up to `headChars`) followed by the code around the cursor (`beforeCursorChars` above it, `afterCursorChars`
 * below), each cut where a top-level definition starts (the head also where its imports end), so no piece starts or
 * ends inside a function or a string (a column-0 `def`/`class`/decorator line: a cut point only, never a meaning given
 * to the code). When the code above the cursor lies inside a class that starts before it, it is cut where one of the
 * class's members starts instead, and the class's header goes before it, so a method keeps its class.
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
  /**
   * Absent when the document is used whole: the document ranges `text` is made of, in order, each of whole lines:
   * the head, the header of the class the code around the cursor lies in when it is cut inside one, that code.
   */
  pieces?: readonly DocumentRange[];
}

export interface DocumentRange {
  start: number;
  end: number;
}

/** The document line of each window line. */
export function windowLineMapper(document: string, window: DocumentWindow): (windowLine: number) => number {
  if (!window.pieces) return (line) => line;
  // the pieces are in document order: one pass counts the document's lines up to each edge
  let counted = 0;
  let countedLines = 0;
  const linesBefore = (position: number) => {
    countedLines += lineBreaks(document, counted, position);
    counted = position;
    return countedLines;
  };
  const starts: { windowLine: number; documentLine: number }[] = [];
  let windowLine = 0;
  for (const piece of window.pieces) {
    if (piece.end === piece.start) continue;
    const documentLine = linesBefore(piece.start);
    starts.push({ windowLine, documentLine });
    windowLine += linesBefore(piece.end) - documentLine;
  }
  return (line) => {
    let index = starts.length - 1;
    while (index > 0 && starts[index].windowLine > line) index--;
    return line - starts[index].windowLine + starts[index].documentLine;
  };
}

/** Line breaks in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
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
  const lookback = limits.beforeCursorChars * DEFINITION_LOOKBACK_SHARE;
  const above =
    enclosingDefinitionStart(text, cursorLineStart, lookback) ??
    enclosingMemberStart(text, cursorLineStart, lookback) ??
    cursorLineStart;
  // The cursor's own top-level definition if it starts close enough, else the nearest one after the limit.
  const earliest = Math.max(0, above - limits.beforeCursorChars);
  // Near the top of the file nothing is cut above the cursor: a cut there could only land in the module docstring
  // or the imports (doctest.py's docstring has a column-0 `def _test():`; cut there, the prompt was broken Python).
  let start = earliest === 0 ? 0 : firstDefinitionStart(text, earliest, cursorLineStart);
  let classHeader: DocumentRange | undefined;
  if (start === undefined) {
    // No top-level definition starts between the limit and the cursor: the cut falls inside one.
    const fallback = lineStartAtOrAfter(text, earliest);
    const enclosingClass = classAround(text, fallback);
    const member =
      enclosingClass && firstDefinitionStart(text, fallback, cursorLineStart, enclosingClass.memberIndentation);
    start = member ?? fallback;
    if (member !== undefined) classHeader = enclosingClass!.header;
  }
  const headEnd = Math.min(classHeader?.start ?? start, lastHeadCut(text, Math.min(limits.headChars, start)) ?? 0);
  const cursorLineEnd = lineStartAtOrAfter(text, offset);
  const below =
    firstDefinitionStart(text, cursorLineEnd, Math.min(text.length, cursorLineEnd + limits.afterCursorChars)) ??
    cursorLineEnd;
  const afterLimit = Math.min(text.length, below + limits.afterCursorChars);
  const end =
    afterLimit === text.length
      ? text.length
      : (lastDefinitionStart(text, below, afterLimit) ?? lineStartAtOrAfter(text, afterLimit));
  const pieces = [{ start: 0, end: headEnd }, ...(classHeader ? [classHeader] : []), { start, end }];
  const before = pieces.slice(0, -1).reduce((length, piece) => length + piece.end - piece.start, 0);
  return {
    text: pieces.map((piece) => text.slice(piece.start, piece.end)).join(""),
    offset: before + offset - start,
    pieces,
  };
}

/** How far above the cursor its definition's start is looked for, as a share of `beforeCursorChars`. */
const DEFINITION_LOOKBACK_SHARE = 0.25;

/** Where the top-level definition holding the line at `lineStart` starts (its first decorator), within `maxChars` above. */
function enclosingDefinitionStart(text: string, lineStart: number, maxChars: number): number | undefined {
  for (let line = lineStart; line >= 0 && lineStart - line <= maxChars; line = previousLineStart(text, line)) {
    if (!startsDefinition(text, line)) continue;
    return firstDecoratorOf(text, line, 0);
  }
  return undefined;
}

/**
 * Where the innermost definition holding the line at `lineStart` starts, within `maxChars` above: a `def` (or
 * `class`) line indented less than that line, at its first decorator. Anchors the window inside a long class.
 */
function enclosingMemberStart(text: string, lineStart: number, maxChars: number): number | undefined {
  let depth = indentationAt(text, lineStart);
  for (let line = previousLineStart(text, lineStart); line >= 0 && lineStart - line <= maxChars;) {
    const indentation = indentationAt(text, line);
    if (indentation < depth && !isBlankOrComment(text, line + indentation)) {
      if (startsDefinition(text, line + indentation)) {
        return firstDecoratorOf(text, line, indentation);
      }
      depth = indentation;
    }
    line = previousLineStart(text, line);
  }
  return undefined;
}

/** A top-level class around `lineStart` (an indented line): its header lines (decorators on) and its members' indentation. */
interface EnclosingClass {
  header: DocumentRange;
  memberIndentation: number;
}

function classAround(text: string, lineStart: number): EnclosingClass | undefined {
  if (indentationAt(text, lineStart) === 0) return undefined;
  let line = previousLineStart(text, lineStart);
  // up to the top-level statement it belongs to (a multi-line header's closing bracket line is none)
  while (line >= 0 && !STATEMENT_START.test(text[line] ?? "")) line = previousLineStart(text, line);
  if (line < 0) return undefined;
  const start = firstDecoratorOf(text, line, 0);
  while (text.startsWith("@", line)) line = lineStartAtOrAfter(text, line + 1);
  if (!text.startsWith("class ", line)) return undefined;
  let headerEnd = lineStartAtOrAfter(text, line + 1);
  // a header whose bases run over several lines ends with the line that closes its bracket
  for (let open = bracketBalance(text, line, headerEnd); open > 0 && headerEnd < lineStart;) {
    const next = lineStartAtOrAfter(text, headerEnd + 1);
    open += bracketBalance(text, headerEnd, next);
    headerEnd = next;
  }
  let body = headerEnd;
  while (body < lineStart && isBlankOrComment(text, body + indentationAt(text, body)))
    body = lineStartAtOrAfter(text, body + 1);
  return { header: { start, end: headerEnd }, memberIndentation: indentationAt(text, body) };
}

/** Where the definition at `lineStart` starts: its first decorator (decorators at `indentation`), or the line itself. */
function firstDecoratorOf(text: string, lineStart: number, indentation: number): number {
  let line = lineStart;
  for (let above = previousLineStart(text, line); above >= 0; above = previousLineStart(text, line)) {
    if (indentationAt(text, above) !== indentation || !text.startsWith("@", above + indentation)) break;
    line = above;
  }
  return line;
}

/** Spaces and tabs at the start of the line starting at `lineStart`. */
function indentationAt(text: string, lineStart: number): number {
  let at = lineStart;
  while (text[at] === " " || text[at] === "\t") at++;
  return at - lineStart;
}

/** The rest of the line from `at` is blank or a comment. */
function isBlankOrComment(text: string, at: number): boolean {
  return at >= text.length || text[at] === "\n" || text[at] === "\r" || text[at] === "#";
}

/** Opening minus closing brackets in text[from, to) (strings aside: a cut point only). */
function bracketBalance(text: string, from: number, to: number): number {
  let open = 0;
  for (let at = from; at < to; at++) {
    if ("([{".includes(text[at])) open++;
    else if (")]}".includes(text[at])) open--;
  }
  return open;
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

/**
 * The first line start in [from, to] where a definition (or its first decorator) starts at `indentation`: 0 for a
 * top-level one, a class's members' for its members.
 */
function firstDefinitionStart(text: string, from: number, to: number, indentation = 0): number | undefined {
  for (
    let line = lineStartAtOrAfter(text, from);
    line <= to && line < text.length;
    line = lineStartAtOrAfter(text, line + 1)
  ) {
    if (indentationAt(text, line) === indentation && startsDefinition(text, line + indentation)) return line;
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
