import { cweUrl } from "../explain/markdown";
import { allRules } from "../lint/rules/index";
import type { Finding } from "../lint/types";
import { escapeMarkdown, markdownCodeBlock, markdownCodeSpan } from "../text/markdownText";
import { actionableFindings } from "./policy";
import type { FlaggedRecord } from "./store";

/**
 * The Markdown of every review surface VS Code renders (the Flagged Suggestions tooltip, the hover over a flagged
 * suggestion on screen, the "Explain this risk" preview). Suggestions, finding messages and anything read back from
 * storage are untrusted: they go through `escapeMarkdown` or `markdownCodeBlock`, so the only links are the ones
 * written here (CWE pages, the explain command) and nothing can load a remote resource.
 */

export const EXPLAIN_RISK_COMMAND = "phiPair.review.explainRisk";

/** One line naming a finding: rule, CWE, severity and message (plain text). */
export const describeFinding = (finding: Finding) =>
  `${finding.ruleId} (CWE-${finding.cwe}, ${finding.severity}): ${finding.message}`;

/** The tooltip of a row in Flagged Suggestions: state and time, the findings, the suggested code. */
export function flaggedTooltipMarkdown(
  record: Pick<FlaggedRecord, "state" | "lastChanged" | "findings" | "suggestion">,
): string {
  return [
    `**${escapeMarkdown(record.state)}** suggestion, ${escapeMarkdown(new Date(record.lastChanged).toLocaleString())}`,
    "",
    ...record.findings.map((finding) => `- ${escapeMarkdown(describeFinding(finding))}`),
    "",
    markdownCodeBlock(record.suggestion, "python"),
  ].join("\n");
}

/** The hover over a flagged suggestion on screen (rendered with theme icons, trusting only the explain command). */
export function flaggedHoverMarkdown(findings: readonly Finding[]): string {
  const lines = actionableFindings(findings).map((finding) => {
    const explain = `command:${EXPLAIN_RISK_COMMAND}?${encodeURIComponent(JSON.stringify([finding.ruleId]))}`;
    const cwe = Math.trunc(finding.cwe);
    return `- ${markdownCodeSpan(finding.ruleId)} [CWE-${cwe}](${cweUrl(cwe)}), ${escapeMarkdown(finding.severity)}: ${escapeMarkdown(finding.message)} — [Explain](${explain})`;
  });
  return ["$(warning) **Phi Pair flagged this suggestion**", "", ...lines, ""].join("\n");
}

/** "Explain this risk": the rule's own description; an unknown rule id (it comes from a URI) only as text. */
export function riskMarkdown(ruleId: string): string {
  const rule = allRules.find((candidate) => candidate.meta.id === ruleId);
  if (!rule) return `# ${escapeMarkdown(ruleId)}\n\nNo description is available for this rule.\n`;
  const { meta } = rule;
  return [
    `# ${meta.title}`,
    "",
    `Rule \`${meta.id}\` · severity **${meta.severity}** · [CWE-${meta.cwe}](${cweUrl(meta.cwe)})`,
    "",
    meta.description,
    "",
  ].join("\n");
}
