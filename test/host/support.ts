import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { PhiPairApi } from "../../src/extension/extension";

export const EXTENSION_ID = "phi-pair.phi-pair";

export async function activateExtension(): Promise<PhiPairApi> {
  const extension = vscode.extensions.getExtension<PhiPairApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("phiPair").update(key, value, vscode.ConfigurationTarget.Global);
}

/** Opens an untitled Python document with `text` and puts the cursor at the █ marker. */
export async function openPython(textWithCursor: string): Promise<vscode.TextEditor> {
  const offset = textWithCursor.indexOf("█");
  assert.ok(offset >= 0, "the text has a █ cursor marker");
  const document = await vscode.workspace.openTextDocument({
    language: "python",
    content: textWithCursor.replace("█", ""),
  });
  const editor = await vscode.window.showTextDocument(document);
  const position = document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Triggers inline suggestions and accepts the first one, retrying while the model loads; returns the
 * document text once it changed, or undefined if nothing was inserted within the time limit. A block revealed
 * line by line (progressive reveal) is accepted the way a user does it: Tab again while more of it shows, until
 * nothing more comes for `settleMs`.
 */
export async function acceptInlineSuggestion(
  editor: vscode.TextEditor,
  timeoutMs = 30_000,
  settleMs = 1500,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  const acceptOnce = async (waitMs: number) => {
    const text = editor.document.getText();
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    await sleep(waitMs);
    await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
    return editor.document.getText() !== text;
  };
  while (Date.now() < deadline) {
    if (!(await acceptOnce(400))) continue;
    for (let quietSince = Date.now(); Date.now() - quietSince < settleMs;)
      if (await acceptOnce(200)) quietSince = Date.now();
    return editor.document.getText();
  }
  return undefined;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

/**
 * A screenshot of the workbench as it is now, when the run takes them (test/vscode-host/run.mjs sets
 * PHI_PAIR_SCREENSHOT_DIR): asked for through the console, then awaited as the file it writes. Returns its path.
 */
export async function screenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
  const directory = process.env.PHI_PAIR_SCREENSHOT_DIR;
  if (!directory) return undefined;
  const file = path.join(directory, `${name}.png`);
  fs.rmSync(file, { force: true });
  // earlier tests' notifications would cover the editor
  await vscode.commands.executeCommand("notifications.clearAll");
  console.log(`[phi-pair:screenshot] ${name}`);
  for (const deadline = Date.now() + timeoutMs; !fs.existsSync(file); await sleep(50))
    if (Date.now() > deadline) throw new Error(`no screenshot ${name} within ${timeoutMs} ms`);
  return file;
}
