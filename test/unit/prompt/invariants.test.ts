import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPrompt, buildWarmupPrompt } from "../../../src/core/prompt";
import { countTokens, fixtureRoot, splitAtCursor } from "./fixtures";

/** Properties every golden input must satisfy, independent of the exact expected text. */
const root = fixtureRoot("prompt");
const cases = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "input.py")));

function load(name: string): { text: string; offset: number; tokenBudget?: number } {
  const dir = path.join(root, name);
  const optionsFile = path.join(dir, "options.json");
  const options = fs.existsSync(optionsFile)
    ? (JSON.parse(fs.readFileSync(optionsFile, "utf8")) as { tokenBudget?: number })
    : {};
  return { ...splitAtCursor(fs.readFileSync(path.join(dir, "input.py"), "utf8")), ...options };
}

describe("prompt builder invariants", () => {
  for (const name of cases) {
    describe(name, () => {
      it("fits the budget and never ends in spaces or tabs", async () => {
        const input = load(name);
        const built = await buildPrompt({ ...input, countTokens });
        assert.ok(built.promptTokens <= (input.tokenBudget ?? 1024), `${built.promptTokens} tokens`);
        assert.equal(built.promptTokens, countTokens(built.prompt));
        assert.doesNotMatch(built.prompt, /[ \t]$/);
        assert.doesNotMatch(built.prompt, /\r/);
      });

      // Half-typed code is the normal state while typing: tree-sitter's error recovery must not leak into the stable part.
      for (const [label, typing] of [
        ["a character", () => "x"],
        ["an unclosed call", () => "foo("],
        ["a line, then an unclosed call", (indent: string) => `x\n${indent}y = foo(`],
        ["a line, then an unclosed string", (indent: string) => `x\n${indent}s = "abc`],
      ] as const) {
        it(`keeps the stable prefix byte-identical while the user types ${label} at the cursor`, async () => {
          const input = load(name);
          const before = await buildPrompt({ ...input, countTokens });
          if (before.stablePrefixLength === 0) return; // nothing is promised to stay
          // On a blank line the editor indents to where the code belongs before the first character lands.
          const linePrefix = input.text.slice(input.text.lastIndexOf("\n", input.offset - 1) + 1, input.offset);
          const autoIndent =
            linePrefix.trim() === "" && before.indent.startsWith(linePrefix)
              ? before.indent.slice(linePrefix.length)
              : "";
          const typed = autoIndent + typing(before.indent);
          const text = input.text.slice(0, input.offset) + typed + input.text.slice(input.offset);
          const after = await buildPrompt({ ...input, text, offset: input.offset + typed.length, countTokens });
          const stable = before.prompt.slice(0, before.stablePrefixLength);
          assert.equal(after.prompt.slice(0, after.stablePrefixLength), stable);
        });
      }

      it("offers the stable prefix as the warm-up prompt", async () => {
        const input = load(name);
        const built = await buildPrompt({ ...input, countTokens });
        assert.equal(
          await buildWarmupPrompt({ ...input, countTokens }),
          built.prompt.slice(0, built.stablePrefixLength),
        );
      });
    });
  }
});
