import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Node, Tree } from "web-tree-sitter";
import { loadPythonParser } from "../../../src/core/python/parser";
import { editBetween } from "../../../src/core/controls/documentTrees";
import { type SyntaxNode, SyntaxTree } from "../../../src/core/lint/tree";
import { Random } from "../../stress/random";

/** The copy must answer exactly as web-tree-sitter's own nodes do: every rule reads the tree through it. */
const LINT_INPUTS = ["test/fixtures/lint", "test/corpus/lint"].map((folder) =>
  path.resolve(__dirname, "../../../..", folder),
);

function pythonFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return pythonFiles(full);
    return entry.name.endsWith(".py") ? [full] : [];
  });
}

/** Syntax errors, missing tokens, CRLF, astral characters, deep nesting, empty input. */
const EDGE_CASES = [
  "",
  "x = 1",
  'def f(:\n    return "é😀" + g(\n',
  "if x\r\n    y = [1, 2,\r\n",
  "a = (((((((((((((((1)))))))))))))))\nb = not a and b or c\nc = x if y else z\nd = -x ** 2 @ m\n",
  "class C:\n    @property\n    def p(self) -> int:  # comment\n        return self._p\n",
  "print 'old'\nexec 'code'\nlambda: (yield)\n",
];

function assertSameTree(copy: SyntaxNode, node: Node, fieldNames: readonly (string | null)[], where: string): void {
  const at = `${where} ${node.type}@${node.startIndex}`;
  assert.equal(copy.type, node.type, at);
  assert.equal(copy.isNamed, node.isNamed, at);
  assert.equal(copy.startIndex, node.startIndex, at);
  assert.equal(copy.endIndex, node.endIndex, at);
  assert.deepEqual(copy.startPosition, node.startPosition, at);
  assert.deepEqual(copy.endPosition, node.endPosition, at);
  assert.equal(copy.text, node.text, at);
  const children = node.children.filter((child): child is Node => child !== null);
  assert.equal(copy.children.length, children.length, at);
  assert.equal(copy.namedChildren.length, node.namedChildCount, at);
  const same = (mine: SyntaxNode | null, theirs: Node | null, what: string) =>
    assert.equal(
      mine && `${mine.type}@${mine.startIndex}`,
      theirs && `${theirs.type}@${theirs.startIndex}`,
      `${at} ${what}`,
    );
  same(copy.firstChild, node.firstChild, "firstChild");
  same(copy.lastChild, node.lastChild, "lastChild");
  same(copy.firstNamedChild, node.firstNamedChild, "firstNamedChild");
  same(copy.lastNamedChild, node.lastNamedChild, "lastNamedChild");
  same(copy.namedChild(1), node.namedChild(1), "namedChild(1)");
  // web-tree-sitter finds siblings by position and skips a zero-width (missing) one; the copy goes by child order
  const positional = (sibling: SyntaxNode | null) =>
    sibling && sibling.startIndex === sibling.endIndex ? null : sibling;
  same(positional(copy.previousSibling), node.previousSibling, "previousSibling");
  same(positional(copy.nextSibling), node.nextSibling, "nextSibling");
  same(positional(copy.nextNamedSibling), node.nextNamedSibling, "nextNamedSibling");
  for (const fieldName of fieldNames) {
    if (!fieldName) continue;
    const expected = node.childrenForFieldName(fieldName).map((child) => child?.startIndex);
    assert.deepEqual(
      copy.childrenForFieldName(fieldName).map((child) => child.startIndex),
      expected,
      `${at} field ${fieldName}`,
    );
    const byField = node.childForFieldName(fieldName);
    // web-tree-sitter also answers with a grandchild whose field a hidden rule aliased to a visible node passes up
    // (a match statement's `alternative` is a case clause inside its body block); the copy keeps to its children
    if (byField && !byField.parent?.equals(node)) continue;
    assert.equal(copy.childForFieldName(fieldName)?.startIndex, byField?.startIndex, `${at} field ${fieldName}`);
  }
  children.forEach((child, index) => {
    assert.ok(copy.children[index].parent?.equals(copy), at);
    assertSameTree(copy.children[index], child, fieldNames, where);
  });
}

/** Two copies with the same nodes: types, ranges, children and the children of each field. */
function assertSameCopy(copy: SyntaxNode, expected: SyntaxNode, fieldNames: readonly (string | null)[], where: string) {
  const at = `${where} ${expected.type}@${expected.startIndex}`;
  assert.deepEqual(
    [copy.type, copy.startIndex, copy.endIndex],
    [expected.type, expected.startIndex, expected.endIndex],
    at,
  );
  const starts = (nodes: SyntaxNode[]) => nodes.map((node) => node.startIndex);
  for (const fieldName of fieldNames)
    if (fieldName)
      assert.deepEqual(
        starts(copy.childrenForFieldName(fieldName)),
        starts(expected.childrenForFieldName(fieldName)),
        `${at} ${fieldName}`,
      );
  const children = expected.children;
  assert.equal(copy.children.length, children.length, at);
  copy.children.forEach((child, index) => {
    assert.ok(child.parent?.equals(copy), at);
    assertSameCopy(child, children[index], fieldNames, where);
  });
}

describe("lint syntax tree copy", () => {
  let trees: { name: string; source: string; tree: Tree }[] = [];

  before(async () => {
    const parser = await loadPythonParser();
    const sources = [
      ...LINT_INPUTS.flatMap(pythonFiles).map((file) => ({
        name: path.basename(file),
        source: fs.readFileSync(file, "utf8"),
      })),
      ...EDGE_CASES.map((source, index) => ({ name: `edge case ${index}`, source })),
    ];
    trees = sources.map(({ name, source }) => ({ name, source, tree: parser.parse(source)! }));
  });

  after(() => trees.forEach(({ tree }) => tree.delete()));

  it("has the types, ranges, text, children and fields of web-tree-sitter's nodes", () => {
    assert.ok(trees.length > 40);
    for (const { name, source, tree } of trees) {
      assertSameTree(SyntaxTree.copy(tree, source).tree.rootNode, tree.rootNode, tree.language.fields, name);
    }
  });

  it("taken partly from the copy of the tree it was parsed incrementally from, is the tree's copy", async () => {
    const parser = await loadPythonParser();
    // edits that keep, reshape or swallow the statements after them: text, an open bracket or string, a dedent
    const insertions = ["x", "\n", "(", '"""', "\ndef g():\n    pass\n", "    y = 1\n", "if a:\n", "#"];
    const random = new Random(15);
    for (const { name, source, tree } of trees) {
      const old = SyntaxTree.copy(tree, source).tree;
      for (let round = 0; round < 6; round++) {
        const start = random.int(0, source.length);
        const end = Math.min(source.length, start + (random.chance(0.5) ? 0 : random.int(0, 40)));
        const inserted = random.chance(0.8) ? random.pick(insertions) : "";
        const text = source.slice(0, start) + inserted + source.slice(end);
        const edited = tree.copy();
        const edit = editBetween(source, text);
        edited.edit(edit);
        const next = parser.parse(text, edited)!;
        try {
          const previous = { tree: old, edit, changedRanges: next.getChangedRanges(edited) };
          const copy = SyntaxTree.copy(next, text, () => false, previous).tree;
          const where = `${name}: ${start}-${end} replaced by ${JSON.stringify(inserted)}`;
          assertSameCopy(copy.rootNode, SyntaxTree.copy(next, text).tree.rootNode, next.language.fields, where);
        } finally {
          next.delete();
          edited.delete();
        }
      }
      const same = SyntaxTree.copy(tree, source, () => false, { tree: old, changedRanges: [] }).tree;
      assertSameCopy(same.rootNode, SyntaxTree.copy(tree, source).tree.rootNode, tree.language.fields, name);
    }
  });

  it("finds descendants of a type like web-tree-sitter (the node itself included)", () => {
    // a list holding "ERROR" is left out: web-tree-sitter then matches only errors (its symbol list is unsorted)
    const types = ["call", "identifier", "string_content", "block"];
    for (const { name, source, tree } of trees) {
      const copy = SyntaxTree.copy(tree, source).tree;
      for (const type of [...types, "ERROR", types]) {
        const expected = tree.rootNode
          .descendantsOfType(type)
          .map((node) => `${node!.type}@${node!.startIndex}-${node!.endIndex}`);
        assert.deepEqual(
          copy.rootNode.descendantsOfType(type).map((node) => `${node.type}@${node.startIndex}-${node.endIndex}`),
          expected,
          `${name} ${String(type)}`,
        );
      }
      for (const call of copy.rootNode.descendantsOfType("call")) {
        const inside = call.descendantsOfType("identifier");
        assert.ok(
          inside.every(
            (identifier) => identifier.startIndex >= call.startIndex && identifier.endIndex <= call.endIndex,
          ),
          name,
        );
      }
    }
  });

  it("gives up when out of time instead of copying a huge tree", async () => {
    const parser = await loadPythonParser();
    const source = "x = f(a, b)\n".repeat(5000);
    const tree = parser.parse(source)!;
    try {
      assert.equal(SyntaxTree.copy(tree, source, () => true).complete, false);
      assert.equal(SyntaxTree.copy(tree, source, () => false).complete, true);
    } finally {
      tree.delete();
    }
  });

  it("when out of time, keeps the top-level statements read completely, each as web-tree-sitter has it", async () => {
    const parser = await loadPythonParser();
    const source = "def f(a, b):\n    return g(a, [b, a])\n\n".repeat(2000);
    const tree = parser.parse(source)!;
    try {
      const { tree: copy, complete } = SyntaxTree.copy(tree, source, () => true);
      assert.equal(complete, false);
      const statements = copy.rootNode.children;
      assert.ok(
        statements.length > 0 && statements.length < tree.rootNode.childCount,
        `${statements.length} statements`,
      );
      // the last statement kept has no next sibling in the copy: compare all but it whole, it by its children
      statements
        .slice(0, -1)
        .forEach((statement, index) =>
          assertSameTree(statement, tree.rootNode.child(index)!, tree.language.fields, `statement ${index}`),
        );
      const last = statements.at(-1)!;
      const theirs = tree.rootNode.child(statements.length - 1)!;
      assert.deepEqual(
        [last.type, last.startIndex, last.endIndex, last.nextSibling],
        [theirs.type, theirs.startIndex, theirs.endIndex, null],
      );
      last.children.forEach((child, index) =>
        assertSameTree(child, theirs.child(index)!, tree.language.fields, "last statement"),
      );
      // a released copy's columns serve the next copy, which must read the whole tree afresh
      copy.release();
      assertSameTree(SyntaxTree.copy(tree, source).tree.rootNode, tree.rootNode, tree.language.fields, "after release");
    } finally {
      tree.delete();
    }
  });
});
