import type { Finding } from "../lint/types";
import type { FlaggedRecord } from "./store";

export interface AttributedFinding {
  finding: Finding;
  /** The accepted suggestion the finding lies in, if any. */
  recordId?: string;
}

/** Offset in the document of a 0-based line and UTF-16 column. */
export type OffsetOf = (line: number, column: number) => number;

/**
 * Which of a document's findings to show as diagnostics, each with the accepted suggestion it lies in:
 * - a finding inside accepted code belongs to that suggestion, and is dropped once the suggestion was reviewed;
 * - advisory findings (severity info: "review this API use") show only inside accepted suggestions. In the
 *   user's own code they would flag every `subprocess` or `pickle` import, which is noise, not a finding.
 * Duplicates (the same rule at the same range, e.g. from overlapping lint runs) are kept once.
 */
export function attributeFindings(
  findings: readonly Finding[],
  records: readonly FlaggedRecord[],
  offsetOf: OffsetOf,
): AttributedFinding[] {
  const tracked = records.filter((record) => record.inserted && record.inserted.end > record.inserted.start);
  const seen = new Set<string>();
  const shown: AttributedFinding[] = [];
  for (const finding of findings) {
    const key = `${finding.ruleId}:${finding.range.startLine}:${finding.range.startColumn}:${finding.range.endLine}:${finding.range.endColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = offsetOf(finding.range.startLine, finding.range.startColumn);
    const end = offsetOf(finding.range.endLine, finding.range.endColumn);
    const record = tracked.find(({ inserted }) => start < inserted!.end && end > inserted!.start);
    if (record?.state === "reviewed") continue;
    if (!record && finding.severity === "info") continue;
    shown.push(record ? { finding, recordId: record.id } : { finding });
  }
  return shown;
}
