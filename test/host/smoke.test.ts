/**
 * Smoke test of the extension-host harness: asserts only what holds in any VS Code extension host started by
 * scripts/run-host-tests.sh (fixture workspace test/fixtures/workspace), plus — when PHI_PAIR_EXTENSION_ID is
 * set — that the extension under development is loaded.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";

const FIXTURE_FILE = "sample.py";

async function openFixture(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open (the harness opens test/fixtures/workspace)");
  const uri = vscode.Uri.joinPath(folder.uri, FIXTURE_FILE);
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

describe("extension host smoke", () => {
  afterEach(async () => {
    // Never leave edits behind (and never save them into the fixture).
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("runs in a real VS Code extension host with Node", () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(vscode.env.uiKind === vscode.UIKind.Web || vscode.env.uiKind === vscode.UIKind.Desktop, true);
    assert.equal(typeof process.versions.node, "string", "Node extension host (not a web worker)");
  });

  it("opens the fixture workspace's Python file as a python document", async () => {
    const editor = await openFixture();
    assert.equal(editor.document.languageId, "python");
    assert.match(editor.document.getText(), /def fibonacci\(n: int\)/);
    assert.equal(editor.document.isDirty, false);
  });

  it("executes built-in commands on the Python editor (type, then File: Revert)", async () => {
    const editor = await openFixture();
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand("type", { text: "x = 1  # typed by the smoke test\n" });
    assert.ok(
      editor.document.getText().startsWith("x = 1  # typed by the smoke test\n"),
      "the type command edited the document",
    );
    assert.equal(editor.document.isDirty, true);
    await vscode.commands.executeCommand("workbench.action.files.revert");
    assert.equal(editor.document.getText(), original, "revert restored the text from disk");
    assert.equal(editor.document.isDirty, false);
  });

  it("has the inline-suggestion commands that extension tests drive", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["editor.action.inlineSuggest.trigger", "editor.action.inlineSuggest.commit"]) {
      assert.ok(commands.includes(id), `command ${id} exists`);
    }
    assert.equal(vscode.workspace.getConfiguration("editor").get("inlineSuggest.enabled"), true);
  });

  const extensionId = process.env.PHI_PAIR_EXTENSION_ID;
  (extensionId ? it : it.skip)(
    `loads the extension under development (${extensionId ?? "PHI_PAIR_EXTENSION_ID unset"})`,
    () => {
      const ext = vscode.extensions.getExtension(extensionId!);
      assert.ok(
        ext,
        `extension ${extensionId} is present; known: ${vscode.extensions.all
          .filter((e) => !e.id.startsWith("vscode."))
          .map((e) => e.id)
          .join(", ")}`,
      );
    },
  );
});
