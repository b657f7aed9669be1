import * as assert from "node:assert/strict";
import { DEFAULT_CORPUS_DIR, readCorpus, scoreCorpus } from "../../../scripts/lint-corpus-score";

describe("lint corpus score", function () {
  this.timeout(120_000);

  it("has at least 150 labelled cases with vulnerable and safe twins", () => {
    const cases = readCorpus(DEFAULT_CORPUS_DIR);
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    assert.ok(cases.filter((corpusCase) => corpusCase.expect.length === 0).length >= 70, "safe twins");
  });

  it("reaches precision and recall >= 0.9 in every category", async () => {
    const score = await scoreCorpus();
    for (const row of score.categories) {
      const detail = `${row.category}: precision ${row.precision.toFixed(3)}, recall ${row.recall.toFixed(3)}\n${score.mistakes.join("\n")}`;
      assert.ok(row.truePositives + row.falseNegatives >= 15, `${row.category} has too few vulnerable cases`);
      assert.ok(row.precision >= 0.9, detail);
      assert.ok(row.recall >= 0.9, detail);
    }
  });
});
