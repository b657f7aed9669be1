import * as assert from "node:assert/strict";
import { similarity } from "../../../src/core/postprocess/text-similarity";

describe("line similarity", () => {
  it("is 1 for equal lines and 0 for disjoint ones", () => {
    assert.equal(similarity("return x", "return x"), 1);
    assert.equal(similarity("", ""), 1);
    assert.equal(similarity("abc", "xyz"), 0);
  });

  it("is the share of characters that need no edit", () => {
    assert.equal(similarity("return sorted(result)", "return sorted(results)"), 1 - 1 / 22);
    assert.equal(similarity("kitten", "sitting"), 1 - 3 / 7);
  });
});
