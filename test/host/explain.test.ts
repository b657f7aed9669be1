import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ExplainOutcome } from "../../src/extension/explain/explainController";
import type { RenderMessage } from "../../src/extension/explain/explainPanel";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const RISKY_FUNCTION = [
  "def total_of(values, expression):",
  '    """Return the sum of values."""',
  "    return sum(values) + eval(expression)█",
  "",
].join("\n");

/** Many small functions: a prompt of ~1000 tokens, slow to read one token per step (prefillChunkTokens 1). */
const LONG_MODULE = Array.from(
  { length: 60 },
  (_, i) => `def helper_${i}(value):\n    return value * ${i} + ${i}\n`,
).join("\n");

const explain = () => vscode.commands.executeCommand<ExplainOutcome>("phiPair.explainCode");

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("Explain Code in a real extension host", function () {
  this.timeout(180_000);

  afterEach(async () => {
    await closeAllEditors();
    await setSetting("inference.prefillChunkTokens", undefined);
    await setSetting("completion.timeCapMs", undefined);
  });

  it("streams the answer into the panel, escapes its HTML payload, and lists the security notes", async () => {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel("htmlAnswer"));
    await sleep(200);
    const editor = await openPython(RISKY_FUNCTION);
    const renders: RenderMessage[] = [];
    const explaining = explain();
    const panel = await waitFor(() => api.explain.currentPanel, "the panel"); // shown at once; the model loads first
    const listening = panel.onDidRender((message) => renders.push(message));
    const outcome = await explaining;
    listening.dispose();

    assert.deepEqual(outcome, { status: "complete", text: scriptedText("htmlAnswer").trim() });
    assert.equal(editor.document.languageId, "python");
    const writing = renders.filter((render) => render.phase === "writing");
    assert.ok(writing.length >= 3, `the answer streamed in ${writing.length} updates`);
    assert.ok(writing.every((render) => render.running));

    const last = panel.lastRender;
    assert.ok(last);
    assert.equal(last.phase, "done");
    assert.equal(last.running, false);
    assert.match(last.title, /function total_of \(lines 1–3\)/);
    assert.equal(
      last.answerHtml,
      "<p>It sums values. &lt;img src=x onerror = alert(1)&gt; <strong>done</strong></p>\n",
    );
    assert.ok(!/<img|onerror=/i.test(last.answerHtml.replace(/&lt;img src=x onerror = alert\(1\)&gt;/, "")));
    assert.match(last.securityHtml, /Security notes/);
    assert.match(last.securityHtml, /<code>code-injection<\/code>/);
    assert.match(
      last.securityHtml,
      /<a href="https:\/\/cwe\.mitre\.org\/data\/definitions\/95\.html">CWE-95<\/a> · line 3/,
    );

    // The page's own script (loaded under the CSP) rendered it: the DOM holds the payload as text.
    await waitFor(
      () => (panel.webviewAnswerHtml === last.answerHtml ? true : undefined),
      `the webview's DOM to hold ${last.answerHtml} (has ${panel.webviewAnswerHtml})`,
    );

    const shell = panel.shellHtml;
    assert.match(shell, /content="default-src 'none'; style-src [^;]+; script-src 'nonce-[A-Za-z0-9+/=]+';"/);
    const scripts = shell.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /^<script nonce="[A-Za-z0-9+/=]+" src="[^"]+\/media\/explain\.js">$/);
    assert.ok(!/\son\w+=/i.test(shell), "no inline event handlers");
  });

  it("Stop cancels a running explanation; the panel shows what happened and stays usable", async () => {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel("htmlAnswer"));
    await setSetting("inference.prefillChunkTokens", 1);
    await sleep(200);
    const editor = await openPython(`${LONG_MODULE}█`);
    editor.selection = new vscode.Selection(
      new vscode.Position(0, 0),
      editor.document.positionAt(editor.document.getText().length),
    );
    const explaining = explain();
    const panel = await waitFor(() => api.explain.currentPanel, "the panel");
    await waitFor(() => (panel.lastRender?.phase === "reading" ? true : undefined), "the model to read the code");
    await vscode.commands.executeCommand("phiPair.stopExplain"); // Esc; the panel's Stop button calls the same stop()
    const outcome = await explaining;
    assert.equal(outcome.status, "cancelled");
    assert.equal(panel.lastRender?.phase, "stopped");
    assert.equal(panel.lastRender?.status, "Stopped.");
    assert.equal(panel.lastRender?.running, false);

    await setSetting("inference.prefillChunkTokens", undefined);
    await sleep(200);
    await openPython(RISKY_FUNCTION);
    assert.equal((await explain()).status, "complete", "the next explanation runs");
  });

  it("preempts a running completion, and completions work afterwards", async () => {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel("sumBody"));
    await setSetting("inference.prefillChunkTokens", 1);
    await setSetting("completion.timeCapMs", 60_000); // a one-token-per-step prefill on a busy CI machine must not hit the cap
    await sleep(200);
    const service = await api.ctx.completionService();
    assert.ok(service, "the completion service is up");
    const longDocument = `${LONG_MODULE}\n\ndef total_of(values):\n    """Return the sum of values."""\n`;
    let completionSettledAt = 0;
    const completing = service
      .complete({
        documentId: "explain-preemption",
        text: longDocument,
        offset: longDocument.length,
        signal: new AbortController().signal,
        explicit: true,
      })
      .finally(() => (completionSettledAt = Date.now()));
    await sleep(500);
    assert.equal(completionSettledAt, 0, "the completion is still running when the explanation starts");

    await openPython(RISKY_FUNCTION);
    const outcome = await explain();
    assert.equal(outcome.status, "complete");
    assert.equal(await completing, undefined, "the preempted completion was dropped");
    assert.ok(completionSettledAt > 0);

    const editor = await openPython('def total_of(values):\n    """Return the sum of values."""\n█');
    const text = await acceptInlineSuggestion(editor);
    assert.equal(
      text,
      'def total_of(values):\n    """Return the sum of values."""\n' + scriptedText("sumBody").slice(1),
      "the next completion works",
    );
  });

  it("shows a model that fails to load as an error in the panel, not a crash", async () => {
    const api = await activateExtension();
    const corrupt = path.join(os.tmpdir(), "phi-pair-explain-not-a-model.gguf");
    fs.writeFileSync(corrupt, "<!doctype html><html>Sign in</html>");
    await setSetting("model.path", corrupt);
    await sleep(200);
    await openPython(RISKY_FUNCTION);
    const outcome = await explain();
    assert.equal(outcome.status, "error");
    const render = api.explain.currentPanel?.lastRender;
    assert.equal(render?.phase, "error");
    assert.equal(render?.running, false);
    assert.match(render?.status ?? "", /The model failed: .*GGUF/);
  });

  it("explains nothing outside a function without a selection, and says why in the panel", async () => {
    const api = await activateExtension();
    await openPython("x = 1\n█");
    const outcome = await explain();
    assert.equal(outcome.status, "nothing");
    assert.equal(api.explain.currentPanel?.lastRender?.phase, "error");
    assert.match(api.explain.currentPanel?.lastRender?.status ?? "", /select some code/);
  });
});
