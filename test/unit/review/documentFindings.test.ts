import * as assert from "node:assert/strict";
import { attributeFindings } from "../../../src/core/review/documentFindings";
import { FlaggedStore } from "../../../src/core/review/store";
import { finding } from "./fixtures";

const URI = "file:///work/app.py";
const TEXT = "import subprocess\ndef f(e):\n    return eval(e)\nsubprocess.run(e)\n";
const lineStarts = [0, ...[...TEXT.matchAll(/\n/g)].map((m) => m.index + 1)];
const offsetOf = (line: number, column: number) => lineStarts[line] + column;

describe("attributing a document's findings to accepted suggestions", () => {
  const inEval = finding("code-injection", "high", 2, 11, 18);
  const inUserCode = finding("command-injection", "high", 3, 0, 17);
  const advisoryInSuggestion = finding("api-usage-review", "info", 2, 11, 15);
  const advisoryInUserCode = finding("api-usage-review", "info", 0, 0, 17);

  function acceptedEval(): FlaggedStore {
    const store = new FlaggedStore();
    const record = store.offered({
      documentUri: URI,
      offset: offsetOf(2, 0),
      suggestion: "    return eval(e)",
      findings: [inEval],
      hidden: false,
    })!;
    store.accepted(record.id, { start: offsetOf(2, 0), end: offsetOf(2, 18) });
    return store;
  }

  it("links findings inside accepted code to the suggestion, and keeps the user's own findings", () => {
    const store = acceptedEval();
    const shown = attributeFindings([inEval, inUserCode], store.records, offsetOf);
    assert.deepEqual(
      shown.map((s) => [s.finding.ruleId, s.recordId]),
      [
        ["code-injection", store.records[0].id],
        ["command-injection", undefined],
      ],
    );
  });

  it("shows advisory findings only inside accepted suggestions", () => {
    const store = acceptedEval();
    const shown = attributeFindings([advisoryInUserCode, advisoryInSuggestion], store.records, offsetOf);
    assert.deepEqual(
      shown.map((s) => s.finding),
      [advisoryInSuggestion],
    );
  });

  it("drops the findings of a reviewed suggestion, and duplicates", () => {
    const store = acceptedEval();
    assert.equal(attributeFindings([inEval, { ...inEval }], store.records, offsetOf).length, 1);
    store.reviewed(store.records[0].id);
    assert.deepEqual(
      attributeFindings([inEval, inUserCode], store.records, offsetOf).map((s) => s.finding.ruleId),
      ["command-injection"],
    );
  });

  it("an accepted suggestion whose code was deleted claims nothing", () => {
    const store = acceptedEval();
    store.edited(URI, [{ offset: offsetOf(2, 0), length: 18, text: "" }]);
    assert.deepEqual(attributeFindings([inEval], store.records, offsetOf)[0].recordId, undefined);
  });
});
