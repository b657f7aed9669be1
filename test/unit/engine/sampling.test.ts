import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { InferenceEngine } from "../../../src/core/engine/inferenceEngine";
import { buildPhi2Vocabulary, writePhi2Shaped } from "../../../scripts/fixture-models/phi2Model";
import { testEngineSettings } from "../../support/fixtureModels";

/** Phi-2's architecture and vocabulary at a toy size: random weights, so greedy decoding soon repeats tokens. */
const TINY_RANDOM = { embedding: 64, feedForward: 256, layers: 2, heads: 2, ropeDimensions: 32, contextLength: 2048 };
const TOKENS = 32;

describe("InferenceEngine sampling (real node-llama-cpp, a tiny random-weight Phi-2)", function () {
  this.timeout(120_000);
  let folder: string;
  let modelPath: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-sampling-"));
    modelPath = path.join(folder, "tiny-random-phi2.gguf");
    writePhi2Shaped(modelPath, buildPhi2Vocabulary(), TINY_RANDOM);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("decodes greedily as node-llama-cpp's own evaluate does: no penalty or other sampling of its own", async () => {
    const prompt = 'def parse(line):\n    """Split a CSV line into fields."""\n';
    const { getLlama } = await import("node-llama-cpp");
    const llama = await getLlama({ gpu: false });
    let raw: string;
    let repeated: boolean;
    try {
      const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
      const context = await model.createContext({
        contextSize: 512,
        batchSize: 512,
        threads: 2,
        sequences: 1,
        flashAttention: false, // as the engine runs on a CPU: another attention kernel rounds differently
      });
      const sequence = context.getSequence();
      // as the engine feeds it: the prompt but its last token first, then sampling from the last one
      const tokens = model.tokenize(prompt);
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, -1));
      const generated: Token[] = [];
      for await (const token of sequence.evaluate(tokens.slice(-1), { temperature: 0 })) {
        if (model.isEogToken(token)) break;
        generated.push(token);
        if (generated.length >= TOKENS) break;
      }
      raw = model.detokenize(generated);
      repeated = new Set(generated).size < generated.length;
    } finally {
      await llama.dispose();
    }
    // the check means something only where a penalty would bite: a token the model writes again
    assert.ok(repeated, "the random model repeats a token within the sample");

    const engine = new InferenceEngine(testEngineSettings(modelPath, { contextSize: 512, speculative: "off" }));
    try {
      const result = await engine.generate({ prompt, priority: "completion", maxTokens: TOKENS, temperature: 0 });
      assert.equal(result.text, raw);
    } finally {
      await engine.dispose();
    }
  });
});
