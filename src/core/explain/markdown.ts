import MarkdownIt from "markdown-it";
import type { Finding } from "../lint/types";

/** Links the answer may carry: absolute http(s) only (no javascript:, data:, vbscript:, file:, relative). */
const SAFE_LINK = /^https?:\/\/[^\s]+$/i;

/**
 * Model output is untrusted text. It is rendered as Markdown with raw HTML off (tags come out escaped),
 * images off (they would be fetched) and links limited to http(s); everything else markdown-it emits is a
 * fixed set of inert elements (p, em, strong, code, pre, lists, headings, blockquote, tables, a[href]).
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.disable(["image"]);
markdown.validateLink = (url) => SAFE_LINK.test(url);

export function renderAnswerHtml(text: string): string {
  return markdown.render(text);
}

export const escapeHtml: (text: string) => string = markdown.utils.escapeHtml;

export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${Math.trunc(cwe)}.html`;
}

/** "Security notes" under an explanation: one item per finding (lines in document coordinates), every text escaped. */
export function renderSecurityNotesHtml(findings: readonly Finding[]): string {
  if (findings.length === 0) return "";
  const items = findings.map((finding) => {
    const line = finding.range.startLine + 1;
    return (
      `<li class="finding severity-${escapeHtml(finding.severity)}">` +
      `<div class="finding-head"><span class="severity">${escapeHtml(finding.severity)}</span> ` +
      `<code>${escapeHtml(finding.ruleId)}</code> · <a href="${escapeHtml(cweUrl(finding.cwe))}">CWE-${Math.trunc(finding.cwe)}</a> · line ${line}</div>` +
      `<div class="message">${escapeHtml(finding.message)}</div>` +
      `<div class="fix-hint">Fix: ${escapeHtml(finding.fixHint)}</div>` +
      `</li>`
    );
  });
  return `<h2>Security notes</h2><ul class="findings">${items.join("")}</ul>`;
}
