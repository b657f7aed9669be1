import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../../../src/core/lint/engine";

/**
 * Golden fixtures, semgrep style: `# ruleid: <id>` means the next code line must get a finding of that rule,
 * `# ok: <id>` means it must not. For every rule a file mentions, the lines with findings must equal the
 * annotated lines exactly (so an unannotated finding fails too).
 */
const FIXTURE_ROOT = path.resolve(__dirname, "../../../../test/fixtures/lint");
const ANNOTATION = /^\s*#\s*(ruleid|ok)\s*:\s*([\w\-, ]+)$/;

function fixtureFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return entry.name.endsWith(".py") ? [full] : [];
  });
}

interface Expectations {
  /** rule id → zero-based lines that must have a finding */
  expected: Map<string, Set<number>>;
  /** rule id → lines that must not */
  forbidden: Map<string, Set<number>>;
}

function parseAnnotations(source: string): Expectations {
  const lines = source.split("\n");
  const expected = new Map<string, Set<number>>();
  const forbidden = new Map<string, Set<number>>();
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (!match) return;
    let target = index + 1;
    while (target < lines.length && (/^\s*#/.test(lines[target]) || lines[target].trim() === "")) target++;
    const table = match[1] === "ruleid" ? expected : forbidden;
    for (const ruleId of match[2]
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean)) {
      if (!table.has(ruleId)) table.set(ruleId, new Set());
      table.get(ruleId)!.add(target);
      if (!expected.has(ruleId)) expected.set(ruleId, new Set());
    }
  });
  return { expected, forbidden };
}

describe("lint golden fixtures", () => {
  const files = fixtureFiles(FIXTURE_ROOT);

  it("finds fixture files", () => {
    assert.ok(files.length > 0, `no fixtures under ${FIXTURE_ROOT}`);
  });

  for (const file of files) {
    it(path.relative(FIXTURE_ROOT, file), async () => {
      const source = fs.readFileSync(file, "utf8");
      const { expected, forbidden } = parseAnnotations(source);
      assert.ok(expected.size > 0, "fixture has no annotations");
      const findings = await lintPython(source, { timeBudgetMs: 10_000 });
      for (const [ruleId, lines] of expected) {
        const actual = new Set(
          findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.range.startLine),
        );
        const describeLines = (set: Set<number>) =>
          [...set]
            .sort((a, b) => a - b)
            .map((line) => line + 1)
            .join(", ");
        assert.equal(
          describeLines(actual),
          describeLines(lines),
          `${ruleId}: lines with findings (1-based) differ from annotated ones`,
        );
        for (const line of forbidden.get(ruleId) ?? [])
          assert.ok(!actual.has(line), `${ruleId}: unexpected finding on line ${line + 1}`);
      }
    });
  }
});
