/**
 * Untrusted text (model output, code, file names, server answers) placed into Markdown that VS Code renders
 * (hovers, tree tooltips, the risk preview). Text must never become syntax: no link, no image, no HTML, no
 * closing of the block it sits in.
 */

/** CommonMark's ASCII punctuation that may start or end Markdown syntax; each is escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+\-.!|~&:"'=$]/g;

/** Text that renders as itself: every Markdown punctuation character escaped, line breaks kept as spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`);
}

/**
 * A fenced code block the code cannot leave: the fence is one backtick longer than the longest backtick run in
 * the code (CommonMark closes a fence only with a run at least as long), and never shorter than three.
 */
export function markdownCodeBlock(code: string, language: string): string {
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\r\n?/g, "\n")}\n${fence}`;
}

/** An inline code span the text cannot leave: delimited by a backtick run longer than any inside it. */
export function markdownCodeSpan(text: string): string {
  const oneLine = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  const longestRun = Math.max(0, ...Array.from(oneLine.matchAll(/`+/g), (match) => match[0].length));
  const delimiter = "`".repeat(longestRun + 1);
  // CommonMark strips one space on each side, so a span may start or end with a backtick
  const padded = oneLine.startsWith("`") || oneLine.endsWith("`") ? ` ${oneLine} ` : oneLine;
  return `${delimiter}${padded}${delimiter}`;
}
