import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPrompt } from "../../../src/core/prompt";
import { countTokens, fixtureRoot, readOrWriteGolden, splitAtCursor } from "./fixtures";

/**
 * Golden prompts: test/fixtures/prompt/<case>/input.py (cursor marked with █, optional options.json with
 * a tokenBudget) → expected.prompt.txt (exact prompt) and expected.json (everything else).
 */
const root = fixtureRoot("prompt");
const cases = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "input.py")));

describe("prompt builder golden fixtures", () => {
  it("has at least 30 cases", () => assert.ok(cases.length >= 30, `only ${cases.length} cases`));

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(root, name);
      const { text, offset } = splitAtCursor(fs.readFileSync(path.join(dir, "input.py"), "utf8"));
      const optionsFile = path.join(dir, "options.json");
      const options = fs.existsSync(optionsFile)
        ? (JSON.parse(fs.readFileSync(optionsFile, "utf8")) as { tokenBudget?: number })
        : {};
      const built = await buildPrompt({ text, offset, countTokens, tokenBudget: options.tokenBudget });
      const { prompt, ...rest } = built;
      const summary = {
        ...rest,
        stablePrefix: prompt.slice(0, built.stablePrefixLength).split("\n").slice(-3).join("\n"),
      };
      assert.equal(prompt, readOrWriteGolden(path.join(dir, "expected.prompt.txt"), prompt));
      const json = `${JSON.stringify(summary, null, 2)}\n`;
      assert.deepEqual(JSON.parse(json), JSON.parse(readOrWriteGolden(path.join(dir, "expected.json"), json)));
    });
  }
});
