import * as vscode from "vscode";
import { cweUrl } from "../../core/explain/markdown";
import { describeFinding, riskMarkdown } from "../../core/review/markdown";
import type { FlaggedStore } from "../../core/review/store";

export const REVIEW_SCHEME = "phi-pair-review";

export const cweUri = (cwe: number) => vscode.Uri.parse(cweUrl(cwe));

export const riskUri = (ruleId: string) => vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/risk/${ruleId}.md` });

export const suggestionUri = (recordId: string) =>
  vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/suggestion/${recordId}.py` });

/**
 * Read-only virtual documents: "Explain this risk" (the rule's description as Markdown) and the text of a
 * flagged suggestion that never reached the document (hidden by the policy, or shown and not accepted).
 */
export class ReviewDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: FlaggedStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string | undefined {
    const [, kind, file] = uri.path.split("/");
    const name = file?.replace(/\.(md|py)$/, "") ?? "";
    if (kind === "risk") return riskMarkdown(name);
    if (kind === "suggestion") {
      const record = this.store.get(name);
      if (!record) return "# This flagged suggestion is no longer in the review list.\n";
      const header = [
        `# Phi Pair: this suggestion was ${record.state} (${new Date(record.firstSeen).toLocaleString()})`,
        ...record.findings.map((f) => `# - ${describeFinding(f)}`),
        "",
      ];
      return `${header.join("\n")}\n${record.suggestion}\n`;
    }
    return undefined;
  }
}
