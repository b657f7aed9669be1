import type { Language, Tree } from "web-tree-sitter";

/**
 * A plain-JS copy of a tree-sitter tree, read in one cursor walk.
 *
 * Every property read on a web-tree-sitter `Node` crosses into WASM and allocates a fresh object, and the rules,
 * the name resolver and the data flow read the same nodes many times; reading each node once and answering from
 * JS objects makes the lint several times faster. `SyntaxNode` offers the part of web-tree-sitter's `Node` API the
 * lint uses, with the same meaning (children include anonymous tokens and comments, `descendantsOfType` includes
 * the node itself), so rules read like tree-sitter code.
 */

export interface Point {
  row: number;
  /** UTF-16 code units, as web-tree-sitter and VS Code count. */
  column: number;
}

/** Shared by every leaf: most nodes are leaves, and an array each would double the garbage of a copy. */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  children: readonly SyntaxNode[] = NO_CHILDREN;
  /** Position among the parent's children. */
  childIndex = 0;
  /** Ids are preorder numbers, so the node's descendants are exactly the ids in (id, lastDescendantId]. */
  lastDescendantId: number;
  private namedChildrenList?: readonly SyntaxNode[];

  constructor(
    readonly tree: SyntaxTree,
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    /** The field this node fills in its parent (`function` of a call), if any. */
    readonly fieldName: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {
    this.lastDescendantId = id;
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.positionAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.positionAt(this.endIndex);
  }

  get namedChildren(): readonly SyntaxNode[] {
    return (this.namedChildrenList ??= this.children.length === 0 ? NO_CHILDREN : this.children.filter((child) => child.isNamed));
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    return this.parent?.children[this.childIndex - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.childIndex + 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? [];
    for (let index = this.childIndex + 1; index < siblings.length; index++) if (siblings[index]!.isNamed) return siblings[index]!;
    return null;
  }

  childForFieldName(fieldName: string): SyntaxNode | null {
    // tree-sitter looks fields up by the node's production, and an error node has none (only childrenForFieldName,
    // which walks the children like the copy's cursor did, sees fields of the structure recovered inside it)
    if (this.type === "ERROR") return null;
    for (const child of this.children) if (child.fieldName === fieldName) return child;
    return null;
  }

  childrenForFieldName(fieldName: string): SyntaxNode[] {
    return this.children.filter((child) => child.fieldName === fieldName);
  }

  /** This node and its descendants of the given types, in source order (answered from the tree's index). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    if (typeof types === "string") return this.descendantsOfOneType(types);
    if (types.length === 1) return this.descendantsOfOneType(types[0]!);
    return types.flatMap((type) => this.descendantsOfOneType(type)).sort((a, b) => a.id - b.id);
  }

  equals(other: SyntaxNode): boolean {
    return this === other;
  }

  private descendantsOfOneType(type: string): SyntaxNode[] {
    const nodes = this.tree.nodesOfType(type);
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (nodes[middle]!.id < this.id) low = middle + 1;
      else high = middle;
    }
    let end = low;
    while (end < nodes.length && nodes[end]!.id <= this.lastDescendantId) end++;
    return nodes.slice(low, end);
  }
}

/** Checking the clock every node would cost more than the check saves. */
const NODES_BETWEEN_CLOCK_CHECKS = 4096;

export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  private readonly nodesByType = new Map<string, SyntaxNode[]>();
  private lineStarts?: number[];

  private constructor(
    readonly source: string,
    build: (tree: SyntaxTree, index: (node: SyntaxNode) => void) => SyntaxNode,
  ) {
    this.rootNode = build(this, (node) => {
      const nodes = this.nodesByType.get(node.type);
      if (nodes) nodes.push(node);
      else this.nodesByType.set(node.type, [node]);
    });
  }

  /**
   * Copies a parsed tree (`source` is the text it was parsed from). Returns undefined once `outOfTime` says so:
   * the walk is linear in the size of the tree, but a multi-megabyte file must not overrun the lint's budget.
   */
  static copy(tree: Tree, source: string, outOfTime: () => boolean = () => false): SyntaxTree | undefined {
    const types = nodeTypeTable(tree.language);
    const cursor = tree.walk();
    let finished = false;
    try {
      const copied = new SyntaxTree(source, (syntaxTree, index) => {
        let root: SyntaxNode | undefined;
        let parent: SyntaxNode | null = null;
        // the children arrays being filled, innermost last (a node's `children` stays read-only to the rules)
        const openChildLists: SyntaxNode[][] = [];
        for (let id = 0; ; id++) {
          if (id % NODES_BETWEEN_CLOCK_CHECKS === 0 && id > 0 && outOfTime()) return root!;
          const typeId = cursor.nodeTypeId;
          const type = types.names[typeId] || "ERROR";
          const node = new SyntaxNode(syntaxTree, id, type, types.named(typeId), types.fields[cursor.currentFieldId] ?? null, cursor.startIndex, cursor.endIndex);
          index(node);
          if (parent) {
            const siblings = openChildLists[openChildLists.length - 1]!;
            node.parent = parent;
            node.childIndex = siblings.length;
            siblings.push(node);
          } else {
            root = node;
          }
          if (cursor.gotoFirstChild()) {
            const children: SyntaxNode[] = [];
            node.children = children;
            openChildLists.push(children);
            parent = node;
            continue;
          }
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent()) {
              finished = true;
              return root!;
            }
            parent!.lastDescendantId = id;
            parent = parent!.parent;
            openChildLists.pop();
          }
        }
      });
      return finished ? copied : undefined;
    } finally {
      cursor.delete();
    }
  }

  /** All nodes of a type in the file, in source order. */
  nodesOfType(type: string): readonly SyntaxNode[] {
    return this.nodesByType.get(type) ?? [];
  }

  /** Row and UTF-16 column of a character offset (tree-sitter counts rows at "\n" only). */
  positionAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - starts[low]! };
  }
}

interface NodeTypeTable {
  names: readonly (string | null)[];
  fields: readonly (string | null)[];
  named(typeId: number): boolean;
}

const typeTables = new WeakMap<Language, NodeTypeTable>();

/** Type and field names by id, and named-ness per type id (asked of WASM once per type, not once per node). */
function nodeTypeTable(language: Language): NodeTypeTable {
  let table = typeTables.get(language);
  if (!table) {
    const namedById = new Map<number, boolean>();
    table = {
      names: language.types,
      fields: language.fields,
      named(typeId) {
        let named = namedById.get(typeId);
        if (named === undefined) namedById.set(typeId, (named = language.nodeTypeIsNamed(typeId)));
        return named;
      },
    };
    typeTables.set(language, table);
  }
  return table;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf("\n"); index >= 0; index = source.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}
