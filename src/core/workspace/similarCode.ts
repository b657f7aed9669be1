/**
 * Similar code from the files the user works in (open or recently edited): the windows of those files whose
 * identifiers best match the code above the function being written, as Copilot's neighbouring-file snippets
 * do (Jaccard similarity over identifier sets). They show the model how the project's own names are used
 * (`app.session_interface.open_session(...)`), which stubs of imported definitions cannot.
 */

/** A file the user has open or edited recently: its workspace-relative path and current text. */
export interface NeighbourFile {
  file: string;
  text: string;
  /** Changes whenever `text` does (a document version): what the prompt's caches key on. */
  version: number;
}

export interface SimilarWindow {
  file: string;
  /** Zero-based row of the window's first line. */
  startRow: number;
  lines: string[];
  /** Per line, the query's names it holds. */
  matches: string[][];
  score: number;
}

/** Lines per candidate window. */
export const WINDOW_LINES = 20;
/** Lines above the code being written that make the query. */
export const QUERY_LINES = 20;
/** Windows shown at most, and the least similarity worth a window's tokens. */
const MAX_WINDOWS = 2;
const MIN_SIMILARITY = 0.08;
/** Neighbours larger than this are skipped, as the index skips them (generated code, data). */
const MAX_NEIGHBOUR_CHARS = 512 * 1024;
/** Candidate files' lines and their identifiers remembered (by path, recomputed when the text changes). */
const LINE_CACHE_SIZE = 64;

/** Identifiers, keywords left out: they say nothing of what the code is about. */
export function identifierSet(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(IDENTIFIER)) if (!KEYWORDS.has(match[0])) names.add(match[0]);
  return names;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from " +
    "global if import in is lambda nonlocal not or pass raise return try while with yield self cls"
  ).split(" "),
);

interface FileLines {
  text: string;
  lines: string[];
  /** Per line, its identifiers. */
  names: string[][];
}

const lineCache = new Map<string, FileLines>();

function linesOf(neighbour: NeighbourFile): FileLines {
  const cached = lineCache.get(neighbour.file);
  if (cached?.text === neighbour.text) return cached;
  const lines = neighbour.text.split(/\r?\n/);
  const computed = { text: neighbour.text, lines, names: lines.map((line) => [...identifierSet(line)]) };
  lineCache.delete(neighbour.file);
  if (lineCache.size >= LINE_CACHE_SIZE) lineCache.delete(lineCache.keys().next().value!);
  lineCache.set(neighbour.file, computed);
  return computed;
}

/**
 * Jaccard similarity of the query with every window of WINDOW_LINES lines (every start row, as Copilot
 * slides its windows), counted incrementally: each row's names enter and leave the window once.
 */
function windowScores(
  file: FileLines,
  queryNames: ReadonlySet<string>,
): { startRow: number; score: number; matchedRows: number }[] {
  const inWindow = new Map<string, number>();
  let shared = 0;
  let matchedRows = 0;
  const matches = (row: number) => file.names[row].some((name) => queryNames.has(name));
  const enter = (row: number) => {
    if (matches(row)) matchedRows++;
    for (const name of file.names[row]) {
      const count = inWindow.get(name) ?? 0;
      inWindow.set(name, count + 1);
      if (count === 0 && queryNames.has(name)) shared++;
    }
  };
  const leave = (row: number) => {
    if (matches(row)) matchedRows--;
    for (const name of file.names[row]) {
      const count = inWindow.get(name)!;
      if (count === 1) {
        inWindow.delete(name);
        if (queryNames.has(name)) shared--;
      } else inWindow.set(name, count - 1);
    }
  };
  const scores: { startRow: number; score: number; matchedRows: number }[] = [];
  const size = Math.min(WINDOW_LINES, file.lines.length);
  for (let row = 0; row < size; row++) enter(row);
  for (let start = 0; start + size <= file.lines.length; start++) {
    if (start > 0) {
      leave(start - 1);
      enter(start + size - 1);
    }
    if (shared > 0)
      scores.push({ startRow: start, score: shared / (queryNames.size + inWindow.size - shared), matchedRows });
  }
  return scores;
}

/**
 * The best-matching, non-overlapping windows of the neighbours (never `currentFile`), best first; ties go to
 * the window with more matching lines, the earlier file in `neighbours`, then the earlier window, so the same
 * inputs give the same windows.
 */
export function similarWindows(
  query: string,
  neighbours: readonly NeighbourFile[],
  currentFile: string,
  maxWindows = MAX_WINDOWS,
): SimilarWindow[] {
  const queryNames = identifierSet(query);
  if (queryNames.size === 0) return [];
  const scored: {
    file: string;
    fileLines: FileLines;
    startRow: number;
    score: number;
    matchedRows: number;
    order: number;
  }[] = [];
  let order = 0;
  for (const neighbour of neighbours) {
    if (neighbour.file === currentFile || neighbour.text.length > MAX_NEIGHBOUR_CHARS) continue;
    const fileLines = linesOf(neighbour);
    for (const window of windowScores(fileLines, queryNames))
      if (window.score >= MIN_SIMILARITY) scored.push({ file: neighbour.file, fileLines, ...window, order: order++ });
  }
  // Equal similarity: the window where more lines use the query's names shows more of how they are used.
  scored.sort((a, b) => b.score - a.score || b.matchedRows - a.matchedRows || a.order - b.order);
  const chosen: SimilarWindow[] = [];
  for (const candidate of scored) {
    if (chosen.length >= maxWindows) break;
    const span = matchedSpan(candidate.fileLines, candidate.startRow, queryNames);
    const overlaps = chosen.some(
      (window) =>
        window.file === candidate.file &&
        span.startRow < window.startRow + window.lines.length &&
        window.startRow < span.startRow + span.lines.length,
    );
    if (!overlaps) chosen.push({ file: candidate.file, ...span, score: candidate.score });
  }
  return chosen;
}

/**
 * The window's rows from the first to the last that shares a name with the query (its edges add tokens, not
 * matches), then on to the end of the block the last one is in (rows indented deeper than the first row),
 * within WINDOW_LINES: Jaccard favours windows that stop before a block's last lines bring new names.
 */
function matchedSpan(
  file: FileLines,
  startRow: number,
  queryNames: ReadonlySet<string>,
): { startRow: number; lines: string[]; matches: string[][] } {
  const matching = (row: number) => file.names[row].some((name) => queryNames.has(name));
  let first = startRow;
  let last = Math.min(file.lines.length, startRow + WINDOW_LINES) - 1;
  while (first < last && !matching(first)) first++;
  while (last > first && !matching(last)) last--;
  const indent = indentOf(file.lines[first]);
  for (let row = last + 1; row < file.lines.length && row - first < WINDOW_LINES; row++) {
    const line = file.lines[row];
    if (line.trim() !== "" && indentOf(line) <= indent) break;
    if (line.trim() !== "") last = row;
  }
  const rows = file.names.slice(first, last + 1);
  return {
    startRow: first,
    lines: file.lines.slice(first, last + 1),
    matches: rows.map((names) => names.filter((name) => queryNames.has(name))),
  };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Fewest of the query's names, and of lines, a shown part of a window must hold: less shows no usage. */
const MIN_SHOWN_NAMES = 2;
const MIN_SHOWN_LINES = 3;

/**
 * The windows as code under `# file:` headers, best first, within `maxTokens`. A window that does not fit whole
 * shows its part holding the most of the query's names that fits, the longest of those (at least
 * MIN_SHOWN_NAMES names on MIN_SHOWN_LINES lines).
 */
export function renderSimilarCode(
  windows: readonly SimilarWindow[],
  maxTokens: number,
  countTokens: (text: string) => number,
): string {
  let block = "";
  for (const window of windows) {
    const header = `# file: ${window.file}\n`;
    const left = maxTokens - (block === "" ? 0 : countTokens(block) + 1) - countTokens(header);
    let lines = bestPart(window, left, countTokens);
    // Per-line counts ignore merges across line breaks: the real count decides, dropping last lines.
    while (lines.length > 0) {
      const section = `${header}${lines.join("\n")}\n`;
      const candidate = block === "" ? section : `${block}\n${section}`;
      if (countTokens(candidate) <= maxTokens) {
        block = candidate;
        break;
      }
      lines = lines.slice(0, -1);
    }
  }
  return block;
}

function bestPart(window: SimilarWindow, budget: number, countTokens: (text: string) => number): string[] {
  const costs = window.lines.map((line) => countTokens(line) + 1);
  let best: { start: number; end: number; names: number } | undefined;
  for (let start = 0; start < window.lines.length; start++) {
    if (window.matches[start].length === 0) continue;
    const names = new Set<string>();
    let tokens = 0;
    for (let end = start; end < window.lines.length; end++) {
      tokens += costs[end];
      if (tokens > budget) break;
      for (const name of window.matches[end]) names.add(name);
      if (window.matches[end].length === 0 || names.size < MIN_SHOWN_NAMES || end - start + 1 < MIN_SHOWN_LINES)
        continue;
      const longer = best !== undefined && names.size === best.names && end - start > best.end - best.start;
      if (!best || names.size > best.names || longer) best = { start, end, names: names.size };
    }
  }
  return best ? window.lines.slice(best.start, best.end + 1) : [];
}
