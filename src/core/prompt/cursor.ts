import type { CompletionMode } from "./types";
import { isBlank } from "./document";
import type { PythonOutline, ScopeHeader } from "./outline";

/** Everything the prompt builder and the postprocessor need to know about the cursor. */
export interface CursorContext {
  row: number;
  linePrefix: string;
  lineSuffix: string;
  /** The cursor line holds nothing but whitespace before the cursor. */
  onBlankPrefix: boolean;
  mode: CompletionMode;
  /** Absolute indentation the next new line should get (see BuiltPrompt.indent). */
  indent: string;
  stripFromCompletion: string;
  /** First row of the statement holding the cursor (above the cursor row in continuation lines). */
  statementRow: number;
  /** Indentation that places the cursor's statement in its blocks. */
  scopeIndent: string;
  /** Enclosing `def`/`class` headers, outermost first. */
  scopes: ScopeHeader[];
}

export function analyzeCursor(outline: PythonOutline): CursorContext {
  const { view } = outline;
  const line = view.lines[view.row] ?? "";
  const linePrefix = line.slice(0, view.column);
  const lineSuffix = line.slice(view.column);
  const onBlankPrefix = isBlank(linePrefix);
  const statementRow = outline.statementStartRow(view.row);
  const previousRow = outline.previousLogicalRow(statementRow);

  const inContinuation = statementRow !== view.row;
  let indent: string;
  if (isBlank(line) && !inContinuation) {
    // An editor may leave the cursor at column 0 under `if x:` or under the docstring of a def that has
    // no code yet; the code still belongs inside that block.
    const expected = previousRow === undefined ? undefined : expectedIndentBelow(outline, previousRow);
    indent = expected !== undefined && outline.width(linePrefix) < outline.width(expected) ? expected : linePrefix;
  } else {
    indent = isBlank(line) ? linePrefix : outline.rowIndent(statementRow);
  }
  // Inside brackets or a multi-line string the enclosing blocks are those of the statement's first row.
  const scopeIndent = inContinuation ? outline.rowIndent(statementRow) : indent;

  let mode: CompletionMode = "single-line";
  let nextLineIndent = indent;
  if (!isInsideString(outline) && isBlank(lineSuffix)) {
    if (onBlankPrefix) mode = "multi-line";
    else if (outline.opensBlock(view.row)) {
      mode = "multi-line"; // right after `if x:` the answer is the block, starting on the next line
      nextLineIndent = outline.rowIndent(statementRow) + outline.indentUnit;
    }
  }

  return {
    row: view.row,
    linePrefix,
    lineSuffix,
    onBlankPrefix,
    mode,
    indent: nextLineIndent,
    stripFromCompletion: onBlankPrefix ? linePrefix : linePrefix.slice(linePrefix.trimEnd().length),
    statementRow,
    scopeIndent,
    scopes: outline.enclosingScopes(statementRow, outline.width(scopeIndent)),
  };
}

/** Indentation a new line below `row` must have, when the code above forces it. */
function expectedIndentBelow(outline: PythonOutline, row: number): string | undefined {
  if (outline.opensBlock(row)) return outline.rowIndent(row) + outline.indentUnit;
  const literal = outline.firstLeaf(row)?.type === "string_start" ? outline.firstLeaf(row)?.parent : undefined;
  const statement = literal?.parent;
  const block = statement?.type === "expression_statement" ? statement.parent : undefined;
  if (block?.type !== "block" || block.parent?.type !== "function_definition" || !statement) return undefined;
  // No code yet: the body holds the docstring and at most imports before it (HumanEval/115: `import math` above
  // the docstring).
  const noCodeYet = block.namedChildren.every(
    (child) => child?.id === statement.id || (child && BODY_PREAMBLE_TYPES.has(child.type)),
  );
  return noCodeYet ? outline.rowIndent(row) : undefined;
}

/** Statements a function body may hold before its first line of code. */
const BODY_PREAMBLE_TYPES = new Set(["import_statement", "import_from_statement", "comment"]);

/** The cursor sits strictly inside a string literal (a docstring being written, a message). */
function isInsideString(outline: PythonOutline): boolean {
  const { offset } = outline.view;
  for (let node = outline.tree.rootNode.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === "string") return node.startIndex < offset && offset < node.endIndex;
  }
  return false;
}
