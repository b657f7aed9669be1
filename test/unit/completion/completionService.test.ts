import * as assert from "node:assert/strict";
import { CompletionService, type CompletionEvent } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import { InferenceEngine, type EngineSettings } from "../../../src/core/engine/inferenceEngine";
import { lintSuggestion } from "../../../src/core/lint/engine";
import { fixtureModel, testEngineSettings } from "../../support/fixtureModels";
import { TEST_COMPLETION_OPTIONS } from "../../support/engineDouble";

const OPTIONS = TEST_COMPLETION_OPTIONS;
const DOCUMENT = 'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';
const BODY = "    total = sum(values)\n\n    return total";

function engineFor(
  model: Parameters<typeof fixtureModel>[0],
  overrides: Partial<EngineSettings> = {},
): InferenceEngine {
  return new InferenceEngine(testEngineSettings(fixtureModel(model), overrides));
}

const request = (text: string, offset = text.length, signal = new AbortController().signal) => ({
  documentId: "file:///t.py",
  text,
  offset,
  signal,
  explicit: true,
});

describe("CompletionService (real engine, Python pipeline and lint)", function () {
  this.timeout(120_000);
  let engine: InferenceEngine;
  let service: CompletionService;
  let events: CompletionEvent[];

  beforeEach(() => {
    engine = engineFor("sumBody");
    service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    events = [];
    service.onDidComplete((event) => events.push(event));
  });
  afterEach(() => engine.dispose());

  it("writes the body after a docstring from the model, linted and with statistics", async () => {
    const suggestion = await service.complete(request(DOCUMENT));
    assert.ok(suggestion);
    assert.equal(suggestion.source, "model");
    assert.equal(suggestion.text, BODY);
    assert.deepEqual(suggestion.findings, []);
    assert.ok(events.at(-1)?.generation && events.at(-1)!.generation!.generatedTokens > 0);
  });

  it("serves typed-ahead characters of a shown suggestion from the cache", async () => {
    await service.complete(request(DOCUMENT));
    const typed = DOCUMENT + "    tot";
    const suggestion = await service.complete(request(typed));
    assert.ok(suggestion);
    assert.equal(suggestion.source, "cache");
    assert.equal(suggestion.text, "al = sum(values)\n\n    return total");
  });

  it("after one more typed character the model evaluates only a few prompt tokens (KV reuse)", async () => {
    const first = await service.complete(request(DOCUMENT));
    assert.ok(first?.generation);
    // "#" does not continue the cached suggestion, so the model runs again on an extended prompt.
    const second = await service.complete(request(DOCUMENT + "    #"));
    const generation = events.at(-1)?.generation;
    assert.ok(generation, "the second request ran the model");
    assert.ok(generation.promptTokens > 20);
    assert.ok(
      generation.evaluatedPromptTokens <= 4,
      `evaluated ${generation.evaluatedPromptTokens} of ${generation.promptTokens}`,
    );
    assert.notEqual(second?.source, "cache");
  });

  it("joins the generation in flight when the user types what it is producing", async () => {
    const slowEngine = engineFor("sumBody", { prefillChunkTokens: 8 });
    const slow = new CompletionService(slowEngine, pythonPipeline, lintSuggestion, () => OPTIONS);
    try {
      const longDocument = "# notes\n".repeat(40) + DOCUMENT;
      const first = slow.complete(request(longDocument));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const typed = slow.complete({ ...request(longDocument + "    to"), explicit: false });
      const [firstSuggestion, typedSuggestion] = await Promise.all([first, typed]);
      assert.equal(firstSuggestion?.text, BODY);
      assert.equal(typedSuggestion?.source, "in-flight");
      assert.equal(typedSuggestion?.text, "tal = sum(values)\n\n    return total");
    } finally {
      await slowEngine.dispose();
    }
  });

  it("returns nothing and starts no generation for a request cancelled during the debounce", async () => {
    const debounced = new CompletionService(engine, pythonPipeline, lintSuggestion, () => ({
      ...OPTIONS,
      debounceMs: 200,
    }));
    const controller = new AbortController();
    const pending = debounced.complete({ ...request(DOCUMENT, DOCUMENT.length, controller.signal), explicit: false });
    controller.abort();
    assert.equal(await pending, undefined);
    assert.equal(engine.state.kind, "not-loaded");
  });

  it("does not serve a suggestion cut for other text below the cursor (an edit below the cursor misses the cache)", async () => {
    const below = "\n    return total\n";
    const editedBelow = DOCUMENT + below;
    const fresh = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
    const expected = await fresh.complete(request(editedBelow, DOCUMENT.length));
    assert.ok(expected);
    assert.notEqual(expected.text, BODY, "the existing `return total` below the cursor changes the cut");

    assert.equal((await service.complete(request(DOCUMENT)))?.text, BODY);
    const afterEdit = await service.complete(request(editedBelow, DOCUMENT.length));
    assert.equal(afterEdit?.source, "model");
    assert.equal(afterEdit?.text, expected.text);
  });

  it("attaches the security findings of a flagged suggestion", async () => {
    const evalEngine = engineFor("evalBody");
    const evalService = new CompletionService(evalEngine, pythonPipeline, lintSuggestion, () => OPTIONS);
    try {
      const text = 'def calculate(expression):\n    """Evaluate the arithmetic expression the user typed."""\n';
      const suggestion = await evalService.complete(request(text));
      assert.ok(suggestion);
      assert.match(suggestion.text, /eval\(expression\)/);
      const finding = suggestion.findings.find((f) => f.category === "code-injection");
      assert.ok(finding, `findings: ${JSON.stringify(suggestion.findings.map((f) => f.ruleId))}`);
      assert.equal(finding.severity, "high");
      assert.equal(finding.range.startLine, 2);
    } finally {
      await evalEngine.dispose();
    }
  });
});
