import * as assert from "node:assert/strict";
import * as net from "node:net";
import { CompletionService } from "../../src/core/completion/completionService";
import { pythonPipeline } from "../../src/core/completion/pythonPipeline";
import { DEFAULT_SERVER_LIMITS, ServerEngine, type ServerEngineSettings } from "../../src/core/engine/serverEngine";
import { isServerError } from "../../src/core/engine/serverErrors";
import { explainCode, findExplainTarget } from "../../src/core/explain";
import { lintSuggestion } from "../../src/core/lint/engine";
import type { Logger } from "../../src/core/logger";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { LlamaServer } from "../support/llamaServer";
import { TEST_COMPLETION_OPTIONS } from "../support/engineDouble";

const OPTIONS = TEST_COMPLETION_OPTIONS;
const DOCUMENT = 'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';
const PROMPT = "def f():\n";
/** Far more tokens than a looping fixture writes before a test cancels it. */
const ENDLESS = 1500;

const settings = (url: string, overrides: Partial<ServerEngineSettings> = {}): ServerEngineSettings => ({
  ...DEFAULT_SERVER_LIMITS,
  url,
  contextSize: 2048,
  ...overrides,
});

/** A logger that keeps every line, to prove what never reaches the log (the API key). */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (line: string) => void lines.push(line);
  return { lines, debug: push, info: push, warn: push, error: push };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { problem?: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isServerError(error), `a ServerError, not ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

async function until(condition: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("ServerEngine on a real llama-server (loopback, fixture models)", function () {
  this.timeout(120_000);
  let server: LlamaServer;

  before(async () => {
    server = await LlamaServer.start({ model: fixtureModel("sumBody"), slots: 2 });
  });
  after(async () => server?.stop());

  it("detects llama-server at connect: API, model, slots and their context", async () => {
    const engine = new ServerEngine(settings(server.url));
    await engine.load();
    assert.equal(engine.state.kind, "ready");
    assert.ok(engine.state.kind === "ready" && engine.state.server);
    assert.equal(engine.state.server.api, "llama.cpp");
    assert.equal(engine.state.server.slots, 2);
    assert.ok(engine.state.server.model.length > 0);
    assert.equal(engine.state.model.contextLength, 2048);
    const count = await engine.tokenCounter();
    assert.ok(count(DOCUMENT) > 5 && count(DOCUMENT) < DOCUMENT.length, `estimated ${count(DOCUMENT)} tokens`);
    await engine.dispose();
  });

  it("serves a suggestion through CompletionService (prompt builder, post-processing, lint) like the local engine", async () => {
    const engine = new ServerEngine(settings(server.url));
    const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    const suggestion = await service.complete({
      documentId: "file:///t.py",
      text: DOCUMENT,
      offset: DOCUMENT.length,
      signal: new AbortController().signal,
      explicit: true,
    });
    assert.equal(suggestion?.source, "model");
    assert.equal(suggestion?.text, "    total = sum(values)\n\n    return total");
    assert.equal(suggestion?.generation?.stopReason, "end-of-text");
    assert.ok((suggestion?.generation?.promptTokens ?? 0) > 10);
    await engine.dispose();
  });

  it("reuses the server's prompt cache: the same prompt again evaluates (almost) nothing, and timings say so", async () => {
    const engine = new ServerEngine(settings(server.url));
    const request = { prompt: DOCUMENT, priority: "completion" as const, maxTokens: 16, temperature: 0 };
    const first = await engine.generate(request);
    const again = await engine.generate(request);
    assert.equal(again.text, first.text);
    assert.equal(again.promptTokens, first.promptTokens);
    assert.ok(again.evaluatedPromptTokens <= 1, `evaluated ${again.evaluatedPromptTokens} of ${again.promptTokens}`);
    assert.ok(again.generatedTokens > 0 && again.generationMs >= 0 && again.totalMs > 0);
    await engine.dispose();
  });

  it("warms a slot up at idle: the request that follows evaluates only its new tokens", async () => {
    const engine = new ServerEngine(settings(server.url));
    const stable = `# warm-up ${Date.now()}\n${DOCUMENT}`;
    const warm = await engine.warmUp(stable);
    assert.equal(warm.aborted, false);
    assert.ok(warm.evaluatedPromptTokens > 10, `warm-up evaluated ${warm.evaluatedPromptTokens}`);
    const result = await engine.generate({
      prompt: `${stable}    total = 0\n`,
      priority: "completion",
      maxTokens: 8,
      temperature: 0,
    });
    assert.ok(result.evaluatedPromptTokens < 12, `evaluated ${result.evaluatedPromptTokens} of ${result.promptTokens}`);
    await engine.dispose();
  });

  it("explains code, streaming the answer", async () => {
    const explaining = await LlamaServer.start({ model: fixtureModel("htmlAnswer") });
    const engine = new ServerEngine(settings(explaining.url));
    try {
      const source = "def total_of(values):\n    total = sum(values)\n    return total\n";
      const target = await findExplainTarget(source, source.indexOf("):") + 3, source.indexOf("):") + 3);
      assert.ok(target);
      const streamed: string[] = [];
      const explanation = await explainCode(engine, target, {
        maxTokens: 64,
        temperature: 0,
        onText: (text) => streamed.push(text),
      });
      assert.equal(explanation.text, scriptedText("htmlAnswer").trim());
      assert.equal(explanation.end, "complete");
      assert.ok(streamed.length >= 2, `streamed in ${streamed.length} updates`);
    } finally {
      await engine.dispose();
      await explaining.stop();
    }
  });

  it("speaks the OpenAI-compatible API as well (llama-server's /v1/completions), with usage", async () => {
    const engine = new ServerEngine(settings(server.url, { api: "openai" }));
    await engine.load();
    assert.ok(engine.state.kind === "ready" && engine.state.server?.api === "openai");
    const streamed: string[] = [];
    const result = await engine.generate({
      prompt: DOCUMENT,
      priority: "completion",
      maxTokens: 16,
      temperature: 0,
      onText: (text) => void streamed.push(text),
    });
    assert.equal(result.text, scriptedText("sumBody").slice(1)); // the prompt's final newline is the script's first token
    assert.equal(result.stopReason, "end-of-text");
    assert.ok(streamed.length > 1, "streamed");
    assert.ok(result.promptTokens > 10);
    await engine.dispose();
  });

  it("serves 4 users at once on a 4-slot server, each from their own slot's cache (no request lost to a closed connection)", async () => {
    // llama-server closes some kept-alive connections unannounced when several users are served at once: without
    // sending again on another connection, about one request in 60 failed with "other side closed".
    const shared = await LlamaServer.start({ model: fixtureModel("sumBody"), slots: 4 });
    const engine = new ServerEngine(settings(shared.url));
    try {
      const reuse = await Promise.all(
        [0, 1, 2, 3].map(async (user) => {
          let cached = 0;
          let total = 0;
          for (let keystroke = 0; keystroke < 40; keystroke++) {
            const prompt = `# user ${user}\n${`value_${user} = ${user}\n`.repeat(40)}x${"y".repeat(keystroke)}`;
            const result = await engine.generate({
              prompt,
              priority: "completion",
              maxTokens: 8,
              temperature: 0,
              stopTriggers: ["\n\n"],
            });
            if (keystroke > 0) {
              cached += result.promptTokens - result.evaluatedPromptTokens;
              total += result.promptTokens;
            }
          }
          return cached / total;
        }),
      );
      for (const share of reuse)
        assert.ok(share > 0.9, `prompt-cache reuse per user: ${reuse.map((r) => r.toFixed(3)).join(", ")}`);
    } finally {
      await engine.dispose();
      await shared.stop();
    }
  });

  it("refuses plain HTTP to a host other than this machine, before opening any socket", async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back after the test; always called with its socket
    const connect = net.Socket.prototype.connect;
    const attempts: unknown[] = [];
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      attempts.push(args);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    };
    try {
      const engine = new ServerEngine(settings("http://10.11.12.13:8080"));
      const error = await rejection(engine.load());
      assert.equal(error.problem, "insecure-url");
      assert.match(error.message, /Refusing plain HTTP to 10\.11\.12\.13:8080.*https:\/\/10\.11\.12\.13:8080/);
      assert.ok(engine.state.kind === "error");
      await rejection(engine.generate({ prompt: PROMPT, priority: "completion", maxTokens: 4, temperature: 0 }));
    } finally {
      net.Socket.prototype.connect = connect;
    }
    assert.deepEqual(attempts, []);
  });

  describe("with an API key", () => {
    let keyed: LlamaServer;
    before(async () => {
      keyed = await LlamaServer.start({ model: fixtureModel("sumBody"), apiKey: "team-secret-4711" });
    });
    after(async () => keyed?.stop());

    it("a wrong or missing key gives a clear error that never shows a key; the right one works", async () => {
      const logger = recordingLogger();
      const wrong = new ServerEngine(settings(keyed.url, { apiKey: "wrong-key-0815" }), logger);
      const error = await rejection(wrong.load());
      assert.equal(error.problem, "unauthorized");
      assert.match(error.message, /rejected the API key \(HTTP 401/);
      assert.equal(wrong.state.kind, "error");
      const missing = await rejection(new ServerEngine(settings(keyed.url)).load());
      assert.match(missing.message, /none is set/);

      const right = new ServerEngine(settings(keyed.url, { apiKey: "team-secret-4711" }), logger);
      const result = await right.generate({ prompt: DOCUMENT, priority: "completion", maxTokens: 16, temperature: 0 });
      assert.equal(result.text, scriptedText("sumBody").slice(1));
      for (const text of [error.message, missing.message, ...logger.lines]) {
        assert.ok(!text.includes("wrong-key-0815") && !text.includes("team-secret-4711"), text);
      }
      await right.dispose();
    });
  });

  describe("with an endless generation (a looping fixture: --ignore-eos)", () => {
    let looping: LlamaServer;
    beforeEach(async () => {
      looping = await LlamaServer.start({ model: fixtureModel("sumBody"), extraArgs: ["--ignore-eos"] });
    });
    afterEach(async () => looping?.stop());

    it("cancelling mid-stream resolves with the text so far and the server stops generating", async () => {
      const engine = new ServerEngine(settings(looping.url));
      const controller = new AbortController();
      const result = await engine.generate({
        prompt: PROMPT,
        priority: "completion",
        maxTokens: ENDLESS,
        temperature: 0,
        signal: controller.signal,
        onText: () => controller.abort(),
      });
      assert.equal(result.stopReason, "aborted");
      assert.ok(result.text.length > 0);
      await until(async () => (await looping.slots()).every((slot) => !slot.is_processing), "the slot goes idle");
      const decoded = (await looping.slots())[0]?.next_token?.[0]?.n_decoded ?? 0;
      assert.ok(decoded < ENDLESS, `the server stopped after ${decoded} of ${ENDLESS} tokens`);
      await engine.dispose();
    });

    it("a server killed mid-request fails the request clearly; the next one, after a restart, works", async () => {
      const engine = new ServerEngine(settings(looping.url));
      let killed: Promise<void> | undefined;
      const error = await rejection(
        engine.generate({
          prompt: PROMPT,
          priority: "completion",
          maxTokens: ENDLESS,
          temperature: 0,
          onText: () => void (killed ??= looping.kill()),
        }),
      );
      await killed;
      assert.equal(error.problem, "connection-lost");
      assert.match(error.message, /lost while generating/);
      assert.equal(engine.state.kind, "error");

      const down = await rejection(
        engine.generate({ prompt: PROMPT, priority: "completion", maxTokens: 4, temperature: 0 }),
      );
      assert.equal(down.problem, "unreachable");
      assert.match(
        down.message,
        /Cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check phiPair\.server\.url/,
      );

      await looping.restart();
      const controller = new AbortController();
      const result = await engine.generate({
        prompt: PROMPT,
        priority: "completion",
        maxTokens: ENDLESS,
        temperature: 0,
        signal: controller.signal,
        onText: () => controller.abort(),
      });
      assert.ok(result.text.length > 0);
      assert.equal(engine.state.kind, "ready");
      await engine.dispose();
    });

    it("a frozen server: a suggestion ends at its time cap, an explanation at the stall limit, connecting at its timeout", async () => {
      const connected = new ServerEngine(settings(looping.url, { stallTimeoutMs: 1000 }));
      await connected.load();
      looping.freeze();
      try {
        const capped = await connected.generate({
          prompt: PROMPT,
          priority: "completion",
          maxTokens: 16,
          temperature: 0,
          timeCapMs: 1000,
        });
        assert.equal(capped.stopReason, "time-cap");
        assert.equal(capped.text, "");
        const stalled = await rejection(
          connected.generate({ prompt: PROMPT, priority: "explain", maxTokens: 16, temperature: 0 }),
        );
        assert.equal(stalled.problem, "timeout");
        assert.match(stalled.message, /stopped sending for 1000 ms/);
        const fresh = new ServerEngine(settings(looping.url, { connectTimeoutMs: 1000 }));
        const timeout = await rejection(fresh.load());
        assert.equal(timeout.problem, "timeout");
        assert.match(timeout.message, /did not answer within 1000 ms: check that the server is running/);
      } finally {
        looping.thaw();
      }
      await connected.dispose();
    });
  });
});
