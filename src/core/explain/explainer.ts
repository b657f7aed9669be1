import type { Engine, GenerateResult } from "../engine/engine";
import { trimExplanation } from "./answer";
import { buildExplainPrompt, EXPLAIN_STOP_TRIGGERS, type ExplainPrompt } from "./prompt";
import type { ExplainTarget } from "./target";

export interface ExplainOptions {
  maxTokens: number;
  temperature: number;
  signal?: AbortSignal;
  /** Called once the prompt is built (before the model reads it). */
  onPrompt?: (prompt: ExplainPrompt) => void;
  /** Called with the trimmed answer so far, after every streamed chunk. */
  onText?: (text: string) => void;
}

export type ExplainEnd = "complete" | "max-tokens" | "cancelled";

export interface Explanation {
  text: string;
  end: ExplainEnd;
  prompt: ExplainPrompt;
  generation: GenerateResult;
}

/**
 * Explains `target` with the model at the engine's "explain" priority (it preempts completion and warm-up
 * work; they run again on their next request). The code is cut to the context window, the answer streams
 * through `onText`, and the generation stops early when Phi-2 starts its next textbook block.
 */
export async function explainCode(
  engine: Engine,
  target: ExplainTarget,
  options: ExplainOptions,
): Promise<Explanation> {
  const countTokens = await engine.tokenCounter();
  const state = engine.state;
  const contextSize = Math.min(
    engine.settings.contextSize,
    state.kind === "ready" ? (state.model.contextLength ?? Infinity) : Infinity,
  );
  const prompt = buildExplainPrompt(target, { countTokens, maxPromptTokens: contextSize - options.maxTokens });
  options.onPrompt?.(prompt);

  const stopAtNextBlock = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopAtNextBlock.signal]) : stopAtNextBlock.signal;
  let streamed = "";
  const generation = await engine.generate({
    prompt: prompt.prompt,
    priority: "explain",
    maxTokens: options.maxTokens,
    temperature: options.temperature,
    stopTriggers: EXPLAIN_STOP_TRIGGERS,
    signal,
    onText: (chunk) => {
      streamed += chunk;
      const trimmed = trimExplanation(streamed);
      if (trimmed.endedAtNextBlock) stopAtNextBlock.abort();
      options.onText?.(trimmed.text);
    },
  });
  const text = trimExplanation(generation.text).text;
  const end: ExplainEnd = options.signal?.aborted
    ? "cancelled"
    : generation.stopReason === "max-tokens"
      ? "max-tokens"
      : "complete";
  return { text, end, prompt, generation };
}
