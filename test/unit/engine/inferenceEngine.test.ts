import * as assert from "node:assert/strict";
import { flashAttentionFor, generationLimit, InferenceEngine } from "../../../src/core/engine/inferenceEngine";
import type { Logger } from "../../../src/core/logger";
import { fixtureModel, scriptedText, testEngineSettings } from "../../support/fixtureModels";

const settings = testEngineSettings;

const FUNCTION_PROMPT = 'def total_of(values):\n    """Return the sum of values."""\n';

describe("InferenceEngine (real node-llama-cpp, scripted fixture model)", function () {
  this.timeout(120_000);
  let engine: InferenceEngine;

  before(() => {
    engine = new InferenceEngine(settings(fixtureModel("sumBody")));
  });
  after(() => engine.dispose());

  it("does not load the model until it is used", () => {
    const fresh = new InferenceEngine(settings(fixtureModel("sumBody")));
    assert.equal(fresh.state.kind, "not-loaded");
  });

  it("turns flash attention off on the CPU unless asked for, and leaves the GPU to llama.cpp", async () => {
    assert.equal(flashAttentionFor("auto", false), false);
    assert.equal(flashAttentionFor("auto", true), "auto");
    assert.equal(flashAttentionFor("on", false), true);
    assert.equal(flashAttentionFor("off", true), false);
    for (const [setting, shown] of [
      ["auto", "off"],
      ["on", "on"],
    ] as const) {
      const lines: string[] = [];
      const logger: Logger = { debug() {}, info: (line) => lines.push(line), warn() {}, error() {} };
      const cpu = new InferenceEngine(settings(fixtureModel("sumBody"), { flashAttention: setting }), logger);
      try {
        await cpu.load();
        assert.match(lines.join("\n"), new RegExp(`on CPU .* flash attention ${shown},`));
      } finally {
        await cpu.dispose();
      }
    }
  });

  it("clamps maxTokens at or above the context size to half the context, with a log line, instead of cutting the prompt to nothing", async () => {
    assert.equal(generationLimit(2048, 64), 64);
    assert.equal(generationLimit(256, 512), 128);
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (line) => warnings.push(line), error() {} };
    const small = new InferenceEngine(settings(fixtureModel("sumBody"), { contextSize: 256 }), logger);
    try {
      const result = await small.generate({
        prompt: FUNCTION_PROMPT,
        priority: "completion",
        maxTokens: 512,
        temperature: 0,
      });
      assert.ok(result.promptTokens > 15, `prompt kept: ${result.promptTokens} tokens`);
      assert.equal(result.text, scriptedText("sumBody").slice(1));
      await small.generate({ prompt: FUNCTION_PROMPT, priority: "completion", maxTokens: 512, temperature: 0 });
      assert.equal(warnings.length, 1, warnings.join("\n"));
      assert.match(
        warnings[0],
        /maxTokens 512 .* 256-token context: generating at most 128 tokens\. Lower phiPair\.completion\.maxTokens/,
      );
    } finally {
      await small.dispose();
    }
  });

  it("generates the model's continuation and reports how it stopped", async () => {
    const result = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 64,
      temperature: 0,
    });
    assert.equal(result.text, scriptedText("sumBody").slice(1)); // the prompt already ends in the script's first token
    assert.equal(result.stopReason, "end-of-text");
    assert.equal(engine.state.kind, "ready");
    assert.ok(result.generatedTokens > 5);
  });

  it("reuses the KV cache: the same prompt evaluates one token, one more typed character a few", async () => {
    await engine.generate({ prompt: FUNCTION_PROMPT, priority: "completion", maxTokens: 4, temperature: 0 });
    const again = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 4,
      temperature: 0,
    });
    assert.equal(again.evaluatedPromptTokens, 1);
    const typed = await engine.generate({
      prompt: FUNCTION_PROMPT + "    t",
      priority: "completion",
      maxTokens: 4,
      temperature: 0,
    });
    assert.ok(typed.promptTokens > 15);
    assert.ok(typed.evaluatedPromptTokens <= 3, `evaluated ${typed.evaluatedPromptTokens} of ${typed.promptTokens}`);
  });

  it("stops at a custom stop trigger and at max tokens", async () => {
    const stopped = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 64,
      temperature: 0,
      stopTriggers: ["\n\n"],
    });
    assert.equal(stopped.text, "    total = sum(values)");
    assert.equal(stopped.stopReason, "stop-trigger");
    const capped = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 2,
      temperature: 0,
    });
    assert.equal(capped.stopReason, "max-tokens");
    assert.equal(capped.generatedTokens, 2);
  });

  it("teacher-forces a continuation the scripted model would not write, ending after it", async () => {
    const forced = "    return max(values)\n";
    const result = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 64,
      temperature: 0,
      forcedContinuation: forced,
    });
    assert.equal(result.text, forced);
    assert.equal(result.stopReason, "max-tokens");
    const stopped = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 64,
      temperature: 0,
      forcedContinuation: forced + "\n\nx",
      stopTriggers: ["\n\n"],
    });
    assert.equal(stopped.text, "    return max(values)");
    assert.equal(stopped.stopReason, "stop-trigger");
  });

  it("streams text chunks that add up to the result", async () => {
    const chunks: string[] = [];
    const result = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "explain",
      maxTokens: 64,
      temperature: 0,
      onText: (c) => void chunks.push(c),
    });
    assert.ok(chunks.length > 3);
    assert.equal(chunks.join(""), result.text);
  });

  it("resolves an aborted request as aborted, without throwing", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await engine.generate({
      prompt: FUNCTION_PROMPT,
      priority: "completion",
      maxTokens: 64,
      temperature: 0,
      signal: controller.signal,
    });
    assert.equal(result.stopReason, "aborted");
    assert.equal(result.text, "");
  });

  it("lets an explain request preempt a long completion prefill, then serves both in turn", async () => {
    const slow = new InferenceEngine(settings(fixtureModel("sumBody"), { prefillChunkTokens: 4 }));
    try {
      await slow.load();
      const longPrompt = "x = 1\n".repeat(600) + FUNCTION_PROMPT;
      const completion = slow.generate({ prompt: longPrompt, priority: "completion", maxTokens: 64, temperature: 0 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const explain = slow.generate({
        prompt: "Instruct: what does x do?\nOutput:",
        priority: "explain",
        maxTokens: 64,
        temperature: 0,
      });
      const [completed, explained] = await Promise.all([completion, explain]);
      assert.equal(completed.stopReason, "aborted");
      assert.ok(completed.evaluatedPromptTokens < completed.promptTokens);
      assert.equal(explained.text, scriptedText("sumBody"));
    } finally {
      await slow.dispose();
    }
  });

  it("stops at the time cap with the text so far", async () => {
    const slow = new InferenceEngine(settings(fixtureModel("sumBody"), { prefillChunkTokens: 2 }));
    try {
      const result = await slow.generate({
        prompt: "y = 2\n".repeat(600),
        priority: "completion",
        maxTokens: 64,
        temperature: 0,
        timeCapMs: 50,
      });
      assert.equal(result.stopReason, "time-cap");
    } finally {
      await slow.dispose();
    }
  });

  it("warms up a prefix so the following request evaluates only the new tokens", async () => {
    const stable = 'import math\n\n\ndef circle_area(radius):\n    """Area of a circle."""\n';
    const warm = await engine.warmUp(stable);
    assert.equal(warm.aborted, false);
    const result = await engine.generate({
      prompt: stable + "    return",
      priority: "completion",
      maxTokens: 4,
      temperature: 0,
    });
    assert.ok(result.evaluatedPromptTokens <= 4, `evaluated ${result.evaluatedPromptTokens}`);
  });

  it("runs one generation at a time when many arrive together", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        engine.generate({
          prompt: `# ${i}\n` + FUNCTION_PROMPT,
          priority: "completion",
          maxTokens: 64,
          temperature: 0,
        }),
      ),
    );
    for (const result of results) assert.equal(result.text, scriptedText("sumBody").slice(1));
  });
});

describe("InferenceEngine with speculative decoding (suggestion drafts)", function () {
  this.timeout(120_000);
  let drafting: InferenceEngine;
  let plain: InferenceEngine;
  before(() => {
    drafting = new InferenceEngine(settings(fixtureModel("sumBody"), { speculative: "suggestion-draft" }));
    plain = new InferenceEngine(settings(fixtureModel("sumBody"), { speculative: "off" }));
  });
  after(async () => {
    await drafting.dispose();
    await plain.dispose();
  });

  const request = (prompt: string, extra: { stopTriggers?: string[]; onText?: (chunk: string) => void } = {}) => ({
    prompt,
    priority: "completion" as const,
    maxTokens: 64,
    temperature: 0,
    ...extra,
  });

  it("writes the same text as plain decoding, also when the user typed along the last suggestion", async () => {
    const first = await drafting.generate(request(FUNCTION_PROMPT));
    assert.equal(first.text, (await plain.generate(request(FUNCTION_PROMPT))).text);
    const typedAlong = FUNCTION_PROMPT + first.text.slice(0, 12);
    const chunks: string[] = [];
    const again = await drafting.generate(request(typedAlong, { onText: (chunk) => chunks.push(chunk) }));
    assert.equal(again.text, (await plain.generate(request(typedAlong))).text);
    assert.equal(chunks.join(""), again.text, "streamed chunks add up to the result");
    const stopped = await drafting.generate(request(FUNCTION_PROMPT, { stopTriggers: ["\n\n"] }));
    assert.equal(stopped.text, "    total = sum(values)");
    assert.equal(stopped.stopReason, "stop-trigger");
  });

  it("refuses teacher forcing with a clear error (drafted positions are not forced)", async () => {
    await assert.rejects(
      drafting.generate({ ...request(FUNCTION_PROMPT), forcedContinuation: "    return 0\n" }),
      /Teacher forcing needs speculative decoding off/,
    );
  });
});
