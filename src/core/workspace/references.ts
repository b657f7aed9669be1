import { type Node, Query, type Tree } from "web-tree-sitter";

/**
 * What a file's code refers to: plain names (`Item`) and dotted chains on a name (`models.Item`,
 * `pkg.mod.load`), each with the best (lowest) tier of the rows it appears in. The caller decides
 * what a tier means; rows it gives no tier are ignored (the body being typed, so the references stay
 * stable while the user types there).
 */
export type References = ReadonlyMap<string, number>;

export interface ReferenceRows {
  /** Tier of a row, or undefined to ignore the row. */
  tierOf(row: number): number | undefined;
  /** Rows whose string literals (a docstring) count too, word by word: prose names classes and functions. */
  readsStrings(row: number): boolean;
}

const queries = new WeakMap<object, Query>();

function referenceQuery(tree: Tree): Query {
  const language = tree.language;
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, "(identifier) @name (attribute) @chain (string_content) @text");
    queries.set(language, query);
  }
  return query;
}

export function collectReferences(tree: Tree, rows: ReferenceRows): References {
  const references = new Map<string, number>();
  const note = (key: string, tier: number) => {
    const known = references.get(key);
    if (known === undefined || tier < known) references.set(key, tier);
  };
  for (const { name, node } of referenceQuery(tree).captures(tree.rootNode)) {
    const row = node.startPosition.row;
    const tier = rows.tierOf(row);
    if (tier === undefined) continue;
    if (name === "name") {
      if (!isAttributeName(node)) note(node.text, tier);
    } else if (name === "chain") {
      const chain = dottedChain(node);
      if (chain) note(chain, tier);
    } else if (rows.readsStrings(row)) {
      for (const word of proseWords(node.text)) {
        note(word, tier);
        if (word.length > 2 && word.endsWith("s")) note(word.slice(0, -1), tier); // "the Items" names Item
      }
    }
  }
  return references;
}

/** The `b` of `a.b`: a member of whatever `a` is, not a name of its own. */
function isAttributeName(node: Node): boolean {
  return node.parent?.type === "attribute" && node.previousSibling?.type === ".";
}

/** `a.b.c` when the attribute is a chain of names (not a call's or a subscript's attribute). */
function dottedChain(node: Node): string | undefined {
  const parts: string[] = [];
  let current: Node | null = node;
  while (current?.type === "attribute") {
    const attribute = current.childForFieldName("attribute");
    if (!attribute) return undefined;
    parts.unshift(attribute.text);
    current = current.childForFieldName("object");
  }
  if (current?.type !== "identifier") return undefined;
  parts.unshift(current.text);
  return parts.join(".");
}

/** Identifier-like words of prose (`Return the Item's total` → Return, the, Item, s, total). */
function* proseWords(text: string): Generator<string> {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    const wordChar =
      code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (wordChar && start < 0) start = i;
    else if (!wordChar && start >= 0) {
      yield text.slice(start, i);
      start = -1;
    }
  }
}
