import * as vscode from "vscode";
import { allRules } from "../../core/lint/rules/index";
import type { Finding } from "../../core/lint/types";
import type { FlaggedStore } from "../../core/review/store";

export const REVIEW_SCHEME = "phi-pair-review";

export const cweUri = (cwe: number) => vscode.Uri.parse(`https://cwe.mitre.org/data/definitions/${cwe}.html`);

export const riskUri = (ruleId: string) => vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/risk/${ruleId}.md` });

export const suggestionUri = (recordId: string) => vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/suggestion/${recordId}.py` });

/** One line naming a finding: rule, CWE, severity and message. */
export const describeFinding = (finding: Finding) => `${finding.ruleId} (CWE-${finding.cwe}, ${finding.severity}): ${finding.message}`;

/**
 * Read-only virtual documents: "Explain this risk" (the rule's description as Markdown) and the text of a
 * flagged suggestion that never reached the document (hidden by the policy, or shown and not accepted).
 */
export class ReviewDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: FlaggedStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string | undefined {
    const [, kind, file] = uri.path.split("/");
    const name = file?.replace(/\.(md|py)$/, "") ?? "";
    if (kind === "risk") return explainRisk(name);
    if (kind === "suggestion") {
      const record = this.store.get(name);
      if (!record) return "# This flagged suggestion is no longer in the review list.\n";
      const header = [`# Phi Pair: this suggestion was ${record.state} (${new Date(record.firstSeen).toLocaleString()})`, ...record.findings.map((f) => `# - ${describeFinding(f)}`), ""];
      return `${header.join("\n")}\n${record.suggestion}\n`;
    }
    return undefined;
  }
}

/** Markdown for a rule: what goes wrong and how to fix it (the rule's own description). */
export function explainRisk(ruleId: string): string {
  const rule = allRules.find((candidate) => candidate.meta.id === ruleId);
  if (!rule) return `# ${ruleId}\n\nNo description is available for this rule.\n`;
  const { meta } = rule;
  return [`# ${meta.title}`, "", `Rule \`${meta.id}\` · severity **${meta.severity}** · [CWE-${meta.cwe}](${cweUri(meta.cwe).toString()})`, "", meta.description, ""].join("\n");
}
