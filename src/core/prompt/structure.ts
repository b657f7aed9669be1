import type { Tree } from "web-tree-sitter";
import { loadPythonParser } from "../python/parser";
import type { CursorContext } from "./cursor";
import { type DocumentView, isBlank } from "./document";
import { PythonOutline, type ScopeHeader } from "./outline";

/**
 * The stable part of the prompt is read from a second parse in which the body being edited is
 * replaced by `pass`. Half-typed code (`x = foo(`, an unclosed string) makes tree-sitter's error
 * recovery swallow the functions below it; without this, the context (and with it the KV cache)
 * would change on most keystrokes. Row numbers are kept, so rows outside the body mean the same
 * in both parses; the re-parse is incremental (only the edited region and what it disturbed).
 */
export interface Structure {
  outline: PythonOutline;
  scopes: ScopeHeader[];
  dispose(): void;
}

/** Last row of the header part that no longer changes while the body is typed (see BuiltPrompt.stablePrefixLength). */
export function coreEndRow(scope: ScopeHeader, cursorRow: number): number {
  return scope.docEndRow < cursorRow ? scope.docEndRow : scope.headerEndRow;
}

export async function parseStructure(outline: PythonOutline, cursor: CursorContext): Promise<Structure> {
  const innermost = cursor.scopes.at(-1);
  if (innermost?.kind !== "function") return { outline, scopes: cursor.scopes, dispose: () => undefined };

  const { lines } = outline.view;
  const first = coreEndRow(innermost, cursor.row) + 1;
  const headerWidth = outline.width(innermost.indent);
  let last = Math.max(first, cursor.row);
  while (
    last + 1 < lines.length &&
    (isBlank(lines[last + 1]) || outline.width(outline.rowIndent(last + 1)) > headerWidth)
  )
    last++;

  const replaced = lines.slice(first, last + 1).map((_, i) => (i === 0 ? `${innermost.bodyIndent}pass` : ""));
  const sanitizedLines = [...lines.slice(0, first), ...replaced, ...lines.slice(last + 1)];
  const text = sanitizedLines.join("\n");
  const startIndex = lines.slice(0, first).reduce((sum, line) => sum + line.length + 1, 0);
  const edited = outline.tree.copy();
  edited.edit({
    startIndex,
    oldEndIndex: startIndex + lines.slice(first, last + 1).join("\n").length,
    newEndIndex: startIndex + replaced.join("\n").length,
    startPosition: { row: first, column: 0 },
    oldEndPosition: { row: last, column: lines[last].length },
    newEndPosition: { row: last, column: replaced[replaced.length - 1].length },
  });
  let tree: Tree | null;
  try {
    tree = (await loadPythonParser()).parse(text, edited);
  } finally {
    edited.delete();
  }
  if (!tree) throw new Error("tree-sitter returned no tree");
  const view: DocumentView = { ...outline.view, text, lines: sanitizedLines };
  const structure = new PythonOutline(view, tree);
  const scopes = structure.enclosingScopes(cursor.statementRow, outline.width(cursor.scopeIndent));
  return { outline: structure, scopes, dispose: () => tree.delete() };
}
