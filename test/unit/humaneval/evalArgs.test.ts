import * as assert from "node:assert/strict";
import { parseEvalArgs } from "../../../scripts/humaneval-eval";

describe("npm run eval arguments", () => {
  it("says clearly that a model is needed when none is given", () => {
    assert.throws(() => parseEvalArgs([]), /no model given.*GGUF/s);
    assert.throws(() => parseEvalArgs(["--problems", "x.jsonl"]), /no model given/);
  });

  it("reads the model, problems and counts, defaulting to the shipped problems", () => {
    const args = parseEvalArgs(["--model", "/m/phi-2.gguf", "--limit", "5"]);
    assert.equal(args.model, "/m/phi-2.gguf");
    assert.equal(args.limit, 5);
    assert.equal(args.threads, 2);
    assert.match(args.problems, /test[/\\]humaneval[/\\]problems$/);
  });

  it("rejects unknown flags, missing values and bad counts", () => {
    assert.throws(() => parseEvalArgs(["--modle", "x"]), /unknown argument --modle/);
    assert.throws(() => parseEvalArgs(["--model"]), /--model needs a value/);
    assert.throws(() => parseEvalArgs(["--model", "m", "--threads", "0"]), /positive integer/);
  });
});
