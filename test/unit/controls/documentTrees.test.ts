import * as assert from "node:assert/strict";
import { DocumentTrees, editBetween } from "../../../src/core/controls/documentTrees";
import { parsePython } from "../../../src/core/python/parser";

async function fullParse(text: string): Promise<string> {
  const tree = await parsePython(text);
  try {
    return tree.rootNode.toString();
  } finally {
    tree.delete();
  }
}

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const SOURCE =
  'import os\n\n\ndef total_of(values):\n    """Return the sum of values."""\n    total = 0  # running\n    for v in values:\n        total += v\n    return total\n\n\nclass Box:\n    label = "é ü"\n';
const SNIPPETS = ["x", "\n", "    ", '"', '"""', "# c\n", "def f():\n    pass\n", "é", ")", ""];

describe("DocumentTrees (incremental tree-sitter parses)", () => {
  it("after each of 200 random edits, the incremental tree equals a full parse", async () => {
    const trees = new DocumentTrees();
    const next = random(18);
    let text = SOURCE;
    for (let step = 0; step < 200; step++) {
      const start = Math.floor(next() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(next() * 6));
      text = text.slice(0, start) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(end);
      const incremental = await trees.withTree("doc", text, (tree) => tree.rootNode.toString());
      assert.equal(incremental, await fullParse(text), `step ${step}`);
    }
    trees.dispose();
  });

  it("keeps the trees of the few most recently used documents, and parses an evicted one afresh", async () => {
    const trees = new DocumentTrees(2);
    for (const id of ["a", "b", "c"]) await trees.withTree(id, `${id} = 1\n`, () => undefined);
    assert.equal(trees.size, 2);
    assert.equal(await trees.withTree("a", "a = 2\n", (tree) => tree.rootNode.text), "a = 2\n");
    trees.forget("a");
    assert.equal(trees.size, 1);
    trees.dispose();
    assert.equal(trees.size, 0);
  });

  it("editBetween: the changed span, with rows and columns", () => {
    assert.deepEqual(editBetween("ab\ncd\nef", "ab\ncXYd\nef"), {
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 6,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 3 },
    });
    assert.deepEqual(editBetween("a\nb\nc", "a\nc"), {
      startIndex: 2,
      oldEndIndex: 4,
      newEndIndex: 2,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 2, column: 0 },
      newEndPosition: { row: 1, column: 0 },
    });
  });
});
