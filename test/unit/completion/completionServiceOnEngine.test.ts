import * as assert from "node:assert/strict";
import { CompletionService, type CompletionOptions } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import type { Engine, EngineState, GenerateRequest, GenerateResult, WarmUpResult } from "../../../src/core/engine/engine";
import { lintSuggestion } from "../../../src/core/lint/engine";

const OPTIONS: CompletionOptions = { debounceMs: 0, maxTokens: 64, maxLines: 8, temperature: 0, timeCapMs: 30_000, promptTokenBudget: 1024 };
const DOCUMENT = 'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';
const BODY = "    total = sum(values)\n\n    return total";

/** An engine that answers every prompt with one scripted text and records what it was asked. */
class ScriptedEngine implements Engine {
  readonly state: EngineState = { kind: "not-loaded" };
  readonly settings = { contextSize: 2048 };
  readonly requests: GenerateRequest[] = [];

  constructor(private readonly answer: string) {}

  onDidChangeState(): { dispose(): void } {
    return { dispose: () => undefined };
  }
  async load(): Promise<void> {}
  async tokenCounter(): Promise<(text: string) => number> {
    return (text) => text.split(/\s+/).filter(Boolean).length;
  }
  async warmUp(): Promise<WarmUpResult> {
    return { promptTokens: 0, evaluatedPromptTokens: 0, aborted: false, ms: 0 };
  }
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    request.onText?.(this.answer);
    return { text: this.answer, stopReason: "end-of-text", promptTokens: 1, evaluatedPromptTokens: 1, generatedTokens: 1, prefillMs: 0, generationMs: 0, totalMs: 0 };
  }
  async dispose(): Promise<void> {}
}

describe("CompletionService on any Engine (not only the in-process model)", () => {
  it("builds the prompt, post-processes, lints and caches around a scripted engine", async () => {
    const engine = new ScriptedEngine(BODY);
    const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    const request = (text: string) => ({ documentId: "file:///t.py", text, offset: text.length, signal: new AbortController().signal, explicit: true });

    const suggestion = await service.complete(request(DOCUMENT));
    assert.equal(suggestion?.source, "model");
    assert.equal(suggestion?.text, BODY);
    assert.deepEqual(suggestion?.findings, []);
    assert.equal(engine.requests.length, 1);
    assert.equal(engine.requests[0]!.priority, "completion");
    assert.ok(engine.requests[0]!.prompt.includes("def total_of(values):"));

    const typedAhead = await service.complete(request(DOCUMENT + "    tot"));
    assert.equal(typedAhead?.source, "cache");
    assert.equal(typedAhead?.text, "al = sum(values)\n\n    return total");
    assert.equal(engine.requests.length, 1, "a typed-ahead suggestion does not reach the engine");
  });
});
