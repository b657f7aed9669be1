import * as assert from "node:assert/strict";
import { type OffsetRange, type TextChange, shiftRange } from "../../../src/core/review/trackedRange";

/** Applies a change to text and a tracked range together, so each case can also check the tracked text. */
function apply(
  text: string,
  range: OffsetRange,
  change: TextChange,
): { text: string; tracked: string; range: OffsetRange } {
  const next = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
  const moved = shiftRange(range, change);
  return { text: next, tracked: next.slice(moved.start, moved.end), range: moved };
}

describe("tracked range of accepted code", () => {
  const text = "a = 1\nx = eval(e)\nb = 2\n";
  const accepted: OffsetRange = { start: 6, end: 17 }; // "x = eval(e)"

  it("covers the accepted code", () => {
    assert.equal(text.slice(accepted.start, accepted.end), "x = eval(e)");
  });

  it("shifts with edits before it", () => {
    assert.equal(apply(text, accepted, { offset: 0, length: 5, text: "import ast\na = 10" }).tracked, "x = eval(e)");
    assert.equal(apply(text, accepted, { offset: 0, length: 6, text: "" }).tracked, "x = eval(e)");
  });

  it("ignores edits after it, and typing right before or after it", () => {
    assert.deepEqual(apply(text, accepted, { offset: 18, length: 5, text: "c = 3" }).range, accepted);
    assert.equal(apply(text, accepted, { offset: 17, length: 0, text: "  # ok" }).tracked, "x = eval(e)");
    assert.equal(apply(text, accepted, { offset: 6, length: 0, text: "y = 0; " }).tracked, "x = eval(e)");
  });

  it("grows and shrinks with edits inside it (a quick fix)", () => {
    assert.equal(
      apply(text, accepted, { offset: 10, length: 4, text: "ast.literal_eval" }).tracked,
      "x = ast.literal_eval(e)",
    );
    assert.equal(apply(text, accepted, { offset: 15, length: 1, text: "" }).tracked, "x = eval()");
  });

  it("takes in the replacement when an edit crosses one of its ends", () => {
    assert.equal(apply(text, accepted, { offset: 4, length: 6, text: "0\nz = " }).tracked, "0\nz = eval(e)");
    assert.equal(apply(text, accepted, { offset: 15, length: 6, text: "x)\nb " }).tracked, "x = eval(x)\nb ");
  });

  it("collapses when all of it is replaced or deleted", () => {
    assert.deepEqual(apply(text, accepted, { offset: 6, length: 11, text: "" }).range, { start: 6, end: 6 });
    const reformatted = apply(text, accepted, { offset: 0, length: text.length, text: "a=1\nx=eval(e)\nb=2\n" });
    assert.equal(reformatted.range.start, reformatted.range.end);
  });
});
