import * as assert from "node:assert/strict";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { CompletionService, type CompletionPipeline } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import type { GenerateRequest, GenerateResult } from "../../../src/core/engine/engine";
import { lintSuggestion } from "../../../src/core/lint/engine";
import { EngineDouble, generateResult, TEST_COMPLETION_OPTIONS } from "../../support/engineDouble";

const OPTIONS = TEST_COMPLETION_OPTIONS;
const DOCUMENT = 'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';
const BODY = "    total = sum(values)\n\n    return total";

/** An engine that answers every prompt with one scripted text and records what it was asked. */
class ScriptedEngine extends EngineDouble {
  readonly requests: GenerateRequest[] = [];

  constructor(private readonly answer: string) {
    super();
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    request.onText?.(this.answer);
    return generateResult(this.answer);
  }
}

describe("CompletionService on any Engine (not only the in-process model)", () => {
  it("builds the prompt, post-processes, lints and caches around a scripted engine", async () => {
    const engine = new ScriptedEngine(BODY);
    const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    const request = (text: string) => ({
      documentId: "file:///t.py",
      text,
      offset: text.length,
      signal: new AbortController().signal,
      explicit: true,
    });

    const suggestion = await service.complete(request(DOCUMENT));
    assert.equal(suggestion?.source, "model");
    assert.equal(suggestion?.text, BODY);
    assert.deepEqual(suggestion?.findings, []);
    assert.equal(engine.requests.length, 1);
    assert.equal(engine.requests[0].priority, "completion");
    assert.ok(engine.requests[0].prompt.includes("def total_of(values):"));

    const typedAhead = await service.complete(request(DOCUMENT + "    tot"));
    assert.equal(typedAhead?.source, "cache");
    assert.equal(typedAhead?.text, "al = sum(values)\n\n    return total");
    assert.equal(engine.requests.length, 1, "a typed-ahead suggestion does not reach the engine");
  });

  it("keeps its cache within a byte bound however large the documents are (40 requests on fresh 2 MB documents)", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // Only the cache is under test: a prompt builder, post-processing and lint that do not look at the document.
    const pipeline: CompletionPipeline = {
      plan: async () => ({ prompt: "def f():\n", stablePrefix: "", stopTriggers: [] }),
      finish: (raw) => raw,
    };
    const engine = new ScriptedEngine("    return compute()\n    # done");
    const service = new CompletionService(
      engine,
      pipeline,
      async () => [],
      () => OPTIONS,
    );
    const twoMegabytes = "value = compute(value)\n".repeat((2 * 1024 * 1024) / 23);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 40; i++) {
      // A fresh flat string each time, as the editor's getText() gives (not a rope sharing one head).
      const text = Buffer.from(`${twoMegabytes}result_${i} = `).toString("utf8");
      const suggestion = await service.complete({
        documentId: "file:///big.py",
        text,
        offset: text.length,
        signal: new AbortController().signal,
        explicit: true,
      });
      assert.ok(suggestion);
    }
    engine.requests.length = 0; // the double's own record of requests holds the documents
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
    // Keys of whole prefixes (the old LRU) kept every document: 40 × 2 MB. The digests keep ~nothing.
    assert.ok(grownMb < 16, `heap grew ${grownMb.toFixed(1)} MB`);
  });
});
