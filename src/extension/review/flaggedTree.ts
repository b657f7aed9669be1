import * as path from "node:path";
import * as vscode from "vscode";
import { type FlaggedRecord, type FlaggedState, type FlaggedStore, leadFinding } from "../../core/review/store";
import { flaggedTooltipMarkdown } from "../../core/review/markdown";

export type FlaggedNode = { kind: "file"; documentUri: string } | { kind: "record"; record: FlaggedRecord };

const STATE_ICONS: Readonly<Record<FlaggedState, vscode.ThemeIcon>> = {
  shown: new vscode.ThemeIcon("eye", new vscode.ThemeColor("editorWarning.foreground")),
  hidden: new vscode.ThemeIcon("eye-closed", new vscode.ThemeColor("editorWarning.foreground")),
  accepted: new vscode.ThemeIcon("warning", new vscode.ThemeColor("editorError.foreground")),
  reviewed: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
};

/** The Flagged Suggestions view: files (newest activity first), each with its flagged suggestions. */
export class FlaggedTree implements vscode.TreeDataProvider<FlaggedNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: FlaggedStore) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: FlaggedNode): FlaggedNode[] {
    if (!node) {
      const uris = [...new Set(this.store.records.map((record) => record.documentUri))];
      return uris.map((documentUri) => ({ kind: "file", documentUri }));
    }
    if (node.kind === "file")
      return this.store.records
        .filter((record) => record.documentUri === node.documentUri)
        .map((record) => ({ kind: "record", record }));
    return [];
  }

  getTreeItem(node: FlaggedNode): vscode.TreeItem {
    if (node.kind === "file") {
      const uri = vscode.Uri.parse(node.documentUri);
      const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
      item.label = path.posix.basename(uri.path);
      item.description = folderOf(uri);
      item.contextValue = "phiPair.flaggedFile";
      return item;
    }
    const { record } = node;
    const lead = leadFinding(record);
    const item = new vscode.TreeItem(lead?.ruleId ?? "flagged suggestion", vscode.TreeItemCollapsibleState.None);
    item.id = record.id;
    const others = record.findings.length > 1 ? ` +${record.findings.length - 1}` : "";
    item.description = `${record.state} · ${lead?.severity ?? ""} · CWE-${lead?.cwe ?? "?"}${others} · ${formatTime(record.lastChanged)}`;
    item.iconPath = STATE_ICONS[record.state];
    item.contextValue = `phiPair.flagged.${record.state}`;
    item.tooltip = new vscode.MarkdownString(flaggedTooltipMarkdown(record));
    item.command = { command: "phiPair.review.open", title: "Show the flagged code", arguments: [record.id] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The file's folder relative to the workspace ("" at its root and for untitled documents). */
function folderOf(uri: vscode.Uri): string {
  if (uri.scheme !== "file") return "";
  const folder = path.posix.dirname(vscode.workspace.asRelativePath(uri, false));
  return folder === "." ? "" : folder;
}

/** Today: the time; earlier: the date and time. */
function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleString([], { dateStyle: "short", timeStyle: "short" });
}
