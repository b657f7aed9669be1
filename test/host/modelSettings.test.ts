import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';
const SUM_BODY_ACCEPTED = FUNCTION_WITH_DOCSTRING.replace("█", "") + scriptedText("sumBody").slice(1);

/** Polls `condition` every 100 ms until it holds or `timeoutMs` passed; returns whether it held. */
async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Replaces the open folder's .vscode/settings.json for the duration of `body`, as a cloned repository would ship
 * it. Written to disk rather than through `update(…, Workspace)`, which refuses machine-scoped settings: a
 * malicious repository does not go through the API either.
 */
async function withWorkspaceSettings(settings: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the harness opens a workspace folder");
  const file = path.join(folder.uri.fsPath, ".vscode", "settings.json");
  const original = fs.readFileSync(file, "utf8");
  const merged = { ...(JSON.parse(original) as Record<string, unknown>), ...settings };
  fs.writeFileSync(file, JSON.stringify(merged, null, 2) + "\n");
  try {
    await body();
  } finally {
    fs.writeFileSync(file, original);
  }
}

describe("Model settings in a real extension host", function () {
  this.timeout(120_000);

  afterEach(async () => {
    await closeAllEditors();
  });

  it("ignores a workspace's .vscode/settings.json that points the model at another file or resizes the engine", async () => {
    const api = await activateExtension();
    const userModel = fixtureModel("sumBody");
    await setSetting("model.path", userModel);
    await setSetting("inference.threads", 1);
    // A window-scoped setting in the same file: seeing it applied proves VS Code read the file, so the
    // machine-scoped values below were ignored rather than never loaded.
    const canaryMaxTokens = 77;
    try {
      await withWorkspaceSettings(
        {
          "phiPair.model.path": fixtureModel("returnThenCall"),
          "phiPair.inference.threads": 64,
          "phiPair.inference.contextSize": 64,
          "phiPair.explain.maxTokens": canaryMaxTokens,
        },
        async () => {
          assert.ok(
            await eventually(() => api.ctx.config.explainMaxTokens === canaryMaxTokens),
            "VS Code applied the workspace settings file",
          );
          const modelPath = vscode.workspace.getConfiguration("phiPair").inspect<string>("model.path");
          console.log(`      model.path as VS Code reports it: ${JSON.stringify(modelPath)}`);
          assert.equal(api.ctx.config.modelPath, userModel);
          const engineSettings = api.ctx.config.engineSettings(userModel);
          assert.equal(engineSettings.threads, 1);
          assert.equal(engineSettings.contextSize, 2048);

          const editor = await openPython(FUNCTION_WITH_DOCSTRING);
          assert.equal(
            await acceptInlineSuggestion(editor),
            SUM_BODY_ACCEPTED,
            "the suggestion comes from the user's model",
          );
          const engine = api.ctx.models.currentEngine;
          assert.equal(engine?.settings.modelPath, userModel);
          assert.equal(engine?.settings.threads, 1);
          assert.equal(engine?.settings.contextSize, 2048);
        },
      );
      assert.ok(
        await eventually(() => api.ctx.config.explainMaxTokens !== canaryMaxTokens),
        "the workspace settings file was restored",
      );
    } finally {
      await setSetting("inference.threads", undefined);
    }
  });

  it("recovers from a corrupt model file once model.path names a valid model", async () => {
    const api = await activateExtension();
    const corrupt = path.join(os.tmpdir(), "phi-pair-corrupt-then-valid.gguf");
    fs.writeFileSync(corrupt, Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(64, 0xff)]));
    await setSetting("model.path", corrupt);
    const corruptEditor = await openPython(FUNCTION_WITH_DOCSTRING);
    assert.equal(await acceptInlineSuggestion(corruptEditor, 3000), undefined);
    assert.equal(api.ctx.models.state.kind, "error");
    assert.match(api.ctx.statusBar.text, /\$\(error\)/);
    await closeAllEditors();

    await setSetting("model.path", fixtureModel("sumBody"));
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    assert.equal(await acceptInlineSuggestion(editor), SUM_BODY_ACCEPTED);
    assert.equal(api.ctx.models.state.kind, "ready");
    assert.equal(api.ctx.models.currentEngine?.settings.modelPath, fixtureModel("sumBody"));
    assert.doesNotMatch(api.ctx.statusBar.tooltip, /Model error/);
  });
});
