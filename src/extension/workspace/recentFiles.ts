import * as vscode from "vscode";
import { workspaceRelativePath } from "../../core/workspace/folder";
import type { NeighbourFile } from "../../core/workspace/similarCode";

/** Files remembered, most recent first: Copilot's limit for neighbouring files. */
const MAX_RECENT_FILES = 20;

/**
 * The Python files the user has recently shown or edited and that are still open: the neighbours similar
 * code is taken from. Texts are copied once per document version, so a prompt per keystroke costs no copy.
 */
export class RecentFiles implements vscode.Disposable {
  private readonly recent: string[] = [];
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.touch(editor.document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.touch(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
    ];
    for (const editor of vscode.window.visibleTextEditors) this.touch(editor.document);
    if (vscode.window.activeTextEditor) this.touch(vscode.window.activeTextEditor.document);
  }

  /** The open recent files of `folder`, most recent first, without `currentUri`. */
  neighbours(folder: vscode.WorkspaceFolder, currentUri: string): NeighbourFile[] {
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const neighbours: NeighbourFile[] = [];
    for (const uri of this.recent) {
      const document = open.get(uri);
      if (uri === currentUri || !document) continue;
      const file = workspaceRelativePath(folder.uri.fsPath, document.uri.fsPath);
      if (!file) continue;
      let cached = this.texts.get(uri);
      if (cached?.version !== document.version) {
        cached = { version: document.version, text: document.getText() };
        this.texts.set(uri, cached);
      }
      neighbours.push({ file, text: cached.text, version: cached.version });
    }
    return neighbours;
  }

  private touch(document: vscode.TextDocument): void {
    if (document.languageId !== "python" || document.uri.scheme !== "file") return;
    const uri = document.uri.toString();
    const at = this.recent.indexOf(uri);
    if (at === 0) return;
    if (at > 0) this.recent.splice(at, 1);
    this.recent.unshift(uri);
    for (const dropped of this.recent.splice(MAX_RECENT_FILES)) this.texts.delete(dropped);
  }

  private forget(uri: string): void {
    const at = this.recent.indexOf(uri);
    if (at >= 0) this.recent.splice(at, 1);
    this.texts.delete(uri);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
