import * as vscode from "vscode";
import { showInformation } from "../notifications";
import type { Suggestion } from "../../core/completion/completionService";
import { EXPLAIN_RISK_COMMAND, describeFinding, flaggedHoverMarkdown } from "../../core/review/markdown";
import { decide } from "../../core/review/policy";
import { type FlaggedRecord, FlaggedStore, leadFinding } from "../../core/review/store";
import type { Config } from "../config";
import type { StatusBar } from "../statusBar";
import type { SuggestionGate } from "../inlineCompletionProvider";
import { type FlaggedNode, FlaggedTree } from "./flaggedTree";
import { REVIEW_SCHEME, ReviewDocuments, riskUri, suggestionUri } from "./reviewDocuments";
import { SecurityCodeActions } from "./securityCodeActions";
import { SecurityDiagnostics } from "./securityDiagnostics";

const STORE_KEY = "phiPair.review.flagged";
const SAVE_DELAY_MS = 300;
export const FLAGGED_VIEW_ID = "phiPair.flaggedSuggestions";
export const ACCEPTED_COMMAND = "phiPair.review.accepted";

/** What the review needs from the extension (Ctx). */
export interface ReviewHost {
  readonly config: Config;
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: StatusBar;
  readonly extensionContext: vscode.ExtensionContext;
}

/**
 * Reviews every linted suggestion before it shows (the provider's gate), records the flagged ones (workspace
 * state, bounded), marks the code of accepted ones with diagnostics and code actions, and backs the Flagged
 * Suggestions view. Nothing here executes code, so it all runs in untrusted workspaces too.
 */
export class ReviewController implements SuggestionGate, vscode.Disposable {
  readonly store = new FlaggedStore();
  readonly tree: FlaggedTree;
  readonly diagnostics: SecurityDiagnostics;
  private readonly view: vscode.TreeView<FlaggedNode>;
  private readonly onScreen: vscode.TextEditorDecorationType;
  /** The flagged suggestion on screen: its editor, line and hover text. */
  private annotation: { editor: vscode.TextEditor; line: number; hover: vscode.MarkdownString } | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: ReviewHost) {
    this.store.restore(ctx.extensionContext.workspaceState.get(STORE_KEY));
    this.onScreen = vscode.window.createTextEditorDecorationType({
      gutterIconPath: ctx.extensionContext.asAbsolutePath("media/flagged-gutter.svg"),
      gutterIconSize: "contain",
      overviewRulerColor: new vscode.ThemeColor("editorWarning.foreground"),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      isWholeLine: true,
    });
    this.tree = new FlaggedTree(this.store);
    this.view = vscode.window.createTreeView(FLAGGED_VIEW_ID, { treeDataProvider: this.tree });
    this.diagnostics = new SecurityDiagnostics(ctx.config, this.store, ctx.log);
    const storeSubscription = this.store.onDidChange(() => {
      this.tree.refresh();
      this.updateBadge();
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
    });
    this.disposables.push(
      this.view,
      this.tree,
      this.diagnostics,
      this.onScreen,
      { dispose: () => storeSubscription.dispose() },
      vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, new ReviewDocuments(this.store)),
      vscode.languages.registerCodeActionsProvider(
        { language: "python" },
        new SecurityCodeActions(this.diagnostics, this.store),
        SecurityCodeActions.metadata,
      ),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.annotation?.editor.document) this.clearAnnotation();
        if (event.contentChanges.length === 0) return;
        this.store.edited(
          event.document.uri.toString(),
          event.contentChanges.map((change) => ({
            offset: change.rangeOffset,
            length: change.rangeLength,
            text: change.text,
          })),
        );
      }),
      vscode.window.onDidChangeTextEditorSelection(
        (event) => event.textEditor === this.annotation?.editor && this.clearAnnotation(),
      ),
      vscode.languages.registerHoverProvider(
        { language: "python" },
        { provideHover: (document, position) => this.hoverAt(document, position) },
      ),
      vscode.window.onDidChangeActiveTextEditor(() => this.clearAnnotation()),
    );
    this.updateBadge();
  }

  /** The gate: applies `phiPair.security.policy`, records flagged suggestions, and annotates the shown ones. */
  admit(
    document: vscode.TextDocument,
    position: vscode.Position,
    suggestion: Suggestion,
  ): { show: boolean; command?: vscode.Command } {
    const decision = decide(suggestion.findings, this.ctx.config.securityPolicy);
    if (decision === "show") return { show: true };
    const record = this.store.offered({
      documentUri: document.uri.toString(),
      offset: document.offsetAt(position),
      suggestion: suggestion.text,
      findings: suggestion.findings,
      hidden: decision === "hide",
    });
    if (!record) return { show: false };
    if (decision === "hide") {
      this.ctx.statusBar.setFlaggedHidden();
      return { show: false };
    }
    this.annotate(document, position, record);
    return {
      show: true,
      command: {
        command: ACCEPTED_COMMAND,
        title: "Track the accepted flagged suggestion",
        arguments: [record.id, document.uri.toString(), position],
      },
    };
  }

  /** Runs when a flagged suggestion is accepted: its inserted code gets diagnostics and code actions. */
  async accepted(recordId: string, documentUri: string, start: { line: number; character: number }): Promise<void> {
    const record = this.store.get(recordId);
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === documentUri);
    if (!record || !document) return;
    const startOffset = document.offsetAt(new vscode.Position(start.line, start.character));
    const inserted = document.getText().slice(startOffset, startOffset + record.suggestion.length);
    let length = 0;
    while (length < inserted.length && inserted[length] === record.suggestion[length]) length++;
    if (!this.store.accepted(recordId, { start: startOffset, end: startOffset + length })) return;
    const lead = leadFinding(record);
    this.ctx.log.info(`Accepted a flagged suggestion: ${lead ? describeFinding(lead) : recordId}`);
    await this.diagnostics.lintNow(document);
  }

  markReviewed(recordId: string): void {
    if (this.store.reviewed(recordId)) this.relint(recordId);
  }

  /** Palette entry without an argument: pick among the suggestions not yet reviewed. */
  async pickAndMarkReviewed(): Promise<void> {
    const open = this.store.records.filter((record) => record.state !== "reviewed");
    if (open.length === 0) {
      void showInformation("Phi Pair: no flagged suggestion is waiting for review.");
      return;
    }
    const items = open.map((record) => ({
      label: leadFinding(record)?.ruleId ?? record.id,
      description: `${record.state} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(record.documentUri))}`,
      detail: record.suggestion.trim().split("\n")[0],
      record,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: "Mark a flagged suggestion as reviewed",
      canPickMany: true,
    });
    for (const item of picked ?? []) this.markReviewed(item.record.id);
  }

  clear(): void {
    this.store.clear();
    this.diagnostics.lintAll();
  }

  async focusView(): Promise<void> {
    await vscode.commands.executeCommand(`${FLAGGED_VIEW_ID}.focus`);
  }

  /** Accepted code: reveal it in its document; anything else: its text in a read-only document. */
  async open(recordId: string): Promise<void> {
    const record = this.store.get(recordId);
    if (!record) return;
    const uri = vscode.Uri.parse(record.documentUri);
    const canReveal =
      record.inserted &&
      (uri.scheme !== "untitled" ||
        vscode.workspace.textDocuments.some((d) => d.uri.toString() === record.documentUri));
    if (canReveal) {
      const document = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(
        document.positionAt(record.inserted!.start),
        document.positionAt(record.inserted!.end),
      );
      await vscode.window.showTextDocument(document, { selection: range });
      return;
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(suggestionUri(record.id)), {
      preview: true,
    });
  }

  async explainRisk(ruleId: string): Promise<void> {
    const uri = riskUri(ruleId);
    try {
      await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
        preview: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
    }
  }

  /**
   * While a flagged suggestion is on screen: a warning icon in the gutter and the overview ruler of its line, and
   * a hover on that line (VS Code shows it with the ghost text's own toolbar) listing the findings with links to
   * the explanation and the CWE pages. The status bar shows rule and CWE meanwhile. Gone with the next edit or move.
   */
  private annotate(document: vscode.TextDocument, position: vscode.Position, record: FlaggedRecord): void {
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
    if (!editor) return;
    const hover = new vscode.MarkdownString(flaggedHoverMarkdown(record.findings), true);
    hover.isTrusted = { enabledCommands: [EXPLAIN_RISK_COMMAND] };
    this.clearAnnotation();
    this.annotation = { editor, line: position.line, hover };
    editor.setDecorations(this.onScreen, [new vscode.Range(position.line, 0, position.line, 0)]);
  }

  private hoverAt(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const annotation = this.annotation;
    if (!annotation || annotation.editor.document !== document || annotation.line !== position.line) return undefined;
    return new vscode.Hover(annotation.hover);
  }

  private clearAnnotation(): void {
    this.annotation?.editor.setDecorations(this.onScreen, []);
    this.annotation = undefined;
  }

  private relint(recordId: string): void {
    const record = this.store.get(recordId);
    const document =
      record && vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === record.documentUri);
    if (document) void this.diagnostics.lintNow(document);
  }

  private updateBadge(): void {
    const waiting = this.store.records.filter((record) => record.state !== "reviewed").length;
    this.view.badge =
      waiting > 0 ? { value: waiting, tooltip: `${waiting} flagged suggestion(s) not reviewed` } : undefined;
  }

  private async save(): Promise<void> {
    await this.ctx.extensionContext.workspaceState.update(STORE_KEY, this.store.toJSON());
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
    void this.save();
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
