import * as assert from "node:assert/strict";
import type { Token, TokenPredictor } from "node-llama-cpp" with { "resolution-mode": "import" };
import { replayPredictor, stepCost } from "../../../bench/speculative";

const tokens = (...values: number[]) => values as Token[];
/** 1 token: 100 ms; verifying drafts costs more per step, less per token. */
const COSTS = { 1: 100, 2: 150, 4: 200, 8: 320 };

/** A predictor that drafts the next `length` tokens of a fixed text (right or wrong), as node-llama-cpp calls it. */
function scriptedPredictor(text: readonly number[], length: number): TokenPredictor {
  let position = 0;
  return {
    updateInputTokens: () => undefined,
    reset: () => void (position = 0),
    pushTokens: (pushed: Token[]) => void (position += pushed.length),
    predictTokens: () => text.slice(position, position + length) as Token[],
  } as unknown as TokenPredictor;
}

describe("bench speculative replay (drafts priced with the measured verify costs)", () => {
  it("interpolates the cost of batch sizes between the measured ones", () => {
    assert.equal(stepCost(COSTS, 4), 200);
    assert.equal(stepCost(COSTS, 3), 175);
    assert.equal(stepCost(COSTS, 6), 260);
  });

  it("with perfect drafts writes 1 + drafted tokens per step at the cost of the batch", async () => {
    const output = tokens(1, 2, 3, 4, 5, 6, 7, 8);
    const figures = await replayPredictor(scriptedPredictor(output, 3), [{ prompt: tokens(9), output }], COSTS, 7);
    // Step 1: drafts 1, 2, 3 accepted, the verify batch samples 4; step 2: drafts 5, 6, 7 accepted, then 8.
    assert.deepEqual([figures.tokens, figures.steps, figures.acceptedTokens, figures.draftedTokens], [8, 2, 6, 6]);
    assert.equal(figures.autoregressiveTokS, 10);
    assert.equal(figures.effectiveTokS, 8 / 0.4);
  });

  it("with wrong drafts pays the verify cost for nothing: slower than autoregressive", async () => {
    const output = tokens(1, 2, 3, 4);
    const figures = await replayPredictor(
      scriptedPredictor(tokens(7, 7, 7, 7, 7, 7), 3),
      [{ prompt: tokens(9), output }],
      COSTS,
      7,
    );
    assert.equal(figures.acceptedTokens, 0);
    assert.equal(figures.steps, 4);
    assert.ok(figures.effectiveTokS < figures.autoregressiveTokS);
  });

  it("caps the drafts at the largest batch measured", async () => {
    const output = tokens(...Array.from({ length: 20 }, (_, index) => index));
    const figures = await replayPredictor(scriptedPredictor(output, 20), [{ prompt: tokens(99), output }], COSTS, 7);
    assert.equal(figures.draftedTokens / figures.steps <= 7, true);
  });
});
