import type { Node, Tree } from "web-tree-sitter";
import { parsePython } from "../python/parser";
import { documentWindow } from "../python/window";
import type { DocumentTrees } from "./documentTrees";

/** What the cursor is in, as far as automatic suggestions care. */
export type CursorSyntax = "code" | "comment" | "string" | "docstring";

const DEFINITIONS = new Set(["function_definition", "class_definition"]);

/** cursorSyntaxIn() on a fresh parse of `text` (one-off callers and tests; the extension keeps DocumentTrees). */
export async function cursorSyntax(text: string, offset: number): Promise<CursorSyntax> {
  const tree = await parsePython(text);
  try {
    return cursorSyntaxIn(tree, text, offset);
  } finally {
    tree.delete();
  }
}

/**
 * The cursor's syntax on every automatic request (the extension's path): the text up to the end of the cursor line
 * (see cursorSyntaxIn), cut to the prompt's window in a large file, parsed incrementally from the document's last
 * tree. The window's cuts are where top-level definitions start, which no comment or string spans (short of a
 * string holding a column-0 `def` line); without it an incremental parse still read the whole text: 40 ms a
 * keystroke at 1 MB, 330 ms at 10 MB.
 */
export function documentCursorSyntax(
  trees: DocumentTrees,
  documentId: string,
  textThroughCursorLine: string,
  offset: number,
): Promise<CursorSyntax> {
  const window = documentWindow(textThroughCursorLine, offset);
  return trees.withTree(documentId, window.text, (tree) => cursorSyntaxIn(tree, window.text, window.offset));
}

/**
 * Classifies the cursor position of a Python document from its tree-sitter tree. A docstring (the first statement
 * of a module, class or function) is "docstring": what is written there is the prompt for the body. Inside an
 * f-string's `{…}` the cursor is in code. A string not closed yet (being typed) counts as a string up to the end of
 * its line, or to the end of the file for a triple-quoted one.
 *
 * The text up to the end of the cursor line is enough (the extension parses only that): nothing after it can make
 * the cursor's place a comment or a string, a string closed further down reads as an unclosed one, and a syntax
 * error further down then costs no re-parse.
 */
export function cursorSyntaxIn(tree: Tree, text: string, offset: number): CursorSyntax {
  const root = tree.rootNode;
  // A comment runs to the end of its line; the cursor at its very end is still in it.
  const before = offset > 0 ? root.descendantForIndex(offset - 1) : undefined;
  if (before?.type === "comment" && before.startIndex < offset && offset <= before.endIndex) return "comment";
  for (let node: Node | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (!(node.startIndex < offset && offset < node.endIndex)) continue;
    if (node.type === "interpolation") return "code";
    if (node.type === "string") return isDocstring(node) ? "docstring" : "string";
  }
  return unterminatedString(tree, text, offset);
}

/** The string is the first statement of a module, class or function body (comments do not count). */
function isDocstring(string: Node): boolean {
  const literal = string.parent?.type === "concatenated_string" ? string.parent : string;
  const statement = literal.parent;
  if (statement?.type !== "expression_statement" || statement.namedChildCount !== 1) return false;
  const body = statement.parent;
  const inDefinition = body?.type === "block" && DEFINITIONS.has(body.parent?.type ?? "");
  return (inDefinition || body?.type === "module") && firstStatement(body)?.id === statement.id;
}

function firstStatement(body: Node): Node | undefined {
  return body.namedChildren.find((child): child is Node => child !== null && child.type !== "comment");
}

/**
 * tree-sitter parses an unclosed quote as an ERROR holding a lone `string_start` token, then reads on as code.
 * The last such token before the cursor opens the string the cursor is in: on its line, or anywhere below when
 * triple-quoted. Right after a def/class header (or first in the module) a triple-quoted one is a docstring.
 */
function unterminatedString(tree: Tree, text: string, offset: number): CursorSyntax {
  if (!tree.rootNode.hasError) return "code"; // every quote is closed
  // ERROR nodes are few, string tokens many: look for the lone quotes among the errors' children only.
  const opening = tree.rootNode
    .descendantsOfType("ERROR")
    .filter((error): error is Node => error !== null && error.startIndex < offset)
    .flatMap((error) =>
      error.children.filter((token): token is Node => token?.type === "string_start" && token.endIndex <= offset),
    )
    .sort((a, b) => a.startIndex - b.startIndex)
    .at(-1);
  if (!opening) return "code";
  const tripleQuoted = opening.text.endsWith('"""') || opening.text.endsWith("'''");
  if (!tripleQuoted) return text.slice(opening.endIndex, offset).includes("\n") ? "code" : "string";
  const error = opening.parent!;
  const opensError = error.startIndex === opening.startIndex;
  const afterHeader = DEFINITIONS.has(error.parent?.type ?? "");
  const firstInModule = error.parent?.type === "module" && firstStatement(error.parent)?.id === error.id;
  return opensError && (afterHeader || firstInModule) ? "docstring" : "string";
}
