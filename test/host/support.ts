import * as assert from "node:assert/strict";
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
  const document = await vscode.workspace.openTextDocument({ language: "python", content: textWithCursor.replace("█", "") });
  const editor = await vscode.window.showTextDocument(document);
  const position = document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return editor;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Triggers inline suggestions and accepts the first one, retrying while the model loads; returns the
 * document text once it changed, or undefined if nothing was inserted within the time limit.
 */
export async function acceptInlineSuggestion(editor: vscode.TextEditor, timeoutMs = 30_000): Promise<string | undefined> {
  const before = editor.document.getText();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    await sleep(400);
    await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
    if (editor.document.getText() !== before) return editor.document.getText();
  }
  return undefined;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}
