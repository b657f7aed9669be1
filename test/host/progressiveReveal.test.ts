import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CompletionService, RevealEvent } from "../../src/core/completion/completionService";
import type { GenerateRequest, GenerateResult } from "../../src/core/engine/engine";
import { fixtureModel } from "../support/fixtureModels";
import { activateExtension, closeAllEditors, openPython, screenshot, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';
const FIRST_LINE = "    total = sum(values)";
const WHOLE = `${FIRST_LINE}\n\n    return total`;
/** The scripted model is far faster than Phi-2 on a CPU: its chunks are replayed this far apart. */
const CHUNK_MS = 250;

/** Polls until `probe` returns something truthy, running `nudge` between tries. */
async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
  nudge?: () => Thenable<unknown>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await nudge?.();
    await sleep(40);
  }
}

describe("Progressive reveal in a real extension host", function () {
  this.timeout(120_000);
  let reveals: (RevealEvent & { wallMs: number })[];
  const restore: (() => void)[] = [];
  const subscriptions: { dispose(): void }[] = [];

  /** A slow model: the real generation runs, then its text streams CHUNK_MS apart, as Phi-2's would on a laptop. */
  async function slowModel(model: Parameters<typeof fixtureModel>[0]): Promise<CompletionService> {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel(model));
    await sleep(200);
    const service = await api.ctx.completionService();
    assert.ok(service, "the fixture model loads");
    const engine = await api.ctx.models.getEngine();
    assert.ok(engine);
    const generate = engine.generate.bind(engine);
    engine.generate = async (request: GenerateRequest): Promise<GenerateResult> => {
      const chunks: string[] = [];
      const result = await generate({ ...request, onText: (chunk) => void chunks.push(chunk) });
      for (const chunk of chunks) {
        await sleep(CHUNK_MS);
        if (request.signal?.aborted) return { ...result, stopReason: "aborted" };
        request.onText?.(chunk);
      }
      return result;
    };
    restore.push(() => (engine.generate = generate));
    const started = Date.now();
    subscriptions.push(service.onDidReveal((event) => reveals.push({ ...event, wallMs: Date.now() - started })));
    return service;
  }

  before(async () => {
    const api = await activateExtension();
    // Neither the lint's warm-up on the extension host's thread nor the time cap may cut the slowed generation.
    await api.ctx.lintPrimed;
    await setSetting("completion.timeCapMs", 20_000);
    await slowModel("sumBody");
  });

  beforeEach(async () => {
    reveals = [];
    // Untitled documents reuse their names: start from an empty cache, not from another test's suggestion.
    (await (await activateExtension()).ctx.completionService())?.reset();
  });

  after(async () => {
    subscriptions.forEach((subscription) => subscription.dispose());
    restore.forEach((undo) => undo());
    await setSetting("security.policy", undefined);
    await setSetting("completion.timeCapMs", undefined);
    await closeAllEditors();
  });

  it("shows the first line before the generation ends, and Tab, Tab accepts the body line by line", async () => {
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    const before = editor.document.getText();
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    const first = await waitFor("the first part", () => reveals.find((event) => event.stage === "first"), 20_000);
    assert.equal(first.partial, true);
    assert.equal(first.text, FIRST_LINE);
    // Tab while the model still writes: only the first line goes in.
    await waitFor(
      "the first line accepted",
      () => editor.document.getText() !== before,
      5000,
      () => vscode.commands.executeCommand("editor.action.inlineSuggest.commit"),
    );
    assert.equal(editor.document.getText(), before + FIRST_LINE);
    assert.equal(
      reveals.filter(
        (event) => event.stage === "whole" && event.text !== undefined && event.requestedAt === first.requestedAt,
      ).length,
      0,
      "accepted before the block ended",
    );
    await screenshot("reveal-3-first-line-accepted-with-tab");

    // VS Code asks again after the edit; that request joins the running generation and shows the next line.
    const afterFirst = editor.document.getText();
    await waitFor(
      "the second line accepted",
      () => editor.document.getText() !== afterFirst,
      20_000,
      async () => {
        await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
        await sleep(100);
        await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
      },
    );
    assert.equal(editor.document.getText(), before + WHOLE);
    await screenshot("reveal-4-body-accepted-with-tab-tab");
    const whole = reveals.find((event) => event.stage === "whole" && event.requestedAt === first.requestedAt);
    assert.ok(whole && whole.at > first.at, "the whole block came after the first line was shown");
    console.log(
      `      first line shown ${(first.at - first.requestedAt).toFixed(0)} ms after the request, whole block ${(whole.at - whole.requestedAt).toFixed(0)} ms; ` +
        `reveals: ${reveals.map((event) => `${event.stage}/${event.source}${event.partial ? "/partial" : ""}@${event.wallMs}`).join(" ")}`,
    );
  });

  it("grows the ghost text to the whole block when the user waits at the same place", async () => {
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    const before = editor.document.getText();
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    const first = await waitFor("the first part", () => reveals.find((event) => event.stage === "first"), 20_000);
    assert.equal(first.text, FIRST_LINE);
    // one frame for the ghost text to render
    await sleep(150);
    await screenshot("reveal-1-first-line-while-the-model-writes");
    // Wait without touching anything: the refresh (hide + trigger) asks again and the cache has the whole block.
    const refreshed = await waitFor(
      "the refreshed whole block",
      () => reveals.find((event) => event.stage === "first" && event.source === "cache" && event.text === WHOLE),
      20_000,
    );
    await sleep(150);
    await screenshot("reveal-2-grown-to-the-whole-block");
    await waitFor(
      "the whole block accepted",
      () => editor.document.getText() !== before,
      5000,
      () => vscode.commands.executeCommand("editor.action.inlineSuggest.commit"),
    );
    assert.equal(editor.document.getText(), before + WHOLE);
    console.log(
      `      first line at ${first.wallMs} ms, grown to the whole block at ${refreshed.wallMs} ms (${refreshed.wallMs - first.wallMs} ms later); ` +
        `the refresh's request took ${(refreshed.at - refreshed.requestedAt).toFixed(1)} ms (the ghost text's gap between hide and trigger)`,
    );
  });

  it("with hide-high, withdraws a shown first line once its block turns out high-risk, and lists the block as hidden", async () => {
    await setSetting("security.policy", "hide-high");
    await slowModel("evalSecondLine");
    const api = await activateExtension();
    api.ctx.review.clear();
    const editor = await openPython('def calculate(expression):\n    """Evaluate the arithmetic expression."""\n█');
    const before = editor.document.getText();
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    const first = await waitFor("the first part", () => reveals.find((event) => event.stage === "first"), 20_000);
    assert.equal(first.text, "    assert expression");
    assert.equal(first.partial, true);
    await waitFor(
      "the refreshed whole block",
      () => reveals.find((event) => event.stage === "first" && event.source === "cache"),
      20_000,
    );
    await sleep(300);
    await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
    assert.equal(editor.document.getText(), before, "the first line is gone once the block is known to be high-risk");
    const hidden = api.ctx.review.store.records.find(
      (record) => record.state === "hidden" && record.suggestion.includes("eval(expression)"),
    );
    assert.ok(hidden, "the block is listed as hidden under Flagged Suggestions");
    assert.match(api.ctx.statusBar.text, /\$\(eye-closed\) code-injection CWE-95/);
  });
});
