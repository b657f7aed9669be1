import * as assert from "node:assert/strict";
import { encode } from "gpt-tokenizer/cjs/encoding/r50k_base";
import { InferenceEngine } from "../../../src/core/engine/inferenceEngine";
import { whitespaceTokenId } from "../../../scripts/fixture-models/phi2Vocabulary";
import { fixtureModel, testEngineSettings } from "../../support/fixtureModels";

describe("fixture model tokenizer (Phi-2's CodeGen vocabulary)", function () {
  this.timeout(60_000);
  const engine = new InferenceEngine(testEngineSettings(fixtureModel("sumBody"), { contextSize: 512 }));
  after(() => engine.dispose());

  it("tokenizes like GPT-2 where no whitespace run is involved", async () => {
    const { model } = await engine.load();
    for (const text of [
      "import os\nprint(os.getcwd())",
      "def f(x): return x ** 2 # square",
      "naïve café ünïcode → ✓",
      "x=[1,2,3]\ny={'a': b'\\x00'}",
    ]) {
      assert.deepEqual(Array.from(model.tokenize(text)), encode(text), text);
    }
  });

  it("uses one token for an indentation run, as Phi-2 does", async () => {
    const { model } = await engine.load();
    assert.deepEqual(Array.from(model.tokenize("    return x")), [whitespaceTokenId(" ", 4), ...encode("return x")]);
    assert.equal(model.detokenize(model.tokenize("\tif a:\n\t\t\tpass")), "\tif a:\n\t\t\tpass");
  });
});
