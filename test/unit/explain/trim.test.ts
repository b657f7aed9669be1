import * as assert from "node:assert/strict";
import * as path from "node:path";
import { trimExplanation } from "../../../src/core/explain";
import { fixtureRoot } from "../prompt/fixtures";
import { listCases, readSections } from "./fixtures";

/**
 * test/fixtures/explain/trim/<case>.txt: "=== raw" (what Phi-2 generated after "Output:"), "=== expected"
 * (what the panel shows) and optionally "=== stops" (present when the generation should stop there).
 */
describe("explain answer trimming golden fixtures", () => {
  const cases = listCases(fixtureRoot("explain/trim"), (name) => name.endsWith(".txt"));
  it("has at least eight cases", () => assert.ok(cases.length >= 8));
  for (const file of cases) {
    it(path.basename(file, ".txt"), () => {
      const sections = readSections(file);
      const raw = sections.get("raw");
      const expected = sections.get("expected");
      assert.ok(raw !== undefined && expected !== undefined, "raw and expected sections");
      const trimmed = trimExplanation(raw);
      assert.equal(trimmed.text, expected);
      assert.equal(trimmed.endedAtNextBlock, sections.has("stops"));
    });
  }
});
