import * as assert from "node:assert/strict";
import * as parser from "../../../src/core/python/parser";
import { buildPrompt } from "../../../src/core/prompt";
import {
  DEFAULT_WINDOW_LIMITS,
  type DocumentWindow,
  documentWindow,
  windowLineMapper,
} from "../../../src/core/python/window";

/** A module of `bytes` characters: a docstring, imports, then many small documented functions. */
function largeModule(bytes: number): string {
  let text = '"""Large module."""\nimport os\nfrom pathlib import Path\n';
  for (let index = 0; text.length < bytes; index++) {
    text += `\n\n@cached\ndef helper_${index}(value, other=None):\n    """Return value plus ${index}.\n\n    def not_a_definition(): inside a docstring\n    """\n    result = value + ${index}\n    if other:\n        result += other\n    return result\n`;
  }
  return text;
}

/** Every window line is the document line windowLineMapper gives for it. */
function assertEachLineMaps(document: string, window: DocumentWindow): void {
  const documentLine = windowLineMapper(document, window);
  const documentLines = document.split("\n");
  // the window ends where a line starts: its last piece is empty
  window.text
    .split("\n")
    .slice(0, -1)
    .forEach((line, index) => assert.equal(documentLines[documentLine(index)], line, `window line ${index}`));
}

/** The head, the text above the cursor's definition and below the next one, and a function's worth of slack. */
const WINDOW_BOUND =
  DEFAULT_WINDOW_LIMITS.headChars +
  1.25 * DEFAULT_WINDOW_LIMITS.beforeCursorChars +
  2 * DEFAULT_WINDOW_LIMITS.afterCursorChars +
  1_000;

describe("prompt document window (bounded work per request in large files)", () => {
  const text = largeModule(2_000_000);
  const target = text.indexOf("def helper_9000(");
  const offset = text.indexOf("    if other:", target);

  it("a 2 MB document: the window keeps the imports and the cursor's function, and is bounded", () => {
    const window = documentWindow(text, offset);
    assert.ok(window.text.length <= WINDOW_BOUND, `${window.text.length} characters`);
    assert.equal(window.text.slice(window.offset - 200, window.offset + 200), text.slice(offset - 200, offset + 200));
    assert.ok(window.text.startsWith('"""Large module."""\nimport os\nfrom pathlib import Path\n'));
    const cursorFunction = window.text.lastIndexOf("def helper_", window.offset);
    assert.equal(window.text.slice(cursorFunction, cursorFunction + 17), "def helper_9000(v");
    // both pieces are cut where a top-level definition starts (a decorated one at its decorator), never inside one
    const decorators = window.text.split("@cached\n").length - 1;
    assert.equal(window.text.split("@cached\ndef helper_").length - 1, decorators, "no decorator without its function");
    assert.equal(window.text.split("def helper_").length - 1, decorators, "no function without its decorator");
    assert.equal(window.text.split('"""').length % 2, 1, "no docstring cut open");
  });

  it("stays put while a body is typed: only the edited function changes", () => {
    const bodyStart = text.indexOf("    result = value + 9000", target);
    const functionEnd = text.indexOf("\n\n\n", bodyStart);
    let typed = "";
    const windows = [];
    for (let line = 0; line < 40; line++) {
      typed += `    step_${line} = value * ${line}\n`;
      const document = text.slice(0, bodyStart) + typed + text.slice(bodyStart);
      const window = documentWindow(document, bodyStart + typed.length);
      const cursor = window.offset;
      // what lies above the edited body and below the edited function
      const above = window.text.slice(0, cursor - typed.length);
      const below = window.text.slice(cursor + (functionEnd - bodyStart));
      windows.push({ above, below });
    }
    for (const window of windows.slice(1)) {
      assert.equal(window.above, windows[0].above, "the text above the body moved");
      assert.equal(window.below, windows[0].below, "the text below the function moved");
    }
  });

  it("maps each window line to its document line", () => {
    assertEachLineMaps(text, documentWindow(text, offset));
  });

  it("a module of data (no definition near the top) keeps its imports, through a parenthesised one", () => {
    const imports = '"""Tables."""\nimport os\nfrom pathlib import (\n    Path,\n)\n# the data\n';
    const rows = Array.from({ length: 40_000 }, (_, index) => `ROW_${index} = {"id": ${index}}\n`).join("");
    const data = imports + rows;
    const window = documentWindow(data, data.length - 10);
    assert.ok(window.text.startsWith(imports), window.text.slice(0, 80));
    assert.match(window.text.slice(imports.length), /^ROW_3\d{4} = /, "then the rows above the cursor");
    assert.ok(window.text.length <= WINDOW_BOUND, `${window.text.length} characters`);
  });

  it("never cuts inside the module docstring, whose examples may hold a column-0 def (doctest.py's shape)", () => {
    const docstring =
      '"""Module doc.\n\nIn simplest use:\n\ndef _test():\n    import doctest\n    doctest.testmod()\n"""\n';
    const functions = Array.from({ length: 3_000 }, (_, index) => `\n\ndef f_${index}(x):\n    return x + ${index}\n`);
    const module = `${docstring}import os\n${functions.join("")}`;
    // the cursor near the top: nothing above it is cut
    const near = module.indexOf("    return x + 3\n");
    assert.ok(documentWindow(module, near).text.startsWith(docstring));
    // the cursor far down: the head ends after the imports, not at the docstring's `def _test():`
    const far = module.indexOf("    return x + 2500\n");
    const window = documentWindow(module, far);
    assert.ok(window.text.startsWith(`${docstring}import os\n`), window.text.slice(0, 120));
  });

  describe("inside a class longer than the window", () => {
    const header = '@registered\nclass Store(\n    Base,\n    metaclass=Meta,\n):\n    """A long class."""\n\n';
    const methods = Array.from(
      { length: 600 },
      (_, index) =>
        `    @property\n    def item_${index}(self):\n        """Item ${index}."""\n        if self.ready:\n            return self.items[${index}]\n        return None\n\n`,
    );
    const module = `"""Shop."""\nimport os\n\n\n${header}${methods.join("")}\n\ndef after():\n    return 1\n`;
    const target = module.indexOf("    def item_500(self):");
    const cursor = module.indexOf("            return self.items[500]", target);
    const classLines = header.slice(0, header.indexOf('    """'));

    it("a method keeps its class: the class's header, then a member at its first decorator", async () => {
      const window = documentWindow(module, cursor);
      assert.ok(window.text.length <= WINDOW_BOUND, `${window.text.length} characters`);
      const start = `"""Shop."""\nimport os\n\n\n${classLines}    @property\n    def item_`;
      assert.equal(window.text.slice(0, start.length), start);
      assert.equal(
        window.text.slice(window.offset - 300, window.offset + 300),
        module.slice(cursor - 300, cursor + 300),
      );
      const tree = await parser.parsePython(window.text);
      try {
        assert.equal(tree.rootNode.hasError, false, "the window is valid Python");
      } finally {
        tree.delete();
      }
    });

    it("maps each line to its document line, through the class header", () => {
      assertEachLineMaps(module, documentWindow(module, cursor));
    });

    it("stays put while the method's body is typed", () => {
      const above = new Set<string>();
      let typed = "";
      for (let line = 0; line < 30; line++) {
        typed += `            step_${line} = self.ready * ${line}\n`;
        const document = module.slice(0, cursor) + typed + module.slice(cursor);
        const window = documentWindow(document, cursor + typed.length);
        above.add(window.text.slice(0, window.offset - typed.length));
      }
      assert.equal(above.size, 1, "the text above the typed lines moved");
    });
  });

  it("a document below the limit is used whole", () => {
    const small = largeModule(20_000);
    assert.deepEqual(documentWindow(small, 1234), { text: small, offset: 1234 });
  });

  it("a suggestion request in a 2 MB document parses a bounded number of characters", async () => {
    const parsed: number[] = [];
    const original = parser.parsePython;
    const mutable = parser as { parsePython: typeof parser.parsePython };
    mutable.parsePython = (source, options) => {
      parsed.push(source.length);
      return original(source, options);
    };
    try {
      const built = await buildPrompt({
        text,
        offset,
        tokenBudget: 1024,
        countTokens: (part) => Math.ceil(part.length / 4),
      });
      assert.ok(parsed.length > 0, "the builder parses through parsePython");
      for (const length of parsed) assert.ok(length <= WINDOW_BOUND, `parsed ${length} characters of ${text.length}`);
      assert.match(built.prompt, /import os/);
      assert.match(built.prompt, /def helper_9000\(value, other=None\):\n {4}"""Return value plus 9000\./);
      assert.ok(built.prompt.endsWith("result = value + 9000\n"), JSON.stringify(built.prompt.slice(-80)));
    } finally {
      mutable.parsePython = original;
    }
  });
});
