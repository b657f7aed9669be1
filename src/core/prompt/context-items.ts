import type { Node } from "web-tree-sitter";
import { DEFINITION_TYPES, IMPORT_TYPES, type PythonOutline } from "./outline";

/**
 * A piece of code outside the edited body that may go into the stable part of the prompt: an import,
 * a constant, a sibling function... Definitions have a short `stub` form (signature + docstring) that
 * is preferred when the budget is tight; everything else is all or nothing.
 */
export interface ContextItem {
  startRow: number;
  full: string[];
  stub?: string[];
  /** 0: imports and the module docstring, always first in line; 1: everything else. */
  tier: 0 | 1;
  /**
   * Rows between the item and the code being edited, measured so that typing never changes it (see
   * `editDistances`); nearer items win the budget.
   */
  distance: number;
  /** A definition below the edited code (rendered as its stub, with PEP 8's blank lines above it). */
  belowEditedCode?: boolean;
}

/** Last row a node really covers (tree-sitter ends some blocks at column 0 of the following row). */
export function lastRow(node: Node): number {
  const { row, column } = node.endPosition;
  return column === 0 && row > node.startPosition.row ? row - 1 : row;
}

export function rowsText(outline: PythonOutline, first: number, last: number): string[] {
  return outline.view.lines.slice(first, last + 1);
}

export function isDefinition(node: Node): boolean {
  return DEFINITION_TYPES.has(node.type);
}

export function isImport(node: Node): boolean {
  return IMPORT_TYPES.has(node.type);
}

/** A string literal standing alone as the first statement: the docstring of a module, class or function. */
export function docstringStatement(statements: readonly Node[]): Node | undefined {
  const first = statements[0];
  return first?.type === "expression_statement" &&
    first.namedChildCount === 1 &&
    first.firstNamedChild?.type === "string"
    ? first
    : undefined;
}

export function contextItem(outline: PythonOutline, node: Node, tier: 0 | 1, distance: number): ContextItem {
  const startRow = node.startPosition.row;
  const endRow = lastRow(node);
  return {
    startRow,
    full: rowsText(outline, startRow, endRow),
    stub: isDefinition(node) ? definitionStub(outline, node) : undefined,
    tier,
    distance,
  };
}

/**
 * Distances of the statements above and below the code being edited. Above: rows from the statement's end to
 * where the edited code starts. Below: rows from the first statement below, plus one. Neither depends on the
 * cursor's row or on how long the edited body has grown: measured from the cursor, every line typed would move
 * the items below one row farther and could reorder them against those above, which changes the context chosen
 * and so the whole KV cache after it.
 */
export function editDistances(
  below: readonly Node[],
  editStartRow: number,
): { above: (node: Node) => number; below: (node: Node) => number } {
  const firstBelowRow = below[0]?.startPosition.row ?? 0;
  return {
    above: (node) => Math.max(1, editStartRow - lastRow(node)),
    below: (node) => node.startPosition.row - firstBelowRow + 1,
  };
}

/**
 * Signature and docstring of a function; for a class, its header, docstring, one-line fields and the
 * stubs of its methods. A definition without docstring gets `...` as body so the stub stays valid Python.
 */
export function definitionStub(outline: PythonOutline, node: Node): string[] {
  const definition = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
  if (!definition) return rowsText(outline, node.startPosition.row, lastRow(node));
  const colon = definition.children.find((child) => child?.type === ":");
  const headerEnd = colon ? colon.startPosition.row : definition.startPosition.row;
  const body = (definition.childForFieldName("body")?.namedChildren ?? []).filter((n): n is Node => n !== null);
  if (body[0] && body[0].startPosition.row === headerEnd)
    return rowsText(outline, node.startPosition.row, lastRow(node)); // `def f(): return 1`
  const lines = rowsText(outline, node.startPosition.row, headerEnd);
  const docstring = docstringStatement(body);
  if (docstring) lines.push(...rowsText(outline, docstring.startPosition.row, lastRow(docstring)));
  if (definition.type === "class_definition") {
    for (const member of body) {
      if (member === docstring) continue;
      if (isDefinition(member)) lines.push(...definitionStub(outline, member));
      else if (member.type === "expression_statement" && member.startPosition.row === lastRow(member)) {
        lines.push(outline.view.lines[member.startPosition.row]); // a field such as `name: str = ""`
      }
    }
  }
  if (lines.length === headerEnd - node.startPosition.row + 1) {
    const bodyIndent = body[0]
      ? outline.rowIndent(body[0].startPosition.row)
      : outline.rowIndent(definition.startPosition.row) + outline.indentUnit;
    lines.push(`${bodyIndent}...`);
  }
  return lines;
}
