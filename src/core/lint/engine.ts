import type { Node, Parser, Tree } from "web-tree-sitter";
import { editBetween } from "../controls/documentTrees";
import { loadPythonParser } from "../python/parser";
import { documentWindow, windowLineMapper } from "../python/window";
import { LintContext } from "./context";
import { allRules } from "./rules/index";
import { rangesOverlap } from "./syntax";
import { type PreviousCopy, SyntaxTree } from "./tree";
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
  /**
   * Report only findings overlapping this range of the source (rules may skip the work for the rest of the file:
   * `RuleContext.focus`). lintSuggestion sets it to the suggestion.
   */
  focus?: SourceRange;
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
  return lintSource(source, options, false);
}

/**
 * The tree of the last text lintSuggestion linted, and its copy: the next suggestion's text is parsed incrementally
 * from the tree (one edit between the two texts, `editBetween`), and its copy takes the top-level statements that
 * did not change from the last copy, since consecutive suggestions mostly share their document.
 */
let lastSuggestionParse: { text: string; tree: Tree; copy: SyntaxTree } | undefined;

async function lintSource(source: string, options: LintOptions, reuseLastTree: boolean): Promise<Finding[]> {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  let tree: Tree | null = null;
  try {
    const text = truncate(source, options.maxSourceLength ?? DEFAULT_MAX_SOURCE_LENGTH, log);
    const parser = await loadPythonParser();
    // tree-sitter calls this periodically; returning true cancels a parse that blew the budget
    const cancelWhenLate = (() => Date.now() - started > budget) as unknown as (state: unknown) => void;
    // from here on nothing awaits: no other lint can take or replace the last suggestion's tree in between
    const previous = reuseLastTree ? lastSuggestionParse : undefined;
    if (previous) lastSuggestionParse = undefined;
    let previousCopy: PreviousCopy | undefined = previous && { tree: previous.copy, changedRanges: [] };
    if (previous?.text === text) tree = previous.tree;
    else {
      const edit = previous && editBetween(previous.text, text);
      if (edit) previous.tree.edit(edit);
      try {
        tree = parser.parse(text, previous?.tree ?? null, { progressCallback: cancelWhenLate });
        if (previous && tree)
          previousCopy = { tree: previous.copy, edit, changedRanges: tree.getChangedRanges(previous.tree) };
      } finally {
        previous?.tree.delete();
      }
    }
    if (!tree) {
      previous?.copy.release();
      // a cancelled parse would otherwise be resumed by the next parse() call, whatever its text
      parser.reset();
      log(`parse cancelled after ${budget} ms`);
      return [];
    }
    const treeOptions = { ...options, log, timeBudgetMs: Math.max(0, budget - (Date.now() - started)) };
    const { copy, deadline } = copyTree(text, tree, treeOptions, previousCopy);
    previous?.copy.release();
    const findings = runRules(text, copy, deadline, treeOptions, log);
    if (!reuseLastTree) {
      copy.release();
      const remaining = { ...treeOptions, timeBudgetMs: budget - (Date.now() - started) };
      if (remaining.timeBudgetMs > 0) findings.push(...lintAfterOpeningTail(text, tree, parser, remaining, findings));
    } else {
      lastSuggestionParse = { text, tree, copy };
      tree = null;
    }
    return findings;
  } catch (error) {
    log(`lint failed: ${describe(error)}`);
    return [];
  } finally {
    tree?.delete();
  }
}

/**
 * Code that opens inside a construct it does not show (an excerpt or paste starting in a docstring, a dict literal
 * or a call's arguments, indented deeper than the `def` that follows) makes tree-sitter wrap what follows in an
 * error or a string; one that opens in the tail of a block (`raise …` deeper than what follows) parses, but as a
 * module that ends there, leaving the rest unreachable. Linted once more with those opening lines blanked, when
 * that parses better (fewer errors, or as many but from a later line on; for the block's tail, cleanly): the
 * findings the first lint missed.
 */
function lintAfterOpeningTail(
  text: string,
  tree: Tree,
  parser: Parser,
  options: LintOptions,
  found: readonly Finding[],
): Finding[] {
  let candidates: string[];
  let bestQuality: ParseQuality;
  if (tree.rootNode.hasError) {
    bestQuality = parseQuality(tree);
    candidates = openingTailCandidates(text.split("\n"), bestQuality.firstErrorRow);
  } else {
    // a clean parse hides code only when it opens deeper than what follows and those opening lines end the flow
    const first = tree.rootNode.firstNamedChild;
    if (!first || first.startPosition.column === 0) return [];
    const lines = text.split("\n");
    const deeper = deeperOpeningRows(lines) ?? 0;
    let endsFlow = false;
    for (let node: Node | null = first; node && node.endPosition.row < deeper; node = node.nextNamedSibling)
      endsFlow ||= FLOW_ENDING_STATEMENTS.has(node.type);
    candidates = endsFlow ? [blankRows(lines, deeper).join("\n")] : [];
    bestQuality = { errors: 1, firstErrorRow: Infinity }; // only a clean parse of the candidate is better
  }
  if (candidates.length === 0) return [];
  const deadline = Date.now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const cancelWhenLate = (() => Date.now() > deadline) as unknown as (state: unknown) => void;
  let best: { text: string; tree: Tree } | undefined;
  for (const candidate of candidates) {
    const retried = parser.parse(candidate, null, { progressCallback: cancelWhenLate });
    if (!retried) {
      parser.reset(); // out of time: a cancelled parse would be resumed by the next one
      break;
    }
    const quality = parseQuality(retried);
    if (
      quality.errors < bestQuality.errors ||
      (quality.errors === bestQuality.errors && quality.firstErrorRow > bestQuality.firstErrorRow)
    ) {
      best?.tree.delete();
      best = { text: candidate, tree: retried };
      bestQuality = quality;
    } else retried.delete();
  }
  if (!best) return [];
  try {
    const already = new Set(found.map(findingKey));
    return lintTree(best.text, best.tree, options).filter((finding) => !already.has(findingKey(finding)));
  } finally {
    best.tree.delete();
  }
}

/**
 * The text with the lines of a construct it may open inside blanked (offsets kept), fewest lines blanked first:
 * those before the first line at its least indentation, when it opens deeper; a docstring it starts in (up to its
 * first triple quote, when the parse fails there already); and that with what then still opens deeper.
 */
function openingTailCandidates(lines: readonly string[], firstErrorRow: number): string[] {
  const counts = new Set<number>();
  const deeper = deeperOpeningRows(lines);
  if (deeper !== undefined) counts.add(deeper);
  const quoteRow = lines.findIndex((line) => line.includes('"""') || line.includes("'''"));
  if (quoteRow >= 0 && firstErrorRow <= quoteRow) {
    counts.add(quoteRow + 1);
    const deeperAfterString = deeperOpeningRows(blankRows(lines, quoteRow + 1));
    if (deeperAfterString !== undefined) counts.add(deeperAfterString);
  }
  return [...counts].sort((a, b) => a - b).map((count) => blankRows(lines, count).join("\n"));
}

/** How many opening lines lie before the first one at the least indentation, when the first line is deeper. */
function deeperOpeningRows(lines: readonly string[]): number | undefined {
  const indents = lines.map((line) => (line.trim() === "" ? undefined : line.length - line.trimStart().length));
  const first = indents.find((indent) => indent !== undefined);
  const least = indents.reduce<number>((min, indent) => (indent === undefined ? min : Math.min(min, indent)), Infinity);
  return first === undefined || first === least ? undefined : indents.indexOf(least);
}

/** Statements after which a module's code would be unreachable. */
const FLOW_ENDING_STATEMENTS = new Set([
  "raise_statement",
  "return_statement",
  "continue_statement",
  "break_statement",
]);

function blankRows(lines: readonly string[], count: number): string[] {
  return lines.map((line, row) => (row < count ? " ".repeat(line.length) : line));
}

function findingKey(finding: Finding): string {
  const { startLine, startColumn, endLine, endColumn } = finding.range;
  return `${finding.ruleId}@${startLine}:${startColumn}-${endLine}:${endColumn}`;
}

/**
 * How well a text parsed: errors 0 for a clean parse, else 1 + its error nodes (a parse can fail with no ERROR node,
 * by a MISSING one); the row of its first error node (0 when it has none but failed, Infinity when clean).
 */
interface ParseQuality {
  errors: number;
  firstErrorRow: number;
}

function parseQuality(tree: Tree): ParseQuality {
  if (!tree.rootNode.hasError) return { errors: 0, firstErrorRow: Infinity };
  const errorNodes = tree.rootNode.descendantsOfType("ERROR");
  return { errors: 1 + errorNodes.length, firstErrorRow: errorNodes[0]?.startPosition.row ?? 0 };
}

/** Lints an already parsed tree (the caller keeps ownership of it; lint a tree as parsed, not after `tree.edit()`). */
export function lintTree(source: string, tree: Tree, options: LintOptions = {}): Finding[] {
  const { copy, deadline } = copyTree(source, tree, options);
  try {
    return runRules(source, copy, deadline, options, options.log ?? defaultLog);
  } finally {
    copy.release();
  }
}

/**
 * The tree's copy and the lint's deadline: reading the tree may take half the budget, past that the top-level
 * statements read are linted.
 */
function copyTree(
  source: string,
  tree: Tree,
  options: LintOptions,
  previous?: PreviousCopy,
): { copy: SyntaxTree; deadline: number } {
  const started = Date.now();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const copyDeadline = started + budget / 2;
  const { tree: copy, complete } = SyntaxTree.copy(tree, source, () => Date.now() > copyDeadline, previous);
  if (!complete)
    (options.log ?? defaultLog)("time budget half spent while reading the tree; linting the top-level statements read");
  return { copy, deadline: started + budget };
}

function runRules(
  source: string,
  syntaxTree: SyntaxTree,
  deadline: number,
  options: LintOptions,
  log: (message: string) => void,
): Finding[] {
  const context = new LintContext(source, syntaxTree, deadline, log, options.focus);
  const focus = options.focus;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // every rule runs even under a minimum severity: a rule may rate single findings above its default
  for (const rule of options.rules ?? allRules) {
    try {
      for (const finding of rule.check(context)) {
        if (options.minSeverity && !severityAtLeast(finding.severity, options.minSeverity)) continue;
        if (focus && !rangesOverlap(finding.range, focus)) continue;
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

/**
 * Lints a completion as the document it makes: the document's text with the suggestion at the cursor (and the
 * brackets a cut-off suggestion leaves open closed after it), every definition included, so validators, return
 * summaries and callers above or below the cursor count as they do when the document is linted. A document over
 * the prompt's window size is first cut to that window (its head and the code around the cursor: `documentWindow`),
 * so the work stays bounded on the host thread (a 1 MB module of assignments took 220 ms). Only findings that
 * overlap the suggestion are reported (the rules skip the sinks outside it), in document coordinates: the lines of
 * the document once the suggestion is inserted.
 */
export async function lintSuggestion(
  documentPrefix: string,
  suggestion: string,
  documentSuffix: string,
  options: LintOptions = {},
): Promise<Finding[]> {
  try {
    const document = documentPrefix + documentSuffix;
    const window = documentWindow(document, documentPrefix.length);
    const before = window.text.slice(0, window.offset);
    const after = window.text.slice(window.offset);
    const start = endPosition(before, { line: 0, column: 0 });
    const end = endPosition(suggestion, start);
    // a suggestion cut off inside a call (`os.system(cmd`) still parses as that call once its brackets are closed
    const closers = unclosedBrackets(before + suggestion + after);
    const focus = { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
    const text = before + suggestion + closers + after;
    const findings = await lintSource(text, { timeBudgetMs: 250, ...options, focus }, true);
    if (findings.length === 0) return [];
    const documentLine = suggestionLineMapper(windowLineMapper(document, window), start.line, end.line - start.line);
    return findings.map((finding) => inDocument(finding, documentLine));
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

/**
 * The document line (the suggestion inserted) of each linted line: above the cursor's line, the window's line; the
 * suggestion's lines follow the cursor's; below them, the window's line shifted by the suggestion's line breaks.
 */
function suggestionLineMapper(
  windowLine: (line: number) => number,
  cursorLine: number,
  suggestionBreaks: number,
): (line: number) => number {
  const cursorDocumentLine = windowLine(cursorLine);
  return (line) =>
    line < cursorLine
      ? windowLine(line)
      : line <= cursorLine + suggestionBreaks
        ? cursorDocumentLine + line - cursorLine
        : windowLine(line - suggestionBreaks) + suggestionBreaks;
}

/** A finding on the linted text moved to document lines (columns are unchanged: lines are kept whole). */
function inDocument(finding: Finding, documentLine: (line: number) => number): Finding {
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
