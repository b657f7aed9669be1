import * as assert from "node:assert/strict";
import { cursorSyntax, documentCursorSyntax, type CursorSyntax } from "../../../src/core/controls/cursorSyntax";
import { DocumentTrees } from "../../../src/core/controls/documentTrees";

/** The document with the cursor marked █. */
async function syntaxAt(marked: string): Promise<CursorSyntax> {
  const offset = marked.indexOf("█");
  assert.ok(offset >= 0, "no cursor mark");
  return cursorSyntax(marked.replace("█", ""), offset);
}

const CASES: [string, string, CursorSyntax][] = [
  ["a blank line in a body", "def f():\n    █\n", "code"],
  ["the line after a docstring (the body it asks for)", 'def f():\n    """Return 1."""\n    █\n', "code"],
  ["right after a closed string", 'print("hello")█\n', "code"],
  ["just before a comment", "x = 1  █# note\n", "code"],
  ["the line below a comment", "# note\n█\n", "code"],
  ["inside an f-string's braces", 'x = f"a {ab█} b"\n', "code"],
  ["a comment's end", "x = 1  # note█\n", "comment"],
  ["a comment's end, no final newline", "x = 1  # note█", "comment"],
  ["inside a comment", "# a █note\n", "comment"],
  ["inside a string", 'print("hel█lo")\n', "string"],
  ["inside an f-string's text", 'x = f"a█ {b}"\n', "string"],
  ["inside a non-ASCII string", 'é = "ü█"\n', "string"],
  ["a string not closed yet", 'print("hello █\n', "string"],
  ["the line after an unclosed one-line quote", 'print("hello\nx = █\n', "code"],
  ["a multi-line string that is not a docstring", 's = """multi\nline █\n"""\n', "string"],
  ["an unclosed triple-quoted string below code", "x = 1\ns = '''abc █\n", "string"],
  ["a function docstring", 'def f():\n    """Return █\n    """\n', "docstring"],
  ["a function docstring below a comment", 'def f():\n    # why\n    """Return █"""\n', "docstring"],
  ["a class docstring", 'class A:\n    """An █"""\n    x = 1\n', "docstring"],
  ["a module docstring", '"""Module doc █"""\nimport os\n', "docstring"],
  ["an unclosed function docstring", 'def f():\n    """Return █\n', "docstring"],
  ["an unclosed docstring above another def", 'def f():\n    """Return █\n\ndef g():\n    pass\n', "docstring"],
  ["a second string in a body", 'def f():\n    """Doc."""\n    "not █a docstring"\n', "string"],
];

/** The document cut after the cursor's line, as the extension parses it. */
function throughCursorLine(marked: string): string {
  const lineEnd = marked.indexOf("\n", marked.indexOf("█"));
  return lineEnd === -1 ? marked : marked.slice(0, lineEnd + 1);
}

describe("cursorSyntax (where automatic suggestions may show)", () => {
  for (const [name, marked, expected] of CASES) {
    it(`${name}: ${expected}`, async () => assert.equal(await syntaxAt(marked), expected));
  }

  it("answers the same from the text up to the end of the cursor line", async () => {
    for (const [name, marked, expected] of CASES)
      assert.equal(await syntaxAt(throughCursorLine(marked)), expected, name);
  });
});

describe("documentCursorSyntax (the extension's path, any document size)", () => {
  /** Records the length of every text parsed. */
  class MeasuredTrees extends DocumentTrees {
    readonly parsedLengths: number[] = [];
    override withTree<T>(id: string, text: string, use: Parameters<DocumentTrees["withTree"]>[2]): Promise<T> {
      this.parsedLengths.push(text.length);
      return super.withTree(id, text, use as never);
    }
  }
  const functions = (count: number, name: string) =>
    Array.from(
      { length: count },
      (_, index) => `def ${name}_${index}(x):\n    """Doc ${index}."""\n    return x\n\n\n`,
    ).join("");
  // about 1 MB on either side of the case
  const above = `import os\n\n\n${functions(20_000, "above")}`;
  const below = `\n\n${functions(20_000, "below")}`;

  it("answers as for the case alone when it sits in the middle of a 2 MB module, parsing a bounded text", async () => {
    const trees = new MeasuredTrees();
    // in the middle of a module a module docstring is an ordinary string: the one case that means something else there
    for (const [name, marked, expected] of CASES.filter(([name]) => name !== "a module docstring")) {
      const document = above + marked.replace("█", "") + below;
      const offset = above.length + marked.indexOf("█");
      const lineEnd = document.indexOf("\n", offset);
      const syntax = await documentCursorSyntax(trees, "doc", document.slice(0, lineEnd + 1), offset);
      assert.equal(syntax, expected, name);
    }
    trees.dispose();
    assert.ok(Math.max(...trees.parsedLengths) < 40_000, `parsed ${Math.max(...trees.parsedLengths)} characters`);
  });
});
