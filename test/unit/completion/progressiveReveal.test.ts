import * as assert from "node:assert/strict";
import { CompletionService, type RevealEvent } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import type { Engine, GenerateRequest, GenerateResult } from "../../../src/core/engine/engine";
import { InferenceEngine } from "../../../src/core/engine/inferenceEngine";
import { lintSuggestion } from "../../../src/core/lint/engine";
import { fixtureModel, testEngineSettings } from "../../support/fixtureModels";
import { EngineDouble, generateResult, TEST_COMPLETION_OPTIONS } from "../../support/engineDouble";

const OPTIONS = TEST_COMPLETION_OPTIONS;
const DOCUMENT = 'import math\n\n\ndef mean_of(values):\n    """Return the mean of values."""\n';
const LINE_1 = "    total = sum(values)";
const LINE_2 = "    count = len(values)";
const LINE_3 = "    return total / count";

/**
 * An engine that streams its answer in stages: the first stage at once, each later one when the test calls
 * `release()`, so a test sees exactly what a request shows while the model is still writing.
 */
class StagedEngine extends EngineDouble {
  readonly requests: GenerateRequest[] = [];
  running = 0;
  streamedStages = 0;
  private releases: Array<() => void> = [];

  constructor(private readonly stages: readonly string[]) {
    super();
  }

  /** Lets the running generation stream its next stage. */
  release(): void {
    this.releases.shift()?.();
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    this.running++;
    let text = "";
    const result = (stopReason: GenerateResult["stopReason"]): GenerateResult =>
      generateResult(text, { stopReason, promptTokens: 10, generatedTokens: text.length, generationMs: 1, totalMs: 1 });
    try {
      for (const [index, stage] of this.stages.entries()) {
        if (index > 0 && !(await this.released(request.signal))) return result("aborted");
        text += stage;
        this.streamedStages++;
        if (request.onText?.(stage) === true) return result("stop-trigger");
      }
      return result("end-of-text");
    } finally {
      this.running--;
    }
  }

  private released(signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      signal?.addEventListener("abort", () => resolve(false), { once: true });
      this.releases.push(() => resolve(true));
    });
  }
}

const request = (text: string, extra: { signal?: AbortSignal; offset?: number } = {}) => ({
  documentId: "file:///m.py",
  text,
  offset: extra.offset ?? text.length,
  signal: extra.signal ?? new AbortController().signal,
  explicit: true,
  progressive: true,
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function releaseAll(engine: StagedEngine): Promise<void> {
  while (engine.running > 0) {
    engine.release();
    await tick();
  }
}

describe("CompletionService: progressive reveal", () => {
  let reveals: RevealEvent[];
  const serviceOn = (engine: Engine) => {
    const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    reveals = [];
    service.onDidReveal((event) => reveals.push(event));
    return service;
  };

  it("ends the generation once a stop rule has ended the suggestion (the model's next top-level definition)", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, `${LINE_2}\n`, "\ndef other():\n", "    pass\n", "x = 1\n"]);
    const service = serviceOn(engine);
    const first = await service.complete(request(DOCUMENT));
    assert.equal(first?.text, LINE_1);
    await releaseAll(engine);
    assert.equal(engine.streamedStages, 3, "the stages after the top-level definition are never asked for");
    const whole = await service.complete(request(DOCUMENT));
    assert.equal(whole?.source, "cache");
    assert.equal(whole?.text, `${LINE_1}\n${LINE_2}`);
  });

  it("shows the first line while the model still writes the block, then the whole block from the cache", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, `${LINE_2}\n`, LINE_3]);
    const service = serviceOn(engine);
    const first = await service.complete(request(DOCUMENT));
    assert.equal(first?.text, LINE_1);
    assert.equal(first?.source, "model");
    assert.equal(engine.running, 1, "the model is still generating");
    assert.ok(first?.longer);

    await releaseAll(engine);
    assert.equal(await first.longer, true);
    assert.equal(engine.running, 0);
    const whole = await service.complete(request(DOCUMENT));
    assert.equal(whole?.source, "cache");
    assert.equal(whole?.text, `${LINE_1}\n${LINE_2}\n${LINE_3}`);
    assert.equal(whole?.longer, undefined);
    assert.equal(engine.requests.length, 1);
  });

  it("a request that is not progressive still waits for the whole suggestion", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, LINE_2]);
    const service = serviceOn(engine);
    const pending = service.complete({ ...request(DOCUMENT), progressive: false });
    await tick();
    engine.release();
    assert.equal((await pending)?.text, `${LINE_1}\n${LINE_2}`);
  });

  it("Tab, Tab, Tab walks the body: after each accepted line the next one shows, joining the running generation", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, `${LINE_2}\n`, LINE_3]);
    const service = serviceOn(engine);
    const first = await service.complete(request(DOCUMENT));
    assert.equal(first?.text, LINE_1);

    const afterTab = service.complete(request(DOCUMENT + LINE_1));
    await tick();
    engine.release();
    const second = await afterTab;
    assert.equal(second?.source, "in-flight");
    assert.equal(second?.text, `\n${LINE_2}`);
    assert.ok(second?.longer, "the block is not finished yet");

    const afterSecondTab = service.complete(request(`${DOCUMENT}${LINE_1}\n${LINE_2}`));
    await tick();
    engine.release();
    const third = await afterSecondTab;
    assert.equal(third?.text, `\n${LINE_3}`);
    assert.equal(engine.requests.length, 1, "one generation served all three parts");
  });

  it("after the block ended, Tab after a line longer than the typed-ahead walk still finds the next part in the cache", async () => {
    const longLine = `    total = sum(value for value in values if value is not None and value > minimum_allowed_value)`;
    const engine = new StagedEngine([`\n${longLine}\n${LINE_3}`]);
    const service = serviceOn(engine);
    assert.equal(
      (await service.complete({ ...request(DOCUMENT), progressive: false }))?.text,
      `${longLine}\n${LINE_3}`,
    );
    const afterTab = await service.complete(request(DOCUMENT + longLine));
    assert.equal(afterTab?.source, "cache");
    assert.equal(afterTab?.text, `\n${LINE_3}`);
  });

  it("lints every shown part in context: a finding that comes with a later part is on the part and on the whole block", async () => {
    const calc = 'def calculate(expression):\n    """Evaluate the arithmetic expression the user typed."""\n';
    const engine = new StagedEngine(["\n    command = expression.strip()\n", "    return eval(command)"]);
    const service = serviceOn(engine);
    const first = await service.complete(request(calc));
    assert.equal(first?.text, "    command = expression.strip()");
    assert.deepEqual(
      first?.findings.filter((f) => f.severity === "high"),
      [],
    );

    const afterTab = service.complete(request(calc + first.text));
    await tick();
    engine.release();
    const second = await afterTab;
    assert.equal(second?.text, "\n    return eval(command)");
    const inPart = second?.findings.find((f) => f.category === "code-injection");
    assert.ok(inPart, "the later part's finding, linted after the accepted first line");
    assert.equal(inPart.severity, "high");

    const whole = await service.complete(request(calc));
    assert.ok(
      whole?.findings.some((f) => f.category === "code-injection" && f.severity === "high"),
      "the refreshed whole block carries it too",
    );
  });

  it("reports first-visible and whole timestamps through onDidReveal", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, LINE_2]);
    const service = serviceOn(engine);
    const first = await service.complete(request(DOCUMENT));
    await tick();
    engine.release();
    await first?.longer;
    await tick();
    assert.deepEqual(
      reveals.map((event) => [event.stage, event.partial, event.text]),
      [
        ["first", true, LINE_1],
        ["whole", false, `${LINE_1}\n${LINE_2}`],
      ],
    );
    assert.ok(reveals[0].at < reveals[1].at && reveals[0].requestedAt === reveals[1].requestedAt);
    assert.equal(reveals[1].generation?.stopReason, "end-of-text");

    await service.complete(request(DOCUMENT));
    assert.deepEqual(
      reveals.slice(2).map((event) => [event.stage, event.partial, event.source]),
      [
        ["first", false, "cache"],
        ["whole", false, "cache"],
      ],
    );
  });

  it("a keystroke that leaves the block aborts its generation; a cancelled waiting request settles at once", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, LINE_2]);
    const service = serviceOn(engine);
    const first = await service.complete(request(DOCUMENT));
    const controller = new AbortController();
    const waiting = service.complete(request(DOCUMENT + LINE_1, { signal: controller.signal }));
    await tick();
    controller.abort();
    assert.equal(await waiting, undefined);
    assert.equal(engine.running, 1, "the generation goes on for the next request to join");

    const elsewhere = service.complete(request(DOCUMENT + "    import os\n"));
    assert.equal(await first?.longer, false, "superseded: nothing longer will come for the first position");
    assert.equal(engine.requests[0].signal?.aborted, true);
    await elsewhere;
    await releaseAll(engine);
    assert.equal(engine.running, 0);
  });

  it("does not join a generation for the same prefix when the text below the cursor changed", async () => {
    const engine = new StagedEngine([`\n${LINE_1}\n`, LINE_2]);
    const service = serviceOn(engine);
    await service.complete(request(DOCUMENT));
    const edited = DOCUMENT + "\n\ndef other():\n    pass\n";
    const below = service.complete(request(edited, { offset: DOCUMENT.length }));
    await tick();
    assert.equal(engine.requests.length, 2, "a new generation for the new text below the cursor");
    assert.equal(engine.requests[0].signal?.aborted, true);
    engine.release();
    assert.equal((await below)?.text, LINE_1);
  });
});

describe("CompletionService: progressive reveal on the real engine (scripted fixture model)", function () {
  this.timeout(120_000);

  it("reveals the body's first line before the generation ends, then the whole body", async () => {
    const engine = new InferenceEngine(testEngineSettings(fixtureModel("sumBody")));
    try {
      const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
      const reveals: RevealEvent[] = [];
      service.onDidReveal((event) => reveals.push(event));
      const document = 'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';
      const first = await service.complete(request(document));
      assert.equal(first?.text, "    total = sum(values)");
      assert.equal(await first.longer, true);
      await tick();
      assert.deepEqual(
        reveals.map((event) => [event.stage, event.text]),
        [
          ["first", "    total = sum(values)"],
          ["whole", "    total = sum(values)\n\n    return total"],
        ],
      );
      assert.ok(reveals[1].generation && reveals[1].generation.generatedTokens > 0);
      assert.ok(reveals[0].at <= reveals[1].at);
      assert.equal(
        (await service.complete(request(document + "    total = sum(values)")))?.text,
        "\n\n    return total",
      );
    } finally {
      await engine.dispose();
    }
  });
});
