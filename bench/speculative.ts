/**
 * Speculative decoding on this machine, in two measured halves:
 * 1. what one step that verifies k drafted tokens costs against a plain decode step (a batch of 1 + k tokens,
 *    each sampled as verification does: `controlledEvaluate` with `generateNext` on every position), and
 * 2. how many drafts the predictors get right on the replay's real code: node-llama-cpp's
 *    InputLookupTokenPredictor and our SuggestionDraft predictor, driven through the TokenPredictor interface
 *    over every generation of the replay in order, against the tokens the forced model really wrote.
 * Together: effective tok/s = tokens / Σ step cost, against autoregressive = 1 / cost of a 1-token step.
 * (Forcing through a token bias and a predictor do not mix in node-llama-cpp 3.21: drafted positions are not
 * biased, so acceptance cannot be read off a forced run; see round2-research notes.)
 */
import { performance } from "node:perf_hooks";
import type { LlamaModel, Token, TokenPredictor } from "node-llama-cpp" with { "resolution-mode": "import" };
import { flashAttentionFor, type EngineSettings } from "../src/core/engine/inferenceEngine";
import { createSuggestionTokenPredictor } from "../src/core/engine/suggestionPredictor";
import type { GenerationTrace } from "./keystroke-bench";
import { median } from "./stats";

export const VERIFY_BATCHES = [1, 2, 4, 8] as const;

/** Median milliseconds of one evaluation step of `batch` tokens (1 = a plain decode step), after `depth` tokens. */
export async function verifyCosts(
  model: LlamaModel,
  engine: Omit<EngineSettings, "modelPath">,
  options: { depth: number; rounds: number },
): Promise<Record<number, number>> {
  const context = await model.createContext({
    contextSize: engine.contextSize,
    batchSize: engine.batchSize,
    threads: engine.threads,
    sequences: 1,
    flashAttention: flashAttentionFor(engine.flashAttention, engine.gpu !== "off"),
  });
  try {
    const sequence = context.getSequence();
    const text =
      "def moving_average(values, window):\n    result = []\n    for start in range(len(values) - window + 1):\n        result.append(sum(values[start:start + window]) / window)\n    return result\n\n";
    let prompt: Token[] = [];
    while (prompt.length < options.depth) prompt = prompt.concat(model.tokenize(text));
    prompt = prompt.slice(0, options.depth);
    await sequence.evaluateWithoutGeneratingNewTokens(prompt);
    const samples = new Map<number, number[]>(VERIFY_BATCHES.map((batch) => [batch, []]));
    for (let round = 0; round < options.rounds + 1; round++) {
      for (const batch of VERIFY_BATCHES) {
        const tokens = prompt.slice(0, batch);
        const started = performance.now();
        await sequence.controlledEvaluate(tokens.map((token) => [token, { generateNext: { token: true } }]));
        const ms = performance.now() - started;
        await sequence.eraseContextTokenRanges([{ start: options.depth, end: options.depth + batch }]);
        if (round > 0) samples.get(batch)!.push(ms); // round 0 warms the batch shapes up
      }
    }
    return Object.fromEntries([...samples].map(([batch, values]) => [batch, median(values)]));
  } finally {
    await context.dispose();
  }
}

/** Cost of a step of `batch` tokens, interpolated linearly between the measured batch sizes. */
export function stepCost(costs: Readonly<Record<number, number>>, batch: number): number {
  const sizes = Object.keys(costs)
    .map(Number)
    .sort((a, b) => a - b);
  if (costs[batch] !== undefined) return costs[batch];
  const upper = sizes.find((size) => size > batch) ?? sizes[sizes.length - 1];
  const lower = [...sizes].reverse().find((size) => size < batch) ?? sizes[0];
  if (upper === lower) return (costs[upper] * batch) / upper;
  return costs[lower] + ((costs[upper] - costs[lower]) * (batch - lower)) / (upper - lower);
}

export interface SpeculativeFigures {
  acceptedTokens: number;
  draftedTokens: number;
  /** Tokens written, and the steps it took. */
  tokens: number;
  steps: number;
  effectiveTokS: number;
  autoregressiveTokS: number;
  /** The same over the generations where the predictor drafted at least once ("where drafts apply"). */
  whereDrafted: { generations: number; tokens: number; effectiveTokS: number };
}

/**
 * Drives `predictor` as node-llama-cpp's speculative evaluation does, over each generation in order: reset to the
 * prompt, then per step the drafts are checked against the tokens really written; a step writes the accepted
 * drafts plus the one sampled token and costs a batch of 1 + drafted tokens.
 */
export async function replayPredictor(
  predictor: TokenPredictor,
  traces: readonly { prompt: Token[]; output: Token[] }[],
  costs: Readonly<Record<number, number>>,
  maxDraft: number,
): Promise<SpeculativeFigures> {
  let acceptedTokens = 0;
  let draftedTokens = 0;
  let tokens = 0;
  let steps = 0;
  let ms = 0;
  const whereDrafted = { generations: 0, tokens: 0, ms: 0 };
  for (const trace of traces) {
    let drafted = false;
    let traceMs = 0;
    predictor.updateInputTokens(trace.prompt);
    await predictor.reset({ stateTokens: trace.prompt } as Parameters<TokenPredictor["reset"]>[0]);
    let position = 0;
    while (position < trace.output.length) {
      const drafts = (await predictor.predictTokens()).slice(0, maxDraft);
      let accepted = 0;
      while (accepted < drafts.length && drafts[accepted] === trace.output[position + accepted]) accepted++;
      const written = trace.output.slice(position, Math.min(trace.output.length, position + accepted + 1));
      predictor.pushTokens(written);
      position += written.length;
      acceptedTokens += Math.min(accepted, written.length);
      draftedTokens += drafts.length;
      tokens += written.length;
      steps++;
      if (drafts.length > 0) drafted = true;
      traceMs += stepCost(costs, 1 + drafts.length);
    }
    ms += traceMs;
    if (drafted) {
      whereDrafted.generations++;
      whereDrafted.tokens += trace.output.length;
      whereDrafted.ms += traceMs;
    }
  }
  return {
    acceptedTokens,
    draftedTokens,
    tokens,
    steps,
    effectiveTokS: tokens / (ms / 1000),
    autoregressiveTokS: 1000 / costs[1],
    whereDrafted: {
      generations: whereDrafted.generations,
      tokens: whereDrafted.tokens,
      effectiveTokS: whereDrafted.ms > 0 ? whereDrafted.tokens / (whereDrafted.ms / 1000) : 0,
    },
  };
}

/** Both predictors on the replay's generations (tokenized with the model's tokenizer). */
export async function speculativeOnReplay(
  model: LlamaModel,
  generations: readonly GenerationTrace[],
  costs: Readonly<Record<number, number>>,
): Promise<Record<"inputLookup" | "suggestionDraft", SpeculativeFigures>> {
  const { InputLookupTokenPredictor } = await import("node-llama-cpp");
  const traces = generations
    .filter((generation) => generation.output.length > 0)
    .map((generation) => ({ prompt: model.tokenize(generation.prompt), output: model.tokenize(generation.output) }));
  const maxDraft = Math.max(...VERIFY_BATCHES) - 1;
  return {
    inputLookup: await replayPredictor(new InputLookupTokenPredictor(), traces, costs, maxDraft),
    suggestionDraft: await replayPredictor(await createSuggestionTokenPredictor(), traces, costs, maxDraft),
  };
}

export interface SpeculativeResult {
  /** Median ms of a step of 1/2/4/8 tokens (bench: verifyCosts). */
  verifyCostMs: Record<number, number>;
  predictors: Record<"inputLookup" | "suggestionDraft", SpeculativeFigures>;
}

/** Loads the model on its own (the replay's engine is gone by then), measures the verify costs and replays the predictors. */
export async function measureSpeculative(
  modelPath: string,
  engine: Omit<EngineSettings, "modelPath">,
  generations: readonly GenerationTrace[],
  rounds: number,
): Promise<SpeculativeResult> {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({
    build: "never",
    gpu: engine.gpu === "off" ? false : "auto",
    maxThreads: engine.threads,
    logLevel: LlamaLogLevel.error,
  });
  try {
    const model = await llama.loadModel({ modelPath });
    const verifyCostMs = await verifyCosts(model, engine, { depth: 400, rounds });
    return { verifyCostMs, predictors: await speculativeOnReplay(model, generations, verifyCostMs) };
  } finally {
    await llama.dispose();
  }
}
