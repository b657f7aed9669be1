import * as assert from "node:assert/strict";
import { InferenceEngine, type EngineSettings } from "../../../src/core/engine/inferenceEngine";
import { explainCode, findExplainTarget, type ExplainTarget } from "../../../src/core/explain";
import { fixtureModel, scriptedText, testEngineSettings } from "../../support/fixtureModels";

const settings = (overrides: Partial<EngineSettings> = {}): EngineSettings =>
  testEngineSettings(fixtureModel("htmlAnswer"), overrides);

const SOURCE = "def total_of(values):\n    total = sum(values)\n    return total\n";
/** A function long enough that a one-token-per-step prefill takes seconds. */
const LONG_SOURCE =
  "def report(rows):\n" +
  Array.from({ length: 150 }, (_, i) => `    out.append(format_row(rows[${i}], width=${i}))\n`).join("");

async function targetOf(source: string): Promise<ExplainTarget> {
  const target = await findExplainTarget(source, source.indexOf("):") + 3, source.indexOf("):") + 3);
  assert.ok(target);
  return target;
}

describe("explainCode (real node-llama-cpp, scripted fixture model)", function () {
  this.timeout(120_000);

  it("streams the answer after the QA prompt and returns it trimmed", async () => {
    const engine = new InferenceEngine(settings());
    try {
      const streamed: string[] = [];
      const prompts: string[] = [];
      const explanation = await explainCode(engine, await targetOf(SOURCE), {
        maxTokens: 64,
        temperature: 0,
        onPrompt: (prompt) => prompts.push(prompt.prompt),
        onText: (text) => streamed.push(text),
      });
      assert.equal(explanation.text, scriptedText("htmlAnswer").trim());
      assert.equal(explanation.end, "complete");
      assert.equal(explanation.generation.stopReason, "end-of-text");
      assert.ok(streamed.length >= 3, `streamed in ${streamed.length} updates`);
      assert.equal(streamed.at(-1), explanation.text);
      assert.ok(
        streamed.every((text, i) => i === 0 || text.startsWith(streamed[i - 1].trimEnd())),
        "each update extends the previous one",
      );
      assert.equal(prompts.length, 1);
      assert.ok(prompts[0].startsWith("Instruct: Explain what the following Python function `total_of` does"));
      assert.ok(prompts[0].endsWith("\n```\nOutput:"));
    } finally {
      await engine.dispose();
    }
  });

  it("stops at max tokens and says so", async () => {
    const engine = new InferenceEngine(settings());
    try {
      const explanation = await explainCode(engine, await targetOf(SOURCE), { maxTokens: 3, temperature: 0 });
      assert.equal(explanation.end, "max-tokens");
      assert.ok(explanation.text.length > 0 && scriptedText("htmlAnswer").trim().startsWith(explanation.text));
    } finally {
      await engine.dispose();
    }
  });

  it("is cancelled by its signal while the model reads the code, and resolves", async () => {
    const engine = new InferenceEngine(settings({ prefillChunkTokens: 1 }));
    try {
      await engine.load();
      const controller = new AbortController();
      const explaining = explainCode(engine, await targetOf(LONG_SOURCE), {
        maxTokens: 64,
        temperature: 0,
        signal: controller.signal,
        onPrompt: () => setTimeout(() => controller.abort(), 200),
      });
      const explanation = await explaining;
      assert.equal(explanation.end, "cancelled");
      assert.equal(explanation.text, "");
      assert.ok(explanation.prompt.promptTokens > 1000, `${explanation.prompt.promptTokens} prompt tokens`);
    } finally {
      await engine.dispose();
    }
  });

  it("preempts a running completion; the next completion runs normally", async () => {
    const engine = new InferenceEngine(settings({ prefillChunkTokens: 1 }));
    try {
      await engine.load();
      const completion = engine.generate({
        prompt: LONG_SOURCE,
        priority: "completion",
        maxTokens: 32,
        temperature: 0,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const explanation = await explainCode(engine, await targetOf(SOURCE), { maxTokens: 64, temperature: 0 });
      const preempted = await completion;
      assert.equal(preempted.stopReason, "aborted");
      assert.equal(explanation.end, "complete");
      assert.equal(explanation.text, scriptedText("htmlAnswer").trim());
      const next = await engine.generate({
        prompt: "def f():\n",
        priority: "completion",
        maxTokens: 32,
        temperature: 0,
      });
      assert.equal(next.stopReason, "end-of-text");
      assert.equal(next.text, scriptedText("htmlAnswer"));
    } finally {
      await engine.dispose();
    }
  });
});
