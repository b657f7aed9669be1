import * as vscode from "vscode";
import type { FlaggedStore } from "../../core/review/store";
import { type SecurityDiagnostics, toRange } from "./securityDiagnostics";

/**
 * Code actions on Phi Pair diagnostics: the finding's mechanical fix (when its rule has one and the document is
 * unchanged since the lint), "Explain this risk", and "Mark as reviewed" for code from an accepted suggestion.
 */
export class SecurityCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly diagnostics: SecurityDiagnostics,
    private readonly store: FlaggedStore,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const current = this.diagnostics.isCurrent(document);
    const actions: vscode.CodeAction[] = [];
    for (const { diagnostic, finding, recordId } of this.diagnostics.shownFindings(document)) {
      if (!diagnostic.range.intersection(range)) continue;
      if (finding.fix && current) {
        const fix = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        fix.edit = new vscode.WorkspaceEdit();
        for (const edit of finding.fix.edits) fix.edit.replace(document.uri, toRange(edit.range), edit.newText);
        fix.diagnostics = [diagnostic];
        fix.isPreferred = true;
        actions.push(fix);
      }
      const explain = new vscode.CodeAction(
        `Explain this risk (${finding.ruleId}, CWE-${finding.cwe})`,
        vscode.CodeActionKind.QuickFix,
      );
      explain.command = {
        command: "phiPair.review.explainRisk",
        title: "Explain this risk",
        arguments: [finding.ruleId],
      };
      explain.diagnostics = [diagnostic];
      actions.push(explain);
      if (recordId && this.store.get(recordId)?.state === "accepted") {
        const reviewed = new vscode.CodeAction("Mark suggestion as reviewed", vscode.CodeActionKind.QuickFix);
        reviewed.command = { command: "phiPair.review.markReviewed", title: "Mark as reviewed", arguments: [recordId] };
        reviewed.diagnostics = [diagnostic];
        actions.push(reviewed);
      }
    }
    return actions;
  }
}
