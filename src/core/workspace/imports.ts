import type { Node, Tree } from "web-tree-sitter";

/** One import of the current file, as written (nothing resolved yet). */
export interface PythonImport {
  /** Dotted module path after the leading dots: "pkg.mod" in `from ..pkg.mod import x`; "" for `from . import x`. */
  module: string;
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  /** Names taken from the module (`from m import a, b`); empty for `import m`; ["*"] for a star import. */
  names: string[];
  /** Local name bound by `import m as alias` (or `import pkg.mod`: "pkg"). */
  alias?: string;
  /** Local names bound by `from m import a as b`, where they differ from the imported name ({ a: "b" }). */
  renamed?: Record<string, string>;
}

/** The module-level imports of a parsed file, in source order; `include` can leave statements out (one being typed). */
export function collectImports(tree: Tree, include: (statement: Node) => boolean = () => true): PythonImport[] {
  const imports: PythonImport[] = [];
  for (const statement of moduleImportStatements(tree)) {
    if (!include(statement)) continue;
    if (statement.type === "import_statement") imports.push(...plainImports(statement));
    else imports.push(fromImport(statement));
  }
  return imports;
}

/** Blocks of these run when the module is imported, so their imports bind module names too. */
const MODULE_LEVEL_BLOCKS = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "finally_clause",
  "with_statement",
  "block",
]);

/**
 * The import statements that bind names of the module, in source order: top-level ones and those in top-level
 * `if`/`try`/`with` blocks (`if TYPE_CHECKING:`, `try: import fast except ImportError: import slow`), never those
 * in a function or class body.
 */
export function moduleImportStatements(tree: Tree): Node[] {
  const statements: Node[] = [];
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === "import_statement" || child.type === "import_from_statement") statements.push(child);
      else if (MODULE_LEVEL_BLOCKS.has(child.type)) visit(child);
    }
  };
  visit(tree.rootNode);
  return statements;
}

function plainImports(statement: Node): PythonImport[] {
  return statement.childrenForFieldName("name").flatMap((name) => {
    if (!name) return [];
    if (name.type === "aliased_import") {
      const module = name.childForFieldName("name")?.text ?? "";
      return [{ module, level: 0, names: [], alias: name.childForFieldName("alias")?.text }];
    }
    return [{ module: name.text, level: 0, names: [], alias: name.text.split(".")[0] }];
  });
}

function fromImport(statement: Node): PythonImport {
  const moduleNode = statement.childForFieldName("module_name");
  let module = moduleNode?.text ?? "";
  let level = 0;
  if (moduleNode?.type === "relative_import") {
    const prefix = moduleNode.namedChildren.find((child) => child?.type === "import_prefix");
    level = prefix?.text.length ?? 0;
    module = moduleNode.namedChildren.find((child) => child?.type === "dotted_name")?.text ?? "";
  }
  const star = statement.namedChildren.some((child) => child?.type === "wildcard_import");
  const renamed: Record<string, string> = {};
  const names = star
    ? ["*"]
    : statement.childrenForFieldName("name").flatMap((name) => {
        if (!name) return [];
        if (name.type !== "aliased_import") return [name.text];
        const imported = name.childForFieldName("name")?.text ?? "";
        const alias = name.childForFieldName("alias")?.text;
        if (alias && alias !== imported) renamed[imported] = alias;
        return [imported];
      });
  return Object.keys(renamed).length > 0 ? { module, level, names, renamed } : { module, level, names };
}
