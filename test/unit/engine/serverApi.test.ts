import * as assert from "node:assert/strict";
import { SERVER_DIALECTS, type CompletionCall } from "../../../src/core/engine/serverApi";

const call: CompletionCall = {
  prompt: "def f():\n",
  maxTokens: 16,
  temperature: 0.1,
  stopTriggers: ["\ndef "],
  timeCapMs: 3000,
  slot: -1,
  model: "phi-2",
};

describe("server dialects", () => {
  it("llama.cpp: asks for the prompt cache, a server-chosen slot, streaming and a time limit", () => {
    assert.deepEqual(SERVER_DIALECTS["llama.cpp"].body(call), {
      prompt: "def f():\n",
      n_predict: 16,
      temperature: 0.1,
      stop: ["\ndef "],
      stream: true,
      cache_prompt: true,
      id_slot: -1,
      t_max_predict_ms: 3000,
    });
    assert.equal(SERVER_DIALECTS["llama.cpp"].completionPath, "completion");
  });

  it("llama.cpp: reads text, then the final event's timings (cached vs evaluated prompt tokens) and stop type", () => {
    const { parse } = SERVER_DIALECTS["llama.cpp"];
    assert.deepEqual(parse('{"content":"    ","stop":false,"id_slot":2}', call), {
      text: "    ",
      stats: { slot: 2 },
      done: false,
    });
    const final = parse(
      '{"content":"","stop":true,"id_slot":2,"stop_type":"eos","tokens_predicted":5,"timings":{"cache_n":500,"prompt_n":12,"prompt_ms":30.5,"predicted_n":5,"predicted_ms":50}}',
      call,
    );
    assert.equal(final.done, true);
    assert.deepEqual(final.stats, {
      cachedPromptTokens: 500,
      evaluatedPromptTokens: 12,
      generatedTokens: 5,
      promptMs: 30.5,
      generationMs: 50,
      slot: 2,
      stopReason: "end-of-text",
    });
    const stopOf = (json: string) => parse(json, call).stats.stopReason;
    assert.equal(stopOf('{"stop":true,"stop_type":"word","tokens_predicted":3}'), "stop-trigger");
    assert.equal(stopOf('{"stop":true,"stop_type":"limit","tokens_predicted":16}'), "max-tokens");
    assert.equal(stopOf('{"stop":true,"stop_type":"limit","tokens_predicted":7}'), "time-cap"); // t_max_predict_ms
  });

  it("OpenAI: a plain completion request with usage in the stream", () => {
    assert.deepEqual(SERVER_DIALECTS.openai.body(call), {
      model: "phi-2",
      prompt: "def f():\n",
      max_tokens: 16,
      temperature: 0.1,
      stop: ["\ndef "],
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(SERVER_DIALECTS.openai.completionPath, "v1/completions");
  });

  it("OpenAI: reads choices, the finish reason, usage with cached tokens, and [DONE]", () => {
    const { parse } = SERVER_DIALECTS.openai;
    assert.equal(parse('{"choices":[{"text":"return 1","finish_reason":null}]}', call).text, "return 1");
    assert.equal(parse('{"choices":[{"text":"","finish_reason":"length"}]}', call).stats.stopReason, "max-tokens");
    assert.equal(parse('{"choices":[{"text":"","finish_reason":"stop"}]}', call).stats.stopReason, "end-of-text");
    const usage = parse(
      '{"choices":[],"usage":{"prompt_tokens":520,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":512}}}',
      call,
    ).stats;
    assert.equal(usage.evaluatedPromptTokens, 8);
    assert.equal(usage.cachedPromptTokens, 512);
    assert.equal(usage.generatedTokens, 9);
    assert.deepEqual(parse('{"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":2}}', call).stats, {
      cachedPromptTokens: 0,
      evaluatedPromptTokens: 20,
      generatedTokens: 2,
    });
    assert.equal(parse("[DONE]", call).done, true);
  });
});
