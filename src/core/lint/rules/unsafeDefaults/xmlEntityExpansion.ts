import { argument, defineRule, inputOrigin } from "./helpers";

/** Standard-library parse functions and the position of the document/file they read. */
const STDLIB_XML_PARSERS = new Set([
  "xml.etree.ElementTree.parse",
  "xml.etree.ElementTree.fromstring",
  "xml.etree.ElementTree.XML",
  "xml.etree.ElementTree.iterparse",
  "xml.etree.ElementTree.fromstringlist",
  "xml.etree.cElementTree.parse",
  "xml.etree.cElementTree.fromstring",
  "xml.etree.cElementTree.XML",
  "xml.etree.cElementTree.iterparse",
  "xml.dom.minidom.parse",
  "xml.dom.minidom.parseString",
  "xml.dom.pulldom.parse",
  "xml.dom.pulldom.parseString",
  "xml.sax.parse",
  "xml.sax.parseString",
]);

export const xmlEntityExpansion = defineRule(
  {
    id: "xml-entity-expansion",
    category: "unsafe-default",
    subkind: "xml-entity-expansion",
    cwe: 776,
    severity: "low",
    title: "Standard-library XML parser on external input (entity expansion)",
    description:
      "xml.etree, minidom, pulldom and sax expand internal entities. Unless the interpreter ships expat 2.4.1 or later, a small " +
      "'billion laughs' document expands to gigabytes and takes the process down; the standard library documents these parsers as " +
      "unsuitable for untrusted data. defusedxml offers the same API (defusedxml.ElementTree.fromstring, defusedxml.minidom.parseString) " +
      "and rejects entity tricks. Parsing your own constant XML is fine and not reported.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!STDLIB_XML_PARSERS.has(call.callee)) continue;
      const document = argument(call, 0, "source");
      if (!document || context.constantValue(document) !== undefined) continue;
      const input = inputOrigin(context, document);
      report({
        node: call.node,
        message: input?.certain
          ? `${call.callee}() parses XML${input.origin}; crafted entities can exhaust memory.`
          : `${call.callee}() expands XML entities; parse external documents with defusedxml instead.`,
        fixHint:
          "Use defusedxml (e.g. `import defusedxml.ElementTree as ET`), which has the same API and refuses entity expansion.",
        confidence: input?.certain ? "medium" : "low",
        severity: input?.certain ? "medium" : "low",
      });
    }
  },
  /xml/,
);
