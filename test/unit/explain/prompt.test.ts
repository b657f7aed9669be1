import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  buildExplainPrompt,
  dedent,
  findExplainTarget,
  overlapsTarget,
  PromptTooLargeError,
  type ExplainTarget,
} from "../../../src/core/explain";
import { countTokens, fixtureRoot, readOrWriteGolden } from "../prompt/fixtures";
import { listCases, splitSelection } from "./fixtures";

/**
 * test/fixtures/explain/prompt/<case>/:
 *   input.py             the document, with the cursor (█) or the selection («…») marked
 *   options.json         optional { "maxPromptTokens": n } (default 1792: 2048 less 256 for the answer)
 *   expected.prompt.txt  the prompt sent to Phi-2 (UPDATE_GOLDEN=1 rewrites it; review the diff)
 *   expected.json        what was explained and what was cut
 */
const root = fixtureRoot("explain/prompt");

describe("explain prompt golden fixtures", () => {
  const cases = listCases(root);
  it("has at least eight cases", () => assert.ok(cases.length >= 8));
  for (const folder of cases) {
    it(path.basename(folder), async () => {
      const { text, start, end } = splitSelection(fs.readFileSync(path.join(folder, "input.py"), "utf8"));
      const optionsFile = path.join(folder, "options.json");
      const options = fs.existsSync(optionsFile)
        ? (JSON.parse(fs.readFileSync(optionsFile, "utf8")) as { maxPromptTokens?: number })
        : {};
      const target = await findExplainTarget(text, start, end);
      assert.ok(target, "there is something to explain");
      const built = buildExplainPrompt(target, { countTokens, maxPromptTokens: options.maxPromptTokens ?? 1792 });
      assert.ok(built.promptTokens <= (options.maxPromptTokens ?? 1792));
      assert.equal(built.prompt, readOrWriteGolden(path.join(folder, "expected.prompt.txt"), built.prompt));
      const summary =
        JSON.stringify(
          {
            kind: target.kind,
            name: target.name ?? null,
            startLine: target.startLine,
            endLine: target.endLine,
            endColumn: target.endColumn,
            shownLines: built.shownLines,
            totalLines: built.totalLines,
          },
          null,
          2,
        ) + "\n";
      assert.equal(summary, readOrWriteGolden(path.join(folder, "expected.json"), summary));
    });
  }
});

describe("explain prompt", () => {
  const target = (code: string): ExplainTarget => {
    const lines = code.split("\n");
    return {
      kind: "selection",
      code,
      startOffset: 0,
      endOffset: code.length,
      startLine: 0,
      startColumn: 0,
      endLine: lines.length - 1,
      endColumn: lines.at(-1)!.length,
    };
  };

  it("uses Phi-2's QA format: Instruct, the code in a fence, Output: last", () => {
    const built = buildExplainPrompt(target("x = 1"), { countTokens, maxPromptTokens: 1000 });
    assert.match(built.prompt, /^Instruct: Explain what the following Python code does/);
    assert.ok(built.prompt.endsWith("```python\nx = 1\n```\nOutput:"));
    assert.equal(built.shownLines, 1);
  });

  it("keeps whole lines from the top within the budget and says how many were left out", () => {
    const code = Array.from({ length: 400 }, (_, i) => `value_${i} = compute(${i}) + offset_${i}`).join("\n");
    const built = buildExplainPrompt(target(code), { countTokens, maxPromptTokens: 300 });
    assert.ok(built.promptTokens <= 300 && built.promptTokens > 250, `${built.promptTokens} tokens`);
    assert.ok(built.shownLines > 5 && built.shownLines < 400);
    assert.equal(built.totalLines, 400);
    assert.ok(built.prompt.includes(`value_${built.shownLines - 1} = `));
    assert.ok(!built.prompt.includes(`value_${built.shownLines} = `));
    assert.ok(built.prompt.includes(`# ... (${400 - built.shownLines} more lines not shown)\n\`\`\`\nOutput:`));
  });

  it("cuts one line longer than the budget by characters", () => {
    const built = buildExplainPrompt(target(`data = "${"a".repeat(20_000)}"`), { countTokens, maxPromptTokens: 200 });
    assert.ok(built.promptTokens <= 200);
    assert.equal(built.shownLines, 1);
    assert.ok(built.prompt.includes('data = "aaa'));
  });

  it("fails clearly when not even the instruction fits", () => {
    assert.throws(() => buildExplainPrompt(target("x = 1"), { countTokens, maxPromptTokens: 10 }), PromptTooLargeError);
  });

  it("dedents a method so it reads as top-level code, keeping relative indentation and blank lines", () => {
    assert.equal(dedent("    def f(self):\n\n        return 1\n"), "def f(self):\n\n    return 1\n");
  });
});

describe("explain target", () => {
  const SOURCE = [
    "import os",
    "",
    "@decorator",
    "class Store:",
    '    """Keeps files."""',
    "",
    "    def path_of(self, name):",
    "        return os.path.join(self.root, name)",
    "",
    "    root = '/tmp'",
    "",
    "x = 1",
  ].join("\n");

  it("is the enclosing method when the cursor is in its body", async () => {
    const target = await findExplainTarget(SOURCE, SOURCE.indexOf("os.path.join"), SOURCE.indexOf("os.path.join"));
    assert.equal(target?.kind, "function");
    assert.equal(target?.name, "path_of");
    assert.equal(target?.code, "    def path_of(self, name):\n        return os.path.join(self.root, name)");
    assert.deepEqual([target?.startLine, target?.endLine], [6, 7]);
  });

  it("is the decorated class when the cursor is in the class body outside any method", async () => {
    const offset = SOURCE.indexOf("root = ");
    const target = await findExplainTarget(SOURCE, offset, offset);
    assert.equal(target?.kind, "class");
    assert.equal(target?.name, "Store");
    assert.ok(target?.code.startsWith("@decorator\nclass Store:"));
  });

  it("is nothing at module level with no selection", async () => {
    assert.equal(await findExplainTarget(SOURCE, SOURCE.length, SOURCE.length), undefined);
  });

  it("is the selection, widened to its line start over indentation, without trailing blank space", async () => {
    const start = SOURCE.indexOf("return os");
    const target = await findExplainTarget(SOURCE, start, SOURCE.indexOf("x = 1"));
    assert.equal(target?.kind, "selection");
    assert.equal(target?.code, "        return os.path.join(self.root, name)\n\n    root = '/tmp'");
    assert.equal(target?.startOffset, SOURCE.lastIndexOf("\n", start) + 1);
  });

  it("keeps the lint findings that overlap it (document coordinates, end exclusive)", async () => {
    const target = await findExplainTarget(SOURCE, SOURCE.indexOf("os.path.join"), SOURCE.indexOf("os.path.join"));
    assert.ok(target);
    const range = (startLine: number, startColumn: number, endLine: number, endColumn: number) => ({
      startLine,
      startColumn,
      endLine,
      endColumn,
    });
    assert.ok(overlapsTarget(range(7, 15, 7, 27), target), "inside");
    assert.ok(overlapsTarget(range(2, 0, 6, 5), target), "reaching into its first line");
    assert.ok(!overlapsTarget(range(5, 0, 6, 0), target), "ending where it starts");
    assert.ok(!overlapsTarget(range(9, 4, 9, 8), target), "after it");
  });

  it("counts offsets in UTF-16 code units, as VS Code does (non-ASCII text before the function)", async () => {
    const source = 'GREETING = "héllo wörld 🌍"\n\ndef greet():\n    return GREETING\n';
    const target = await findExplainTarget(source, source.indexOf("return"), source.indexOf("return"));
    assert.equal(target?.code, "def greet():\n    return GREETING");
    assert.equal(target?.startOffset, source.indexOf("def greet"));
  });
});
