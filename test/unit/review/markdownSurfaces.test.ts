import * as assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import type { Finding } from "../../../src/core/lint/types";
import { flaggedHoverMarkdown, flaggedTooltipMarkdown, riskMarkdown } from "../../../src/core/review/markdown";
import { escapeMarkdown, markdownCodeBlock, markdownCodeSpan } from "../../../src/core/text/markdownText";

/**
 * Every Markdown surface the review builds, rendered by a CommonMark renderer at its most permissive (raw HTML
 * and bare-URL links on, unlike VS Code's own settings), with hostile text in every untrusted field.
 */
const renderer = new MarkdownIt({ html: true, linkify: true });

const REMOTE = "https://attacker.example/pixel.png";
const HOSTILE_TEXTS = [
  `![x](${REMOTE})`,
  `<img src="${REMOTE}">`,
  `[click](${REMOTE})`,
  `<${REMOTE}>`,
  REMOTE,
  `[x]: ${REMOTE}\n![x]`,
  "```\n![x](" + REMOTE + ")\n```",
  "x = 1\n```\n![x](" + REMOTE + ")",
  "````\n![x](" + REMOTE + ")\n````````",
  "   ```\n![x](" + REMOTE + ")",
  "~~~\n![x](" + REMOTE + ")",
  "`` ` ``\n```python\n<img src=" + REMOTE + ">",
  "\r\n```\r\n![x](" + REMOTE + ")",
  "$(warning) [run](command:workbench.action.terminal.sendSequence)",
];

function hostileFinding(text: string): Finding {
  return {
    ruleId: text,
    category: "code-injection",
    cwe: 95.5,
    severity: text as Finding["severity"],
    confidence: "high",
    range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 },
    message: text,
    fixHint: text,
  };
}

const ALLOWED_LINK =
  /^(https:\/\/cwe\.mitre\.org\/data\/definitions\/\d+\.html|command:phiPair\.review\.explainRisk\?[^"]*)$/;

function assertInert(markdown: string): void {
  const html = renderer.render(markdown);
  for (const [, tag, attributes] of html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)) {
    assert.ok(
      ["p", "strong", "em", "ul", "li", "pre", "code", "a", "h1"].includes(tag.toLowerCase()),
      `unexpected <${tag}> in ${html}`,
    );
    for (const [, name] of attributes.matchAll(/([a-z-]+)=/gi))
      assert.ok(["href", "class"].includes(name.toLowerCase()), `unexpected ${name}= in ${html}`);
  }
  for (const [, href] of html.matchAll(/href="([^"]*)"/g))
    assert.match(renderer.utils.unescapeAll(href), ALLOWED_LINK, html);
}

/** The text of the one fenced code block in the rendered HTML. */
function codeBlockText(html: string): string {
  const blocks = [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)];
  assert.equal(blocks.length, 1, html);
  return blocks[0][1]
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("Markdown surfaces with untrusted text", () => {
  for (const text of HOSTILE_TEXTS) {
    describe(JSON.stringify(text), () => {
      it("the Flagged Suggestions tooltip keeps the suggestion inside its code block and loads nothing", () => {
        const markdown = flaggedTooltipMarkdown({
          state: "shown",
          lastChanged: 0,
          findings: [hostileFinding(text)],
          suggestion: text,
        });
        assertInert(markdown);
        assert.equal(codeBlockText(renderer.render(markdown)), `${text.replace(/\r\n?/g, "\n")}\n`);
      });

      it("the hover over a flagged suggestion links only to CWE pages and the explain command", () => {
        assertInert(flaggedHoverMarkdown([hostileFinding(text)]));
      });

      it("the risk preview shows an unknown rule id as text", () => {
        assertInert(riskMarkdown(text));
      });

      it("a code span keeps the text as its code", () => {
        const html = renderer.render(markdownCodeSpan(text));
        const spans = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)];
        assert.equal(spans.length, 1, html);
        assert.equal(
          spans[0][1]
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, "&"),
          text.replace(/[\r\n]+/g, " "),
        );
      });

      it("escaped text renders as the text itself", () => {
        const html = renderer.render(escapeMarkdown(text));
        const rendered = html
          .replace(/<\/?p>/g, "")
          .trim()
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, "&");
        assert.equal(rendered, text.replace(/[\r\n]+/g, " ").trim());
      });
    });
  }

  it("a fence is one backtick longer than the longest run inside, and at least three", () => {
    assert.equal(markdownCodeBlock("x", "python"), "```python\nx\n```");
    assert.equal(markdownCodeBlock("a ````` b", ""), "``````\na ````` b\n``````");
  });

  it("the hover names the rule as code, with its CWE link", () => {
    const finding = {
      ...hostileFinding("x"),
      ruleId: "code-injection",
      severity: "high" as const,
      cwe: 95,
      message: "eval of input",
    };
    assert.match(
      flaggedHoverMarkdown([finding]),
      /- `code-injection` \[CWE-95\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/95\.html\), high: eval of input — \[Explain\]\(command:phiPair\.review\.explainRisk\?/,
    );
  });

  it("a known rule's explanation keeps its CWE link", () => {
    const markdown = riskMarkdown("yaml-unsafe-load");
    assert.match(markdown, /\(https:\/\/cwe\.mitre\.org\/data\/definitions\/\d+\.html\)/);
    assertInert(markdown);
  });
});
