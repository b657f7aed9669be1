import type { Edit, Point, Tree } from "web-tree-sitter";
import { loadPythonParser } from "../python/parser";

/**
 * The latest tree-sitter tree of the few documents being edited, each new version parsed incrementally from the
 * last: the controls look at the cursor on every automatic request (each keystroke), where a full parse of a
 * 1,000-line file takes tens of milliseconds and an incremental one well under one.
 */
export class DocumentTrees {
  /** Least recently used first. */
  private readonly entries = new Map<string, { text: string; tree: Tree }>();

  constructor(private readonly capacity = 4) {}

  /**
   * Runs `use` on the tree of `text`, the current content of document `id`. The tree belongs to this cache and is
   * valid only during `use` (a later call may replace it), hence a callback rather than a returned tree.
   */
  async withTree<T>(id: string, text: string, use: (tree: Tree) => T): Promise<T> {
    const parser = await loadPythonParser();
    // From here on nothing awaits: no other call can touch the entry in between.
    const previous = this.entries.get(id);
    this.entries.delete(id);
    let tree: Tree | null;
    if (previous && previous.text === text) tree = previous.tree;
    else if (previous) {
      previous.tree.edit(editBetween(previous.text, text));
      tree = parser.parse(text, previous.tree);
      previous.tree.delete();
    } else tree = parser.parse(text);
    if (!tree) throw new Error("tree-sitter returned no tree");
    this.entries.set(id, { text, tree });
    this.evict();
    return use(tree);
  }

  /** How many documents have a tree kept. */
  get size(): number {
    return this.entries.size;
  }

  forget(id: string): void {
    this.entries.get(id)?.tree.delete();
    this.entries.delete(id);
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  private evict(): void {
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.capacity) return;
      this.forget(id);
    }
  }
}

/** The one edit that turns `before` into `after`: what lies between their common prefix and common suffix. */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < shorter - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  const startPosition = pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: before.length - suffix,
    newEndIndex: after.length - suffix,
    startPosition,
    oldEndPosition: pointAt(before, before.length - suffix, start, startPosition),
    newEndPosition: pointAt(after, after.length - suffix, start, startPosition),
  };
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts) of `index`, counting on from a known point. */
function pointAt(text: string, index: number, from = 0, fromPoint: Point = { row: 0, column: 0 }): Point {
  let { row, column } = fromPoint;
  let lineStart = from - column;
  for (let at = text.indexOf("\n", from); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    row++;
    lineStart = at + 1;
  }
  column = index - lineStart;
  return { row, column };
}
