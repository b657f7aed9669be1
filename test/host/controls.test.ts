import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { PhiPairApi } from "../../src/extension/extension";
import { fixtureModel } from "../support/fixtureModels";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';
const CONTROL_SETTINGS = [
  "completion.maxLines",
  "completion.exclude",
  "completion.enable",
  "completion.inCommentsAndStrings",
];

/** The editor's cursor position. */
const cursorOf = (editor: vscode.TextEditor) => editor.selection.active;

/** Asks the registered provider the way VS Code does while typing (an automatic request). */
async function automaticItems(
  api: PhiPairApi,
  editor: vscode.TextEditor,
): Promise<vscode.InlineCompletionItem[] | undefined> {
  const context: vscode.InlineCompletionContext = {
    triggerKind: vscode.InlineCompletionTriggerKind.Automatic,
    selectedCompletionInfo: undefined,
  };
  return api.ctx.completions.provideInlineCompletionItems(
    editor.document,
    cursorOf(editor),
    context,
    new vscode.CancellationTokenSource().token,
  );
}

async function openFile(relative: string, textWithCursor: string): Promise<vscode.TextEditor> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-controls-")), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const offset = textWithCursor.indexOf("█");
  fs.writeFileSync(file, textWithCursor.replace("█", ""));
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

describe("Controls: where and when suggestions show", function () {
  this.timeout(120_000);
  let api: PhiPairApi;

  before(async () => {
    api = await activateExtension();
    await setSetting("model.path", fixtureModel("sumBody"));
    await sleep(200);
  });

  afterEach(async () => {
    for (const key of CONTROL_SETTINGS) await setSetting(key, undefined);
    await api.ctx.controls.endSnooze();
    await closeAllEditors();
  });

  it("reads every setting with package.json's defaults (Config repeats none)", async () => {
    const editor = await openPython("x = 1█");
    const { config } = api.ctx;
    assert.deepEqual(config.controls, { trigger: "automatic", enable: { "*": true }, inCommentsAndStrings: false });
    assert.deepEqual(config.exclude(editor.document), []);
    assert.equal(config.completion.maxLines, 8);
    assert.equal(config.modelUri, "hf:TheBloke/phi-2-GGUF/phi-2.Q4_K_M.gguf");
    assert.equal(config.engineSettings("m.gguf").contextSize, 2048);
    assert.equal(config.securityPolicy, "annotate");
    assert.equal(config.lintOpenFiles, true);
    assert.equal(config.explainMaxTokens, 256);
  });

  it("phiPair.completion.maxLines 1: the suggestion after a docstring is one line", async () => {
    await setSetting("completion.maxLines", 1);
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    const text = await acceptInlineSuggestion(editor);
    assert.equal(text, FUNCTION_WITH_DOCSTRING.replace("█", "") + "    total = sum(values)");
  });

  it("no automatic suggestion in a comment or an ordinary string; one in code and in a docstring; Alt+\\ still asks", async () => {
    const inCode = await openPython(FUNCTION_WITH_DOCSTRING);
    assert.ok((await automaticItems(api, inCode))?.length, "an automatic suggestion in code");
    const inComment = await openPython('def total_of(values):\n    """Return the sum of values."""\n    # add them█');
    assert.equal(await automaticItems(api, inComment), undefined);
    assert.equal(
      await api.ctx.controls.blocked(inComment.document, cursorOf(inComment), true),
      false,
      "explicit in a comment",
    );
    const inString = await openPython('print("total: █")');
    assert.equal(await api.ctx.controls.blocked(inString.document, cursorOf(inString), false), true);
    const inDocstring = await openPython('def total_of(values):\n    """Return █"""');
    assert.equal(await api.ctx.controls.blocked(inDocstring.document, cursorOf(inDocstring), false), false);
    await setSetting("completion.inCommentsAndStrings", true);
    assert.equal(await api.ctx.controls.blocked(inComment.document, cursorOf(inComment), false), false);
  });

  it("phiPair.completion.exclude globs: a path pattern and a file-name pattern turn a file off, explicit requests too", async () => {
    const secret = await openFile("secrets/keys.py", "def load():\n    █");
    const other = await openFile("app/main.py", "def load():\n    █");
    assert.equal(await api.ctx.controls.blocked(secret.document, cursorOf(secret), true), false);
    await setSetting("completion.exclude", ["**/secrets/**"]);
    assert.equal(await api.ctx.controls.blocked(secret.document, cursorOf(secret), true), true);
    assert.equal(await api.ctx.controls.blocked(other.document, cursorOf(other), false), false);
    await setSetting("completion.exclude", ["main.py"]);
    assert.equal(await api.ctx.controls.blocked(other.document, cursorOf(other), false), true);
    assert.equal(api.ctx.controls.allowsModel(other.document), false, "no warm-up of an excluded file");
  });

  it("phiPair.completion.enable per language id, as github.copilot.enable", async () => {
    const editor = await openPython("x = █");
    await setSetting("completion.enable", { "*": true, python: false });
    assert.equal(await api.ctx.controls.blocked(editor.document, cursorOf(editor), true), true);
    await setSetting("completion.enable", { "*": false, python: true });
    assert.equal(await api.ctx.controls.blocked(editor.document, cursorOf(editor), false), false);
  });

  it("snooze from the menu's command: automatic suggestions stop until it ends, the status bar says so, Alt+\\ still asks", async () => {
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    await vscode.commands.executeCommand("phiPair.snooze", 15);
    assert.ok(api.ctx.controls.snoozedUntil, "snoozed");
    assert.ok(Math.abs(api.ctx.controls.snoozedUntil.getTime() - Date.now() - 15 * 60_000) < 5_000);
    assert.match(api.ctx.statusBar.text, /snoozed/);
    assert.match(api.ctx.statusBar.tooltip, /snoozed until/);
    assert.equal(await automaticItems(api, editor), undefined);
    assert.equal(await api.ctx.controls.blocked(editor.document, cursorOf(editor), true), false);
    await vscode.commands.executeCommand("phiPair.endSnooze");
    assert.equal(api.ctx.controls.snoozedUntil, undefined);
    assert.doesNotMatch(api.ctx.statusBar.text, /snoozed/);
    assert.ok((await automaticItems(api, editor))?.length, "suggestions are back");
  });
});
