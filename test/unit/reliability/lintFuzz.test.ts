import * as assert from "node:assert/strict";
import { fuzzInputs, runLintFuzz } from "../../stress/lintFuzz";

/** The lint's default time budget is 3 s per file; on top of it we allow for truncation, a GC pause, a busy machine. */
const BOUND_MS = 5000;
const HUGE_BOUND_MS = 10_000;

describe("reliability: lint fuzzing (real tree-sitter lint, seeded inputs)", function () {
  this.timeout(90_000);

  it("generates the same inputs for the same seed", () => {
    const first = [...fuzzInputs({ inputs: 50, seed: 8, hugeFiles: 0, longLines: 2 })].map((input) => input.text);
    const again = [...fuzzInputs({ inputs: 50, seed: 8, hugeFiles: 0, longLines: 2 })].map((input) => input.text);
    assert.deepEqual(again, first);
    assert.notDeepEqual(
      [...fuzzInputs({ inputs: 50, seed: 9, hugeFiles: 0, longLines: 2 })].map((input) => input.text),
      first,
    );
  });

  it("2,000 generated and mutated inputs: no exception escapes, no rule crashes, each within the bound", async () => {
    const report = await runLintFuzz({ inputs: 2000, seed: 8, hugeFiles: 1, longLines: 4 });
    console.log(
      `      ${report.inputs} inputs (${report.inputMegabytes} MB) in ${report.durationMs} ms: ${JSON.stringify(report.byKind)}, ms per kind ${JSON.stringify(report.msByKind)}; ` +
        `${report.findings} findings; slowest ${report.slowest.ms} ms (${report.slowest.kind}, ${report.slowest.length} chars), 10 MB file ${report.slowestHuge.ms} ms`,
    );
    assert.deepEqual(report.escaped, []);
    assert.deepEqual(report.ruleCrashes, []);
    assert.equal(report.inputs, 2000);
    for (const [kind, count] of Object.entries(report.byKind)) assert.ok(count > 0, `no ${kind} input was generated`);
    assert.ok(report.slowest.ms < BOUND_MS, `${report.slowest.kind} input took ${report.slowest.ms} ms`);
    assert.ok(report.slowestHuge.ms < HUGE_BOUND_MS, `a 10 MB file took ${report.slowestHuge.ms} ms`);
    assert.ok(report.findings > 0, "the lint still finds things in mutated real files");
  });
});
