import * as assert from "node:assert/strict";
import { actionableFindings, decide } from "../../../src/core/review/policy";
import { finding } from "./fixtures";

describe("review policy", () => {
  const high = finding("code-injection", "high", 2, 13, 29);
  const medium = finding("requests-without-timeout", "medium", 3, 4, 20);
  const advisory = finding("api-usage-review", "info", 0, 0, 10);

  it("shows clean suggestions under every policy", () => {
    for (const policy of ["annotate", "hide-high", "off"] as const) assert.equal(decide([], policy), "show");
  });

  it("advisory findings alone never flag a suggestion", () => {
    assert.deepEqual(actionableFindings([advisory, medium]), [medium]);
    assert.equal(decide([advisory], "annotate"), "show");
    assert.equal(decide([advisory], "hide-high"), "show");
  });

  it("annotate shows flagged suggestions with their risk, whatever the severity", () => {
    assert.equal(decide([high], "annotate"), "annotate");
    assert.equal(decide([medium, advisory], "annotate"), "annotate");
  });

  it("hide-high hides only suggestions with a high-severity finding", () => {
    assert.equal(decide([medium, high], "hide-high"), "hide");
    assert.equal(decide([medium], "hide-high"), "annotate");
  });

  it("off ignores findings", () => {
    assert.equal(decide([high], "off"), "show");
  });
});
