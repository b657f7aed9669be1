import type { CompletionOptions } from "../../src/core/completion/completionService";
import type { Engine, EngineState, GenerateRequest, GenerateResult, WarmUpResult } from "../../src/core/engine/engine";

/** Completion settings for service tests: no debounce, greedy, a time cap no test reaches. */
export const TEST_COMPLETION_OPTIONS: CompletionOptions = {
  debounceMs: 0,
  maxTokens: 64,
  maxLines: 8,
  temperature: 0,
  timeCapMs: 30_000,
  promptTokenBudget: 1024,
};

/** A finished generation of `text`; tests override the figures they look at. */
export function generateResult(text: string, fields: Partial<GenerateResult> = {}): GenerateResult {
  return {
    text,
    stopReason: "end-of-text",
    promptTokens: 1,
    evaluatedPromptTokens: 1,
    generatedTokens: 1,
    prefillMs: 0,
    generationMs: 0,
    totalMs: 0,
    ...fields,
  };
}

/**
 * What every Engine test double shares (never loads, counts words as tokens, records warm-ups and does them for free), so that a
 * double only writes the `generate` its test is about.
 */
export abstract class EngineDouble implements Engine {
  readonly state: EngineState = { kind: "not-loaded" };
  readonly settings = { contextSize: 2048 };
  /** The prompts it was asked to warm up, in order. */
  readonly warmUps: string[] = [];

  onDidChangeState(): { dispose(): void } {
    return { dispose: () => undefined };
  }
  async load(): Promise<void> {}
  async tokenCounter(): Promise<(text: string) => number> {
    return (text) => text.split(/\s+/).filter(Boolean).length;
  }
  async warmUp(prompt: string): Promise<WarmUpResult> {
    this.warmUps.push(prompt);
    return { promptTokens: 0, evaluatedPromptTokens: 0, aborted: false, ms: 0 };
  }
  abstract generate(request: GenerateRequest): Promise<GenerateResult>;
  async dispose(): Promise<void> {}
}
