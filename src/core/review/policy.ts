import type { Finding } from "../lint/types";

/**
 * What happens to a suggestion with security findings:
 * - annotate (default): show it, with the risk visible while it is on screen;
 * - hide-high: suggestions with a high-severity finding are not shown (they stay listed for review);
 * - off: findings are ignored.
 */
export type SecurityPolicy = "annotate" | "hide-high" | "off";

export type PolicyDecision = "show" | "annotate" | "hide";

/** Advisory "review" findings (severity info) never flag a suggestion on their own. */
export const actionableFindings = (findings: readonly Finding[]): Finding[] =>
  findings.filter((finding) => finding.severity !== "info");

export function decide(findings: readonly Finding[], policy: SecurityPolicy): PolicyDecision {
  if (policy === "off") return "show";
  const actionable = actionableFindings(findings);
  if (actionable.length === 0) return "show";
  if (policy === "hide-high" && actionable.some((finding) => finding.severity === "high")) return "hide";
  return "annotate";
}
