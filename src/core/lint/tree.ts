import type { Edit, Language, Range, Tree } from "web-tree-sitter";

/**
 * A plain-JS copy of a tree-sitter tree, read in one cursor walk.
 *
 * Every property read on a web-tree-sitter `Node` crosses into WASM and allocates a fresh object, and the rules,
 * the name resolver and the data flow read the same nodes many times; reading each node once and answering from
 * JS makes the lint several times faster. `SyntaxNode` offers the part of web-tree-sitter's `Node` API the lint
 * uses, with the same meaning (children include anonymous tokens and comments, `descendantsOfType` includes the
 * node itself), so rules read like tree-sitter code.
 *
 * The copy lives in typed arrays indexed by preorder id, outside the JS heap, and a `SyntaxNode` is a small handle
 * made when a node is read (like web-tree-sitter's, compare nodes with `equals` or by `id`). A 10,000-line file has
 * ~130,000 nodes: objects for all of them, alive for the whole lint, made every scavenge during a lint copy and
 * promote them, and scavenge pauses are much of the per-keystroke p99.
 */

export interface Point {
  row: number;
  /** UTF-16 code units, as web-tree-sitter and VS Code count. */
  column: number;
}

/** No parent (the root). */
const NONE = -1;
/** The root's id: its children are the module's top-level statements. */
const ROOT = 0;
/** web-tree-sitter's type id of error nodes (its name is missing from the language's type list). */
const ERROR_TYPE_ID = 65535;
/** Checking the clock every node would cost more than the check saves. */
const NODES_BETWEEN_CLOCK_CHECKS = 4096;
/** Released columns up to this many nodes are kept for the next copy (a suggestion's tree is ~1,000 nodes). */
const MAX_SPARE_CAPACITY = 1 << 16;

/**
 * Columns of a released tree, reused by the next copy: allocating six typed arrays per lint makes their backing
 * stores external memory the GC has to account for and sweep (external-memory pressure starts extra scavenges).
 */
let spareColumns: NodeColumns | undefined;

/** Per-node columns, indexed by preorder id: a node's descendants are exactly the ids in (id, lastDescendant[id]]. */
class NodeColumns {
  count = 0;
  typeIds: Uint16Array;
  fieldIds: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  parents: Int32Array;
  lastDescendants: Int32Array;

  constructor(capacity: number) {
    this.typeIds = new Uint16Array(capacity);
    this.fieldIds = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.parents = new Int32Array(capacity);
    this.lastDescendants = new Int32Array(capacity);
  }

  add(typeId: number, fieldId: number, start: number, end: number, parent: number): number {
    if (this.count === this.typeIds.length) this.grow();
    const id = this.count++;
    this.typeIds[id] = typeId;
    this.fieldIds[id] = fieldId;
    this.starts[id] = start;
    this.ends[id] = end;
    this.parents[id] = parent;
    this.lastDescendants[id] = id;
    return id;
  }

  /**
   * Appends the subtree `first` of `from` (its descendants keep their ids relative to it) as a child of `parent`
   * with `fieldId`, its offsets moved by `shift`.
   */
  appendSubtree(from: NodeColumns, first: number, fieldId: number, parent: number, shift: number): void {
    const last = from.lastDescendants[first];
    const id = this.count;
    while (id + last - first >= this.typeIds.length) this.grow();
    const offset = id - first;
    this.typeIds.set(from.typeIds.subarray(first, last + 1), id);
    this.fieldIds.set(from.fieldIds.subarray(first, last + 1), id);
    for (let old = first; old <= last; old++) {
      this.starts[old + offset] = from.starts[old] + shift;
      this.ends[old + offset] = from.ends[old] + shift;
      this.parents[old + offset] = from.parents[old] + offset;
      this.lastDescendants[old + offset] = from.lastDescendants[old] + offset;
    }
    this.fieldIds[id] = fieldId;
    this.parents[id] = parent;
    this.count = last + offset + 1;
  }

  private grow(): void {
    const capacity = this.typeIds.length * 2;
    const grown = <T extends Uint16Array | Int32Array>(column: T, make: (length: number) => T): T => {
      const larger = make(capacity);
      larger.set(column);
      return larger;
    };
    this.typeIds = grown(this.typeIds, (length) => new Uint16Array(length));
    this.fieldIds = grown(this.fieldIds, (length) => new Uint16Array(length));
    this.starts = grown(this.starts, (length) => new Int32Array(length));
    this.ends = grown(this.ends, (length) => new Int32Array(length));
    this.parents = grown(this.parents, (length) => new Int32Array(length));
    this.lastDescendants = grown(this.lastDescendants, (length) => new Int32Array(length));
  }
}

export class SyntaxNode {
  /** Made by `SyntaxTree` only. */
  constructor(
    readonly tree: SyntaxTree,
    private readonly columns: NodeColumns,
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.grammar.typeName(this.columns.typeIds[this.id]);
  }

  get isNamed(): boolean {
    return this.isNamedId(this.id);
  }

  get startIndex(): number {
    return this.columns.starts[this.id];
  }

  get endIndex(): number {
    return this.columns.ends[this.id];
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

  get parent(): SyntaxNode | null {
    const parent = this.columns.parents[this.id];
    return parent === NONE ? null : this.tree.node(parent);
  }

  get children(): SyntaxNode[] {
    return this.childrenWhere(false);
  }

  get namedChildren(): SyntaxNode[] {
    return this.childrenWhere(true);
  }

  get firstChild(): SyntaxNode | null {
    return this.childAt(0, false);
  }

  get lastChild(): SyntaxNode | null {
    return this.childAt(this.childCount(false) - 1, false);
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.childAt(0, true);
  }

  get lastNamedChild(): SyntaxNode | null {
    return this.childAt(this.childCount(true) - 1, true);
  }

  namedChild(index: number): SyntaxNode | null {
    return this.childAt(index, true);
  }

  // Siblings go by child order; web-tree-sitter's positional search skips a zero-width (missing) sibling.

  get previousSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? [];
    return siblings[siblings.findIndex((sibling) => sibling.id === this.id) - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    const parent = this.columns.parents[this.id];
    const next = this.columns.lastDescendants[this.id] + 1;
    return parent !== NONE && next <= this.columns.lastDescendants[parent] ? this.tree.node(next) : null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    let sibling = this.nextSibling;
    while (sibling && !sibling.isNamed) sibling = sibling.nextSibling;
    return sibling;
  }

  /** The nearest ancestor (not the node itself) whose type is in `types`, found on the columns: no node per level. */
  closestAncestor(types: ReadonlySet<string>): SyntaxNode | null {
    const { parents, typeIds } = this.columns;
    for (let id = parents[this.id]; id !== NONE; id = parents[id])
      if (types.has(this.tree.grammar.typeName(typeIds[id]))) return this.tree.node(id);
    return null;
  }

  childForFieldName(fieldName: string): SyntaxNode | null {
    // tree-sitter looks fields up by the node's production, and an error node has none (only childrenForFieldName,
    // which walks the children like the copy's cursor did, sees fields of the structure recovered inside it)
    const fieldId = this.tree.grammar.fieldId(fieldName);
    if (fieldId === undefined || this.columns.typeIds[this.id] === ERROR_TYPE_ID) return null;
    const { fieldIds, lastDescendants } = this.columns;
    for (let child = this.id + 1; child <= lastDescendants[this.id]; child = lastDescendants[child] + 1) {
      if (fieldIds[child] === fieldId) return this.tree.node(child);
    }
    return null;
  }

  childrenForFieldName(fieldName: string): SyntaxNode[] {
    const fieldId = this.tree.grammar.fieldId(fieldName);
    return this.children.filter((child) => this.columns.fieldIds[child.id] === fieldId);
  }

  /** This node and its descendants of the given types, in source order (answered from the tree's index). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const ids = this.tree.idsOfType(types);
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ids[middle] < this.id) low = middle + 1;
      else high = middle;
    }
    const result: SyntaxNode[] = [];
    const last = this.columns.lastDescendants[this.id];
    for (let index = low; index < ids.length && ids[index] <= last; index++) result.push(this.tree.node(ids[index]));
    return result;
  }

  equals(other: SyntaxNode): boolean {
    return this.tree === other.tree && this.id === other.id;
  }

  // The child accessors walk the child ids (each child's next sibling follows its last descendant) without
  // building lists: `firstNamedChild` and friends are read far more often than whole child lists.

  private childrenWhere(namedOnly: boolean): SyntaxNode[] {
    const children: SyntaxNode[] = [];
    const lastDescendants = this.columns.lastDescendants;
    for (let child = this.id + 1; child <= lastDescendants[this.id]; child = lastDescendants[child] + 1) {
      if (!namedOnly || this.isNamedId(child)) children.push(this.tree.node(child));
    }
    return children;
  }

  private childAt(index: number, namedOnly: boolean): SyntaxNode | null {
    if (index < 0) return null;
    let seen = 0;
    const lastDescendants = this.columns.lastDescendants;
    for (let child = this.id + 1; child <= lastDescendants[this.id]; child = lastDescendants[child] + 1) {
      if ((!namedOnly || this.isNamedId(child)) && seen++ === index) return this.tree.node(child);
    }
    return null;
  }

  private childCount(namedOnly: boolean): number {
    let count = 0;
    const lastDescendants = this.columns.lastDescendants;
    for (let child = this.id + 1; child <= lastDescendants[this.id]; child = lastDescendants[child] + 1) {
      if (!namedOnly || this.isNamedId(child)) count++;
    }
    return count;
  }

  private isNamedId(id: number): boolean {
    return this.tree.grammar.isNamed(this.columns.typeIds[id]);
  }
}

export class SyntaxTree {
  private typeIndex?: { idsOf(typeId: number): Int32Array };
  private readonly idsByTypes = new Map<string, Int32Array>();
  private lineStarts?: number[];

  private constructor(
    readonly source: string,
    readonly grammar: Grammar,
    private readonly columns: NodeColumns,
  ) {}

  /**
   * Copies a parsed tree (`source` is the text it was parsed from). The walk is linear in the size of the tree, but a
   * multi-megabyte file must not overrun the lint's budget: once `outOfTime` says so it returns the part read, the
   * root's children read completely (the module's first top-level statements), so rules can still report on them,
   * with `complete` false. With `previous`, the copy of the tree this one was parsed incrementally from, each
   * top-level statement that is the same as one there is taken from that copy instead of walked (see
   * `TopLevelStatements`).
   */
  static copy(
    tree: Tree,
    source: string,
    outOfTime: () => boolean = () => false,
    previous?: PreviousCopy,
  ): { tree: SyntaxTree; complete: boolean } {
    const grammar = grammarOf(tree.language);
    // Python has about one node per 2.5 characters; the columns grow if a file has more
    const capacity = Math.max(64, source.length >> 1);
    let columns: NodeColumns;
    if (spareColumns && spareColumns.typeIds.length >= capacity) {
      columns = spareColumns;
      columns.count = 0;
      spareColumns = undefined;
    } else {
      columns = new NodeColumns(capacity);
    }
    const reusable = previous && new TopLevelStatements(previous.tree.columns, previous.edit, previous.changedRanges);
    const cursor = tree.walk();
    try {
      let parent = NONE;
      let nextClockCheck = NODES_BETWEEN_CLOCK_CHECKS;
      for (;;) {
        if (columns.count >= nextClockCheck) {
          nextClockCheck = columns.count + NODES_BETWEEN_CLOCK_CHECKS;
          if (outOfTime())
            return { tree: new SyntaxTree(source, grammar, completeChildrenOfRoot(columns, parent)), complete: false };
        }
        const typeId = cursor.nodeTypeId;
        const fieldId = cursor.currentFieldId;
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (parent !== ROOT || !reusable?.appendSame(columns, typeId, fieldId, start, end)) {
          const id = columns.add(typeId, fieldId, start, end, parent);
          if (cursor.gotoFirstChild()) {
            parent = id;
            continue;
          }
        }
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return { tree: new SyntaxTree(source, grammar, columns), complete: true };
          columns.lastDescendants[parent] = columns.count - 1;
          parent = columns.parents[parent]!;
        }
      }
    } finally {
      cursor.delete();
    }
  }

  /**
   * Hands the tree's columns to the next copy. The tree and every node read from it must not be used afterwards
   * (the lint releases its copy once the findings, which hold ranges only, are made).
   */
  release(): void {
    if (this.columns.typeIds.length <= MAX_SPARE_CAPACITY) spareColumns = this.columns;
  }

  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  /** The node with a preorder id. */
  node(id: number): SyntaxNode {
    return new SyntaxNode(this, this.columns, id);
  }

  /**
   * Ids of the nodes of the given types, ascending. The index is built on first use (a counting sort of the ids by
   * type, off the JS heap like the columns), and answers are cached per list of types: rules ask the same lists
   * for many small scopes, which must not merge and re-sort the file's lists each time.
   */
  idsOfType(types: string | readonly string[]): Int32Array {
    const key = typeof types === "string" ? types : types.join(" ");
    let ids = this.idsByTypes.get(key);
    if (!ids) {
      const typeIds = this.grammar.typeIdsOfKey(key, types);
      const index = (this.typeIndex ??= this.indexByType());
      if (typeIds.length === 1) ids = index.idsOf(typeIds[0]);
      else {
        // merged into one array without intermediate lists (this runs for each list of types each lint)
        let length = 0;
        for (const typeId of typeIds) length += index.idsOf(typeId).length;
        ids = new Int32Array(length);
        let offset = 0;
        for (const typeId of typeIds) {
          const slice = index.idsOf(typeId);
          ids.set(slice, offset);
          offset += slice.length;
        }
        ids.sort();
      }
      this.idsByTypes.set(key, ids);
    }
    return ids;
  }

  private indexByType(): { idsOf(typeId: number): Int32Array } {
    const { count, typeIds } = this.columns;
    // error nodes' type id (65535) is past the grammar's types, like any id named "ERROR": one slot after the last type
    const slot = (typeId: number) => Math.min(typeId, this.grammar.typeCount);
    const starts = new Int32Array(this.grammar.typeCount + 2);
    for (let id = 0; id < count; id++) starts[slot(typeIds[id]) + 1]++;
    for (let typeSlot = 1; typeSlot < starts.length; typeSlot++) starts[typeSlot] += starts[typeSlot - 1];
    const ordered = new Int32Array(count);
    const next = starts.slice();
    for (let id = 0; id < count; id++) ordered[next[slot(typeIds[id])]++] = id;
    return { idsOf: (typeId) => ordered.subarray(starts[slot(typeId)], starts[slot(typeId) + 1]) };
  }

  /** Row and UTF-16 column of a character offset (tree-sitter counts rows at "\n" only). */
  positionAt(index: number): Point {
    const starts = this.lineStartsOfSource();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - starts[low] };
  }

  /** The character offset of a row and UTF-16 column (`positionAt`'s inverse). */
  offsetAt(row: number, column: number): number {
    return this.lineStartsOfSource()[row] + column;
  }

  private lineStartsOfSource(): number[] {
    return (this.lineStarts ??= lineStartsOf(this.source));
  }
}

/** The copy of the tree a new tree was parsed incrementally from, and how the two differ. */
export interface PreviousCopy {
  /** The old tree's copy (made from the old tree as parsed, before its `edit`). */
  tree: SyntaxTree;
  /** The one edit that turned the old text into the new (none: the same text). */
  edit?: Edit;
  /** The new tree's `getChangedRanges` of the old one: where tree-sitter says the structure differs. */
  changedRanges: readonly Range[];
}

/**
 * The old copy's top-level statements, for taking those the new tree has unchanged: one lies wholly before or after
 * the edit (so its text is the same, at offsets moved by the edit's change of length), outside every changed range
 * (so tree-sitter says its structure is the same), and has the old one's type and length there. Consecutive
 * suggestions differ in the one statement being written, so the copy walks that one instead of the whole window.
 */
class TopLevelStatements {
  /** Ids of the old root's children, in source order. */
  private readonly ids: number[] = [];

  constructor(
    private readonly old: NodeColumns,
    private readonly edit: Edit | undefined,
    private readonly changedRanges: readonly Range[],
  ) {
    const { lastDescendants } = old;
    if (old.count === 0) return;
    for (let child = ROOT + 1; child <= lastDescendants[ROOT]; child = lastDescendants[child] + 1) this.ids.push(child);
  }

  /** Appends the old statement that the new top-level node is, if it is one (see above); returns whether it did. */
  appendSame(columns: NodeColumns, typeId: number, fieldId: number, start: number, end: number): boolean {
    const shift = this.shiftOf(start, end);
    if (shift === undefined) return false;
    for (const range of this.changedRanges) if (range.startIndex <= end && start <= range.endIndex) return false;
    const old = this.statementAt(start - shift);
    if (old === undefined || this.old.typeIds[old] !== typeId || this.old.ends[old] + shift !== end) return false;
    columns.appendSubtree(this.old, old, fieldId, ROOT, shift);
    return true;
  }

  /** How far the edit moved text at [start, end) of the new text, if it lies wholly before or after the edit. */
  private shiftOf(start: number, end: number): number | undefined {
    const edit = this.edit;
    // strictly apart from it: text typed right against a statement may join its last token
    if (!edit || end < edit.startIndex) return 0;
    return start > edit.newEndIndex ? edit.newEndIndex - edit.oldEndIndex : undefined;
  }

  /** The old statement starting at `start`, the last one if several do (zero-width ones before it). */
  private statementAt(start: number): number | undefined {
    const { starts } = this.old;
    let low = 0;
    let high = this.ids.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[this.ids[middle]] <= start) low = middle + 1;
      else high = middle;
    }
    const found = this.ids[low - 1];
    return found !== undefined && starts[found] === start ? found : undefined;
  }
}

/**
 * Cuts columns copied up to a node whose parent is `parent` back to the root's completely copied children (the
 * statement being read is dropped whole: a half-read call would look like one without its arguments).
 */
function completeChildrenOfRoot(columns: NodeColumns, parent: number): NodeColumns {
  if (columns.count === 0) return columns;
  if (parent > 0) {
    // the open ancestor right below the root is the top-level statement being read: it and all after it go
    let open = parent;
    while (columns.parents[open] > 0) open = columns.parents[open]!;
    columns.count = open;
  }
  columns.lastDescendants[0] = columns.count - 1;
  return columns;
}

/** Type and field names of the Python grammar, with named-ness asked of WASM once per type rather than per node. */
class Grammar {
  private readonly namedByTypeId = new Map<number, boolean>();
  private readonly fieldIds = new Map<string, number>();
  private readonly typeIdsByName = new Map<string, number[]>();
  private readonly typeIdsByKey = new Map<string, readonly number[]>();

  /** Named-ness of every type id of the language, asked of WASM once when the grammar is made (1 = named). */
  private readonly namedTypes: Uint8Array;

  constructor(private readonly language: Language) {
    language.fields.forEach((name, id) => {
      if (name) this.fieldIds.set(name, id);
    });
    this.namedTypes = new Uint8Array(language.types.length);
    for (let typeId = 0; typeId < this.namedTypes.length; typeId++)
      this.namedTypes[typeId] = language.nodeTypeIsNamed(typeId) ? 1 : 0;
  }

  get typeCount(): number {
    return this.language.types.length;
  }

  typeName(typeId: number): string {
    return this.language.types[typeId] || "ERROR";
  }

  isNamed(typeId: number): boolean {
    // a table read: this runs for every child of every child walk, and a map lookup inlines into all of them
    if (typeId < this.namedTypes.length) return this.namedTypes[typeId] === 1;
    let named = this.namedByTypeId.get(typeId);
    if (named === undefined) this.namedByTypeId.set(typeId, (named = this.language.nodeTypeIsNamed(typeId)));
    return named;
  }

  fieldId(name: string): number | undefined {
    return this.fieldIds.get(name);
  }

  /** Type ids of a list of type names (`key` is the list joined), cached across trees: lints ask the same lists. */
  typeIdsOfKey(key: string, types: string | readonly string[]): readonly number[] {
    let typeIds = this.typeIdsByKey.get(key);
    if (!typeIds) {
      typeIds = typeof types === "string" ? this.typeIdsNamed(types) : types.flatMap((name) => this.typeIdsNamed(name));
      this.typeIdsByKey.set(key, typeIds);
    }
    return typeIds;
  }

  /** Every type id with this name (several for a name that is both a node and a keyword, like `type`). */
  typeIdsNamed(name: string): readonly number[] {
    let typeIds = this.typeIdsByName.get(name);
    if (!typeIds) {
      typeIds = [];
      for (let typeId = 0; typeId < this.language.types.length; typeId++)
        if (this.typeName(typeId) === name) typeIds.push(typeId);
      if (this.typeName(ERROR_TYPE_ID) === name) typeIds.push(ERROR_TYPE_ID);
      this.typeIdsByName.set(name, typeIds);
    }
    return typeIds;
  }
}

const grammars = new WeakMap<Language, Grammar>();

function grammarOf(language: Language): Grammar {
  let grammar = grammars.get(language);
  if (!grammar) grammars.set(language, (grammar = new Grammar(language)));
  return grammar;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf("\n"); index >= 0; index = source.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}
