import type { Finding, Severity } from "../../../src/core/lint/types";

/** A finding as the lint reports it, at a line and column range on one line. */
export function finding(
  ruleId: string,
  severity: Severity,
  line: number,
  startColumn: number,
  endColumn: number,
): Finding {
  return {
    ruleId,
    category: severity === "info" ? "review" : "code-injection",
    cwe: severity === "info" ? 20 : 95,
    severity,
    confidence: "high",
    range: { startLine: line, startColumn, endLine: line, endColumn },
    message: `${ruleId} message`,
    fixHint: `${ruleId} hint`,
  };
}
