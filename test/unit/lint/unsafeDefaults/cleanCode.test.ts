import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../../../../src/core/lint/engine";
import { unsafeDefaultRules } from "../../../../src/core/lint/rules/unsafeDefaults/index";

/** Realistic, carefully written modules (web service, training script, ops tool): no unsafe-default rule may fire. */
const CLEAN_ROOT = path.resolve(__dirname, "../../../../../test/fixtures/lint-clean");

describe("unsafe-default rules on carefully written code", () => {
  const files = fs.readdirSync(CLEAN_ROOT).filter((name) => name.endsWith(".py"));

  it("has clean modules to check", () => assert.ok(files.length >= 3));

  for (const file of files) {
    it(`reports nothing in ${file}`, async () => {
      const source = fs.readFileSync(path.join(CLEAN_ROOT, file), "utf8");
      const findings = await lintPython(source, { rules: unsafeDefaultRules, timeBudgetMs: 10_000 });
      const lines = source.split("\n");
      assert.deepEqual(
        findings.map(
          (finding) => `${finding.range.startLine + 1} ${finding.ruleId}: ${lines[finding.range.startLine].trim()}`,
        ),
        [],
      );
    });
  }
});
