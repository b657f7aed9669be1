import type { Node, Tree } from "web-tree-sitter";
import { type DocumentView, indentWidth, isBlank, leadingWhitespace, tabSizeFor } from "./document";

/**
 * Python structure around the cursor, read from the tree-sitter tree.
 *
 * Python blocks are defined by indentation, and tree-sitter's error recovery can lose a block's extent
 * while the user is typing (an unfinished line, a trailing blank line). So the enclosing scopes are found
 * the way the interpreter would: walk up the logical lines above the cursor to ever smaller indentation.
 * The tree decides what each of those lines is (a `def`, a `class`, a block opener, a continuation line
 * inside brackets or a multi-line string).
 */

/** Nodes whose inner lines are continuation lines: their indentation says nothing about blocks. */
const CONTINUATION_NODE_TYPES = new Set([
  "string",
  "argument_list",
  "parameters",
  "lambda_parameters",
  "list",
  "dictionary",
  "set",
  "tuple",
  "parenthesized_expression",
  "subscript",
  "list_comprehension",
  "dictionary_comprehension",
  "set_comprehension",
  "generator_expression",
  "import_from_statement",
  "type_parameter",
]);

/** Statements whose header ends in a colon opening an indented block. */
const BLOCK_OPENER_TYPES = new Set([
  "function_definition",
  "class_definition",
  "if_statement",
  "elif_clause",
  "else_clause",
  "for_statement",
  "while_statement",
  "try_statement",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "with_statement",
  "match_statement",
  "case_clause",
]);

export const DEFINITION_TYPES = new Set(["function_definition", "class_definition", "decorated_definition"]);
export const IMPORT_TYPES = new Set(["import_statement", "import_from_statement", "future_import_statement"]);

export interface ScopeHeader {
  kind: "function" | "class";
  name: string;
  /** First row of the definition, decorators included. */
  startRow: number;
  /** Row holding the colon that ends the signature. */
  headerEndRow: number;
  /** Last row of the docstring, or `headerEndRow` when there is none. */
  docEndRow: number;
  indent: string;
  bodyIndent: string;
  /** Statements of the body as parsed (empty when tree-sitter could not recover the definition). */
  bodyStatements: Node[];
}

export class PythonOutline {
  private readonly continuationRows = new Set<number>();
  readonly indentUnit: string;
  readonly tabSize: number;

  constructor(
    readonly view: DocumentView,
    readonly tree: Tree,
  ) {
    this.collectContinuationRows(tree.rootNode);
    this.indentUnit = this.detectIndentUnit();
    this.tabSize = tabSizeFor(this.indentUnit);
  }

  private collectContinuationRows(node: Node): void {
    const { row: start } = node.startPosition;
    const { row: end } = node.endPosition;
    if (end === start) return; // single-row nodes hold no line breaks
    if (CONTINUATION_NODE_TYPES.has(node.type))
      for (let row = start + 1; row <= end; row++) this.continuationRows.add(row);
    for (const child of node.children) if (child) this.collectContinuationRows(child);
  }

  /** A row that starts a statement (or a block's clause): not blank, not a comment, not a continuation. */
  isLogicalRow(row: number): boolean {
    const line = this.view.lines[row];
    if (line === undefined || isBlank(line) || this.continuationRows.has(row)) return false;
    return this.firstLeaf(row)?.type !== "comment";
  }

  width(whitespace: string): number {
    return indentWidth(whitespace, this.tabSize);
  }

  rowIndent(row: number): string {
    return leadingWhitespace(this.view.lines[row] ?? "");
  }

  /** The token starting at the row's first non-blank character. */
  firstLeaf(row: number): Node | null {
    const column = this.rowIndent(row).length;
    return this.tree.rootNode.descendantForPosition({ row, column });
  }

  /** The row's statement ends with a colon that opens an indented block (`if x:`, `def f():`). */
  opensBlock(row: number): boolean {
    const colon = this.lastCodeLeaf(row);
    const owner = colon?.type === ":" ? colon.parent : null;
    if (!owner) return false;
    // An unfinished block (`for x in y:` with nothing below yet) is an ERROR node holding the keyword.
    return BLOCK_OPENER_TYPES.has(owner.type) || owner.type === "ERROR";
  }

  /** The row's last token that is not part of a trailing comment. */
  private lastCodeLeaf(row: number): Node | null {
    const line = this.view.lines[row] ?? "";
    let end = line.trimEnd().length;
    while (end > 0) {
      const leaf = this.tree.rootNode.descendantForPosition({ row, column: end - 1 });
      if (leaf?.type !== "comment" || leaf.startPosition.row !== row) return leaf;
      end = line.slice(0, leaf.startPosition.column).trimEnd().length;
    }
    return null;
  }

  previousLogicalRow(row: number): number | undefined {
    for (let r = row - 1; r >= 0; r--) if (this.isLogicalRow(r)) return r;
    return undefined;
  }

  /**
   * Enclosing `def`/`class` scopes of the statement starting at `row`, outermost first.
   * `effectiveIndent` is that statement's indentation width (see CursorContext.scopeIndent); every
   * logical line above it with a smaller width is the header of a block containing it.
   */
  enclosingScopes(row: number, effectiveIndent: number): ScopeHeader[] {
    const scopes: ScopeHeader[] = [];
    let limit = effectiveIndent;
    for (let r = row - 1; r >= 0 && limit > 0; r--) {
      if (!this.isLogicalRow(r)) continue;
      const width = this.width(this.rowIndent(r));
      if (width >= limit) continue;
      limit = width;
      const header = this.scopeHeaderAt(r);
      if (header) scopes.unshift(header);
    }
    return scopes;
  }

  /** Reads the `def`/`class` whose keyword starts `row`, from its node or, in broken code, from the tokens. */
  private scopeHeaderAt(row: number): ScopeHeader | undefined {
    let keyword = this.firstLeaf(row);
    if (keyword?.type === "async") keyword = keyword.nextSibling;
    if (!keyword || (keyword.type !== "def" && keyword.type !== "class")) return undefined;
    const definition = keyword.parent;
    const parsed = definition && (definition.type === "function_definition" || definition.type === "class_definition");
    let name = "";
    let headerEndRow = row;
    for (let sibling = keyword.nextSibling; sibling; sibling = sibling.nextSibling) {
      if (!name && sibling.type === "identifier") name = sibling.text;
      if (sibling.type === ":") {
        headerEndRow = sibling.startPosition.row;
        break;
      }
    }
    const decorated = parsed && definition.parent?.type === "decorated_definition" ? definition.parent : undefined;
    const indent = this.rowIndent(row);
    const firstBodyRow = this.nextLogicalRowInside(headerEndRow, this.width(indent));
    const bodyIndent = firstBodyRow === undefined ? indent + this.indentUnit : this.rowIndent(firstBodyRow);
    const bodyNode = parsed ? definition.childForFieldName("body") : null;
    return {
      kind: keyword.type === "def" ? "function" : "class",
      name,
      startRow: decorated ? decorated.startPosition.row : row,
      headerEndRow,
      docEndRow: this.docstringEndRow(firstBodyRow, bodyIndent) ?? headerEndRow,
      indent,
      bodyIndent,
      bodyStatements: bodyNode ? bodyNode.namedChildren.filter((n): n is Node => n !== null) : [],
    };
  }

  private nextLogicalRowInside(afterRow: number, headerWidth: number): number | undefined {
    for (let r = afterRow + 1; r < this.view.lines.length; r++) {
      if (!this.isLogicalRow(r)) continue;
      return this.width(this.rowIndent(r)) > headerWidth ? r : undefined;
    }
    return undefined;
  }

  /** Last row of the docstring when the body's first statement (at `row`) is a bare string. */
  private docstringEndRow(row: number | undefined, bodyIndent: string): number | undefined {
    if (row === undefined || this.rowIndent(row) !== bodyIndent) return undefined;
    const leaf = this.firstLeaf(row);
    const literal = leaf?.type === "string_start" ? leaf.parent : undefined;
    if (!literal || literal.parent?.type !== "expression_statement") return undefined;
    return literal.endPosition.row;
  }

  /** The row where the statement containing `row` starts (itself unless it is a continuation line). */
  statementStartRow(row: number): number {
    let start = row;
    while (start > 0 && this.continuationRows.has(start)) start--;
    return start;
  }

  /** Module-level statements in file order. */
  moduleStatements(): Node[] {
    return this.tree.rootNode.namedChildren.filter((n): n is Node => n !== null);
  }

  /** Indentation of one level: from the first indented logical line under a block opener, else 4 spaces. */
  private detectIndentUnit(): string {
    const { lines } = this.view;
    for (let r = 0; r < lines.length; r++) {
      if (this.continuationRows.has(r) || !this.opensBlock(r)) continue;
      const opener = leadingWhitespace(lines[r]);
      for (let next = r + 1; next < lines.length; next++) {
        if (isBlank(lines[next])) continue;
        const inner = leadingWhitespace(lines[next]);
        if (inner.startsWith(opener) && inner.length > opener.length) {
          const unit = inner.slice(opener.length);
          if (unit === "\t" || /^ +$/.test(unit)) return unit;
        }
        break;
      }
    }
    return "    ";
  }
}
