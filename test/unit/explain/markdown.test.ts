import * as assert from "node:assert/strict";
import type { DefaultTreeAdapterMap } from "parse5" with { "resolution-mode": "import" };
import { cweUrl, renderAnswerHtml, renderSecurityNotesHtml } from "../../../src/core/explain";
import type { Finding } from "../../../src/core/lint/types";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Model answers that try to get markup, script or a dangerous URL into the panel. */
const PAYLOADS: readonly string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  " It sums values. <img src=x onerror = alert(1)> **done**",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<iframe src=javascript:alert(1)></iframe>",
  "<object data=javascript:alert(1)></object>",
  "<embed src=javascript:alert(1)>",
  "<style>body{display:none}</style>",
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "<form action=javascript:alert(1)><button>go</button></form>",
  '<base href="javascript:alert(1)//">',
  "<body onload=alert(1)>",
  '<a href="javascript:alert(1)">click</a>',
  "<details open ontoggle=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
  "<video><source onerror=alert(1)></video>",
  "<div style=\"background:url('javascript:alert(1)')\">x</div>",
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](javascript&#58;alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](java\nscript:alert(1))",
  "[click](  javascript:alert(1)  )",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](file:///etc/passwd)",
  "[click](<javascript:alert(1)>)",
  '[click](https://ok.example "title" onmouseover="alert(1)")',
  '[click](https://ok.example" onmouseover="alert(1))',
  "[click][ref]\n\n[ref]: javascript:alert(1)",
  "<javascript:alert(1)>",
  "<data:text/html,<script>alert(1)</script>>",
  "![x](javascript:alert(1))",
  "![x](https://evil.example/track.png)",
  '![x" onerror="alert(1)](https://evil.example/x.png)',
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "&#x3C;img src=x onerror=alert(1)&#x3E;",
  "```html\n<script>alert(1)</script>\n```",
  '```python" onmouseover="alert(1)\nprint(1)\n```',
  "```<script>alert(1)</script>\ncode\n```",
  "`` <img src=x onerror=alert(1)> ``",
  "```` ``` <script>alert(1)</script> ````",
  "    <script>alert(1)</script>",
  "> <img src=x onerror=alert(1)>",
  "- <svg/onload=alert(1)>\n- [x](javascript:alert(1))",
  "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
  "**<img src=x onerror=alert(1)>**",
  "# <script>alert(1)</script>",
  "<!-- --><script>alert(1)</script><!-- -->",
  "<![CDATA[<script>alert(1)</script>]]>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  "<template><script>alert(1)</script></template>",
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '[x](https://ok.example/"><script>alert(1)</script>)',
  "\u0000<script>alert(1)</script>",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
];

const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "iframe",
  "object",
  "embed",
  "style",
  "link",
  "meta",
  "form",
  "base",
  "img",
  "svg",
  "math",
  "frame",
  "frameset",
  "applet",
  "template",
  "input",
  "button",
  "textarea",
  "select",
  "video",
  "audio",
  "source",
]);
/** Everything markdown-it may legitimately emit for an answer (images are disabled). */
const ALLOWED_ELEMENTS = new Set([
  "p",
  "em",
  "strong",
  "s",
  "code",
  "pre",
  "a",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "hr",
  "br",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "div",
  "span",
]);
const ALLOWED_ATTRIBUTES: Readonly<Record<string, (value: string) => boolean>> = {
  href: (value) => /^https?:\/\//i.test(value),
  class: (value) => /^[\w -]*$/.test(value) || value.startsWith("language-"),
  start: (value) => /^\d+$/.test(value),
  style: (value) => /^text-align:(left|right|center)$/.test(value),
  title: () => true,
};

function elementsOf(node: Node): Element[] {
  const children = "childNodes" in node ? node.childNodes : [];
  const content = node.nodeName === "template" ? (node as DefaultTreeAdapterMap["template"]).content.childNodes : [];
  return [...children, ...content].flatMap((child) =>
    "tagName" in child ? [child, ...elementsOf(child)] : elementsOf(child),
  );
}

async function assertInert(html: string, payload: string): Promise<void> {
  const { parseFragment } = await import("parse5");
  const elements = elementsOf(parseFragment(html));
  for (const element of elements) {
    assert.ok(
      !FORBIDDEN_ELEMENTS.has(element.tagName),
      `<${element.tagName}> from ${JSON.stringify(payload)}: ${html}`,
    );
    assert.ok(
      ALLOWED_ELEMENTS.has(element.tagName),
      `unexpected <${element.tagName}> from ${JSON.stringify(payload)}: ${html}`,
    );
    for (const { name, value } of element.attrs) {
      assert.ok(!/^on/i.test(name), `event handler ${name} from ${JSON.stringify(payload)}: ${html}`);
      assert.ok(
        !/^\s*(javascript|data|vbscript|file):/i.test(value),
        `${name}="${value}" from ${JSON.stringify(payload)}`,
      );
      const allowed = ALLOWED_ATTRIBUTES[name];
      assert.ok(
        allowed?.(value),
        `attribute ${name}="${value}" on <${element.tagName}> from ${JSON.stringify(payload)}: ${html}`,
      );
    }
  }
}

describe("explain markdown rendering of untrusted model output", () => {
  it(`has at least 50 payloads (${PAYLOADS.length})`, () => assert.ok(PAYLOADS.length >= 50));

  for (const payload of PAYLOADS) {
    it(`renders inert: ${JSON.stringify(payload).slice(0, 70)}`, async () => {
      await assertInert(renderAnswerHtml(payload), payload);
    });
  }

  it("shows the tags of an <img onerror> answer as text", () => {
    const html = renderAnswerHtml(" It sums values. <img src=x onerror = alert(1)> **done**");
    assert.equal(html, "<p>It sums values. &lt;img src=x onerror = alert(1)&gt; <strong>done</strong></p>\n");
  });

  it("keeps http(s) links and renders code blocks", async () => {
    const html = renderAnswerHtml("See [the docs](https://docs.python.org/3/).\n\n```python\nprint('<b>')\n```");
    assert.ok(html.includes('<a href="https://docs.python.org/3/">the docs</a>'));
    assert.ok(html.includes("<pre><code class=\"language-python\">print('&lt;b&gt;')\n</code></pre>"));
    await assertInert(html, "links and code");
  });

  it("renders dangerous links as plain text, not as anchors", () => {
    assert.ok(!renderAnswerHtml("[click](javascript:alert(1))").includes("<a"));
    assert.ok(!renderAnswerHtml("[click](data:text/html,x)").includes("<a"));
  });
});

describe("explain security notes", () => {
  const finding: Finding = {
    ruleId: "code-injection",
    category: "code-injection",
    cwe: 95,
    severity: "high",
    confidence: "high",
    range: { startLine: 4, startColumn: 4, endLine: 4, endColumn: 20 },
    message: "eval() runs <user input> as code",
    fixHint: 'Use ast.literal_eval() for "literals"',
  };

  it("lists rule, severity, CWE link, line, message and fix hint, all escaped", async () => {
    const html = renderSecurityNotesHtml([finding]);
    assert.ok(html.startsWith("<h2>Security notes</h2>"));
    assert.ok(html.includes("<code>code-injection</code>"));
    assert.ok(html.includes(`<a href="${cweUrl(95)}">CWE-95</a>`));
    assert.ok(html.includes("line 5"));
    assert.ok(html.includes("eval() runs &lt;user input&gt; as code"));
    assert.ok(html.includes("Use ast.literal_eval() for &quot;literals&quot;"));
    assert.equal(cweUrl(95), "https://cwe.mitre.org/data/definitions/95.html");
    await assertInert(html, "security notes");
  });

  it("is empty without findings", () => assert.equal(renderSecurityNotesHtml([]), ""));
});
