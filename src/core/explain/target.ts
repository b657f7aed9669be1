import type { Node } from "web-tree-sitter";
import type { SourceRange } from "../lint/types";
import { parsePython } from "../python/parser";

export type TargetKind = "selection" | "function" | "class";

/** The code an explanation is about, as a span of its document. */
export interface ExplainTarget {
  kind: TargetKind;
  /** The function's or class's name (absent for a selection). */
  name?: string;
  /** The code, exactly as in the document. */
  code: string;
  /** UTF-16 offsets of the span in the document, end exclusive. */
  startOffset: number;
  endOffset: number;
  /** Zero-based line and UTF-16 column of the span's start and (exclusive) end. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

const DEFINITIONS = new Set(["function_definition", "class_definition"]);

/**
 * What to explain: the selection, or, with nothing selected, the innermost function or class around the
 * cursor (with its decorators). Either starts at its line's start when only indentation precedes it.
 * Undefined when there is nothing to explain.
 */
export async function findExplainTarget(
  source: string,
  selectionStart: number,
  selectionEnd: number,
): Promise<ExplainTarget | undefined> {
  if (source.slice(selectionStart, selectionEnd).trim() !== "") {
    const end = source.slice(selectionStart, selectionEnd).trimEnd().length + selectionStart;
    return span(source, "selection", undefined, selectionStart, end);
  }
  const tree = await parsePython(source);
  try {
    // At the end of a function's last line the cursor sits just past its node: look at the character before too.
    const node =
      definitionAround(tree.rootNode.descendantForIndex(selectionStart)) ??
      (selectionStart > 0 ? definitionAround(tree.rootNode.descendantForIndex(selectionStart - 1)) : undefined);
    if (!node) return undefined;
    const name = node.childForFieldName("name")?.text;
    const kind: TargetKind = node.type === "class_definition" ? "class" : "function";
    const outer = node.parent?.type === "decorated_definition" ? node.parent : node;
    return span(source, kind, name, outer.startIndex, outer.endIndex);
  } finally {
    tree.delete();
  }
}

function definitionAround(start: Node | null): Node | undefined {
  let node = start;
  while (node && !DEFINITIONS.has(node.type)) node = node.parent;
  return node ?? undefined;
}

/** The span from `spanStart` (or from its line's start, when only indentation precedes it: the code keeps its shape). */
function span(
  source: string,
  kind: TargetKind,
  name: string | undefined,
  spanStart: number,
  end: number,
): ExplainTarget {
  const lineStart = source.lastIndexOf("\n", spanStart - 1) + 1;
  const start = source.slice(lineStart, spanStart).trim() === "" ? lineStart : spanStart;
  const from = positionAt(source, start);
  const to = positionAt(source, end);
  return {
    kind,
    name,
    code: source.slice(start, end),
    startOffset: start,
    endOffset: end,
    startLine: from.line,
    startColumn: from.column,
    endLine: to.line,
    endColumn: to.column,
  };
}

function positionAt(source: string, offset: number): { line: number; column: number } {
  let line = 0;
  for (let index = source.indexOf("\n"); index >= 0 && index < offset; index = source.indexOf("\n", index + 1)) line++;
  return { line, column: offset - (source.lastIndexOf("\n", offset - 1) + 1) };
}

/** Whether a lint finding (document coordinates) overlaps the target. */
export function overlapsTarget(range: SourceRange, target: ExplainTarget): boolean {
  const beforeEnd =
    range.startLine < target.endLine || (range.startLine === target.endLine && range.startColumn < target.endColumn);
  const afterStart =
    range.endLine > target.startLine || (range.endLine === target.startLine && range.endColumn > target.startColumn);
  return beforeEnd && afterStart;
}
