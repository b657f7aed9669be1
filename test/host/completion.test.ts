import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { startModelServer } from "../support/modelServer";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';

describe("Phi Pair in a real extension host", function () {
  this.timeout(120_000);

  afterEach(async () => {
    await closeAllEditors();
  });

  it("activates on a Python file without loading the model", async () => {
    await openPython("x = 1█");
    const api = await activateExtension();
    assert.equal(api.ctx.models.state.kind, "not-loaded");
    assert.match(api.ctx.statusBar.text, /Phi-2/);
  });

  it("offers Download / Choose / Settings once when no model is present, and stays alive", async () => {
    const api = await activateExtension();
    await setSetting("model.path", "");
    await api.ctx.models.reset();
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    assert.equal(await acceptInlineSuggestion(editor, 3000), undefined);
    assert.equal(await acceptInlineSuggestion(editor, 1500), undefined);
    assert.deepEqual(
      api.ctx.models.offers.filter((p) => p === "not-configured"),
      ["not-configured"],
    );
  });

  it("reports a corrupt model file clearly and keeps working", async () => {
    const api = await activateExtension();
    const corrupt = path.join(os.tmpdir(), "phi-pair-not-a-model.gguf");
    fs.writeFileSync(corrupt, "<!doctype html><html>Sign in</html>");
    await setSetting("model.path", corrupt);
    await sleep(200);
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    assert.equal(await acceptInlineSuggestion(editor, 3000), undefined);
    assert.ok(api.ctx.models.offers.includes("not-gguf"));
    assert.equal(api.ctx.models.state.kind, "error");
    assert.match(api.ctx.statusBar.tooltip, /Not a GGUF model file/);
  });

  it("shows the model's suggestion after a docstring, and Tab inserts it", async () => {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel("sumBody"));
    await sleep(200);
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    const text = await acceptInlineSuggestion(editor);
    assert.ok(text, "a suggestion was inserted");
    assert.equal(text, FUNCTION_WITH_DOCSTRING.replace("█", "") + scriptedText("sumBody").slice(1));
    assert.equal(api.ctx.models.state.kind, "ready");
    assert.match(api.ctx.statusBar.tooltip, /Prompt: \d+ tokens, \d+ evaluated, \d+ reused/);
  });

  it("downloads the model from a (loopback) Hugging Face endpoint and uses it", async () => {
    const api = await activateExtension();
    const server = await startModelServer({ body: fs.readFileSync(fixtureModel("sumBody")) });
    try {
      await setSetting("model.path", "");
      await setSetting("model.downloadEndpoint", server.endpoint);
      await sleep(200);
      const downloaded = await vscode.commands.executeCommand<string | undefined>("phiPair.downloadModel");
      assert.ok(downloaded && fs.existsSync(downloaded), "the download command returns the file");
      assert.ok(server.requests.some((r) => r.url.startsWith("/TheBloke/phi-2-GGUF/resolve/main/phi-2.Q4_K_M.gguf")));
      assert.equal(await api.ctx.models.resolveModelPath(), downloaded);
      const editor = await openPython(FUNCTION_WITH_DOCSTRING);
      assert.ok(await acceptInlineSuggestion(editor), "the downloaded model completes");
    } finally {
      await server.close();
      await setSetting("model.downloadEndpoint", undefined);
    }
  });
});

describe("Typing into a Python function", function () {
  this.timeout(120_000);
  const after = "\n\ndef main():\n    print(total_of([1, 2, 3]))\n";
  const header = 'def total_of(values):\n    """Return the sum of values."""';

  afterEach(async () => {
    await closeAllEditors();
  });

  async function typeNewLineAndAccept(model: "sumBody" | "returnThenCall"): Promise<string | undefined> {
    await setSetting("model.path", fixtureModel(model));
    await sleep(200);
    const editor = await openPython(`${header}█${after}`);
    await vscode.commands.executeCommand("type", { text: "\n" }); // VS Code indents the new body line
    return acceptInlineSuggestion(editor);
  }

  it("accepts a multi-line body between the docstring and the next function", async () => {
    await activateExtension();
    assert.equal(
      await typeNewLineAndAccept("sumBody"),
      `${header}\n    total = sum(values)\n\n    return total${after}`,
    );
  });

  it("cuts what the model writes after the body: the suggestion stops at the end of the body", async () => {
    await activateExtension();
    assert.equal(await typeNewLineAndAccept("returnThenCall"), `${header}\n    return sum(values)${after}`);
  });
});
