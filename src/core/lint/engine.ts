import type { Tree } from "web-tree-sitter";
import { loadPythonParser } from "../python/parser";
import { documentWindow, windowLineMapper } from "../python/window";
import { LintContext } from "./context";
import { allRules } from "./rules/index";
import { SyntaxTree } from "./tree";
import type { Finding, Rule, Severity, SourceRange } from "./types";

export interface LintOptions {
  /** Drop findings below this severity (default: keep all). */
  minSeverity?: Severity;
  /** Rules to run (default: all registered rules). */
  rules?: readonly Rule[];
  /** Wall-clock budget for parsing plus analysis; when spent, what was found so far is returned. */
  timeBudgetMs?: number;
  /** Longer sources are linted up to the last line that fits (keeps 10 MB files bounded). */
  maxSourceLength?: number;
  /** Where rule crashes and truncations are reported (default: console.warn). */
  log?: (message: string) => void;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };
const DEFAULT_TIME_BUDGET_MS = 3000;
const DEFAULT_MAX_SOURCE_LENGTH = 4_000_000;

const defaultLog = (message: string) => console.warn(`[phi-pair lint] ${message}`);

export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[minimum];
}

/** Lints Python source. Never throws: unparsable parts are skipped, crashing rules are logged and skipped. */
export async function lintPython(source: string, options: LintOptions = {}): Promise<Finding[]> {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  let tree: Tree | null = null;
  try {
    const text = truncate(source, options.maxSourceLength ?? DEFAULT_MAX_SOURCE_LENGTH, log);
    const parser = await loadPythonParser();
    // tree-sitter calls this periodically; returning true cancels a parse that blew the budget
    const cancelWhenLate = (() => Date.now() - started > budget) as unknown as (state: unknown) => void;
    tree = parser.parse(text, null, { progressCallback: cancelWhenLate });
    if (!tree) {
      // a cancelled parse would otherwise be resumed by the next parse() call, whatever its text
      parser.reset();
      log(`parse cancelled after ${budget} ms`);
      return [];
    }
    return lintTree(text, tree, { ...options, log, timeBudgetMs: Math.max(0, budget - (Date.now() - started)) });
  } catch (error) {
    log(`lint failed: ${describe(error)}`);
    return [];
  } finally {
    tree?.delete();
  }
}

/** Lints an already parsed tree (the caller keeps ownership of it; lint a tree as parsed, not after `tree.edit()`). */
export function lintTree(source: string, tree: Tree, options: LintOptions = {}): Finding[] {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const deadline = started + budget;
  // reading the tree may take half the budget: past that, the top-level statements read are linted with the rest
  const copyDeadline = started + budget / 2;
  const { tree: syntaxTree, complete } = SyntaxTree.copy(tree, source, () => Date.now() > copyDeadline);
  if (!complete) log("time budget half spent while reading the tree; linting the top-level statements read");
  try {
    return runRules(source, syntaxTree, deadline, options, log);
  } finally {
    syntaxTree.release();
  }
}

function runRules(
  source: string,
  syntaxTree: SyntaxTree,
  deadline: number,
  options: LintOptions,
  log: (message: string) => void,
): Finding[] {
  const context = new LintContext(source, syntaxTree, deadline, log);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // every rule runs even under a minimum severity: a rule may rate single findings above its default
  for (const rule of options.rules ?? allRules) {
    try {
      for (const finding of rule.check(context)) {
        if (options.minSeverity && !severityAtLeast(finding.severity, options.minSeverity)) continue;
        const key = `${finding.ruleId}:${finding.range.startLine}:${finding.range.startColumn}:${finding.range.endLine}:${finding.range.endColumn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(finding);
      }
    } catch (error) {
      log(`rule ${rule.meta.id} crashed: ${describe(error)}`);
    }
    if (context.outOfTime()) {
      log("time budget spent; remaining rules skipped");
      break;
    }
  }
  return findings.sort(
    (a, b) =>
      a.range.startLine - b.range.startLine ||
      a.range.startColumn - b.range.startColumn ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** Lines of the suffix at most taken to close the suggestion's block. */
const MAX_SUFFIX_LINES = 200;

/**
 * Lints a completion in its document: the suggestion is linted together with the imports and module-level
 * assignments of the prefix, the top-level statement it belongs to, and the suffix up to the next top-level statement.
 * In a large file the prefix is first cut to the prompt's window (its head and the code above the cursor), so the
 * work stays bounded on the host thread (a 1 MB module of assignments took 220 ms). Returns only findings that
 * overlap the suggestion, in document coordinates.
 */
export async function lintSuggestion(
  documentPrefix: string,
  suggestion: string,
  documentSuffix: string,
  options: LintOptions = {},
): Promise<Finding[]> {
  try {
    const window = documentWindow(documentPrefix, documentPrefix.length);
    const prefix = keepContextOfPrefix(window.text);
    const suffix = closingSuffix(documentSuffix);
    const start = endPosition(prefix.text, { line: 0, column: 0 });
    const end = endPosition(suggestion, start);
    // a suggestion cut off inside a call (`os.system(cmd`) still parses as that call once its brackets are closed
    const closers = unclosedBrackets(prefix.text + suggestion + suffix);
    const findings = await lintPython(prefix.text + suggestion + closers + suffix, { timeBudgetMs: 250, ...options });
    const onSuggestion = findings.filter((finding) => overlaps(finding.range, start, end));
    if (onSuggestion.length === 0) return [];
    const documentLines = prefix.documentLines.map(windowLineMapper(documentPrefix, window));
    return onSuggestion.map((finding) => inDocument(finding, documentLines));
  } catch (error) {
    (options.log ?? defaultLog)(`lintSuggestion failed: ${describe(error)}`);
    return [];
  }
}

interface Position {
  line: number;
  column: number;
}

function endPosition(text: string, from: Position): Position {
  const lastBreak = text.lastIndexOf("\n");
  if (lastBreak < 0) return { line: from.line, column: from.column + text.length };
  let lines = 0;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) lines++;
  return { line: from.line + lines, column: text.length - lastBreak - 1 };
}

function overlaps(range: SourceRange, start: Position, end: Position): boolean {
  const beforeEnd = range.startLine < end.line || (range.startLine === end.line && range.startColumn < end.column);
  const afterStart = range.endLine > start.line || (range.endLine === start.line && range.endColumn > start.column);
  return beforeEnd && afterStart;
}

/** A line that starts with code at column 0 (not blank, a comment or a closing bracket) starts a top-level statement. */
const TOP_LEVEL_START = /[^\s#)\]}]/y;

/** Whether the line `text[start, end)` starts a top-level statement; tested in place, without slicing the line. */
function startsTopLevelAt(text: string, start: number, end: number): boolean {
  TOP_LEVEL_START.lastIndex = start;
  return start < end && TOP_LEVEL_START.test(text);
}
const AT_SIGN = 0x40;
/** Imports and module-level assignments (constants, `app = Flask(...)`, `conn = sqlite3.connect(...)`) give names meaning. */
const KEPT_TOP_LEVEL = /^(import\s|from\s|[A-Za-z_][\w.]*\s*(:[^=]*)?=[^=])/;

/** The prefix as linted: the kept lines, and the document line each of them is. */
interface KeptPrefix {
  text: string;
  documentLines: number[];
}

/**
 * Drops every top-level statement of the prefix except imports, module-level assignments and the statement the
 * cursor is in (keeping the cursor column): linting stays proportional to the edited block, not to the document.
 * Line 0 stays (blank if dropped), so a fix inserting at the top of the file keeps its place.
 */
function keepContextOfPrefix(prefix: string): KeptPrefix {
  // line starts rather than split lines: the prefix may be most of a large file, and all but a few lines go
  const starts: number[] = [0];
  for (let index = prefix.indexOf("\n"); index >= 0; index = prefix.indexOf("\n", index + 1)) starts.push(index + 1);
  const lineCount = starts.length;
  const lineEnd = (line: number) => (line + 1 < lineCount ? starts[line + 1] - 1 : prefix.length);
  const startsTopLevel = (line: number) => startsTopLevelAt(prefix, starts[line], lineEnd(line));
  let current = lineCount - 1;
  while (current > 0 && !startsTopLevel(current)) current--;
  while (current > 0 && prefix.charCodeAt(starts[current - 1]) === AT_SIGN) current--;
  const kept: string[] = [];
  const documentLines: number[] = [];
  let keep = false;
  for (let index = 0; index < current; index++) {
    if (startsTopLevel(index)) keep = KEPT_TOP_LEVEL.test(prefix.slice(starts[index], lineEnd(index)));
    if (keep || index === 0) {
      kept.push(keep ? prefix.slice(starts[index], lineEnd(index)) : "");
      documentLines.push(index);
    }
  }
  // the cursor's statement and everything after it, whole
  kept.push(prefix.slice(starts[current]));
  for (let index = current; index < lineCount; index++) documentLines.push(index);
  return { text: kept.join("\n"), documentLines };
}

/** A finding on the linted text moved to document lines (columns are unchanged: lines are kept whole). */
function inDocument(finding: Finding, documentLines: readonly number[]): Finding {
  // lines after the prefix (the suggestion and the suffix) follow the prefix's last line one to one
  const last = documentLines.length - 1;
  const documentLine = (line: number) => (line <= last ? documentLines[line] : documentLines[last] + line - last);
  const move = (range: SourceRange): SourceRange => ({
    ...range,
    startLine: documentLine(range.startLine),
    endLine: documentLine(range.endLine),
  });
  const moved: Finding = { ...finding, range: move(finding.range) };
  if (finding.fix)
    moved.fix = { ...finding.fix, edits: finding.fix.edits.map((edit) => ({ ...edit, range: move(edit.range) })) };
  return moved;
}

/** The rest of the suggestion's line and block from the suffix, so the block parses as it will in the file. */
function closingSuffix(suffix: string): string {
  // only the first lines are needed: scan for them rather than split a suffix that may be most of a large file
  let end = suffix.indexOf("\n");
  for (let count = 1; end >= 0 && count < MAX_SUFFIX_LINES; count++) {
    const next = suffix.indexOf("\n", end + 1);
    if (startsTopLevelAt(suffix, end + 1, next < 0 ? suffix.length : next)) break;
    end = next;
  }
  return end < 0 ? suffix : suffix.slice(0, end);
}

const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** The closer of an opening bracket's char code, if it is one. */
function closerOf(code: number): string | undefined {
  return code === 0x28 ? ")" : code === 0x5b ? "]" : code === 0x7b ? "}" : undefined;
}

/**
 * Closing brackets for those left open at the end of the text, skipping strings and comments. Reads char codes:
 * this scans the whole linted text every suggestion, and must not make a string per character or quote.
 */
function unclosedBrackets(text: string): string {
  const open: string[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === HASH) {
      const end = text.indexOf("\n", index);
      index = end < 0 ? length : end;
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const triple = text.charCodeAt(index + 1) === code && text.charCodeAt(index + 2) === code;
      const quoteLength = triple ? 3 : 1;
      index += quoteLength;
      // (no closure for the closing test: one capturing `code` would make a context object every character)
      while (index < length) {
        const at = text.charCodeAt(index);
        if (at === code && (!triple || (text.charCodeAt(index + 1) === code && text.charCodeAt(index + 2) === code)))
          break;
        if (!triple && at === NEWLINE) break;
        index += at === BACKSLASH ? 2 : 1;
      }
      index += quoteLength;
    } else {
      const closer = closerOf(code);
      if (closer) open.push(closer);
      else if ((code === 0x29 || code === 0x5d || code === 0x7d) && open[open.length - 1] === text[index]) open.pop();
      index++;
    }
  }
  return open.reverse().join("");
}

function truncate(source: string, maxLength: number, log: (message: string) => void): string {
  if (source.length <= maxLength) return source;
  const cut = source.lastIndexOf("\n", maxLength);
  log(`source of ${source.length} characters linted up to character ${cut > 0 ? cut : maxLength}`);
  return source.slice(0, cut > 0 ? cut : maxLength);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
}
