import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import {
  argument,
  callAt,
  defineRule,
  hasKeywordSplat,
  isConstantFalse,
  isConstantTrue,
  isNotImportedInView,
  replaceFix,
} from "./helpers";

const LXML_PARSE_FUNCTIONS = new Set([
  "lxml.etree.parse",
  "lxml.etree.fromstring",
  "lxml.etree.XML",
  "lxml.etree.iterparse",
]);
const SAX_EXTERNAL_ENTITY_FEATURES = new Set([
  "xml.sax.handler.feature_external_ges",
  "xml.sax.handler.feature_external_pes",
]);
/** The features' own names, for a `setFeature(feature_external_ges, True)` whose import is not in view. */
const SAX_FEATURE_NAMES = new Set([...SAX_EXTERNAL_ENTITY_FEATURES].map((name) => name.split(".").at(-1)!));
const FIX_HINT =
  "Parse with defusedxml, or lxml.etree.XMLParser(resolve_entities=False, no_network=True) passed as parser=.";

export const xmlExternalEntities = defineRule(
  {
    id: "xml-external-entities",
    category: "unsafe-default",
    subkind: "xml-external-entities",
    cwe: 611,
    severity: "high",
    title: "XML parser resolves external entities (XXE)",
    description:
      "An XML external entity (<!ENTITY x SYSTEM 'file:///etc/passwd'>) makes the parser read local files or URLs and put them into the " +
      "document, leaking secrets or reaching internal services. lxml resolves entities by default before lxml 5 and whenever " +
      "resolve_entities=True; SAX does when feature_external_ges is switched on. Use defusedxml, or an lxml XMLParser with " +
      "resolve_entities=False and no_network=True.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (call.callee === "lxml.etree.XMLParser") {
        const resolve = call.keywords.get("resolve_entities");
        const noNetwork = call.keywords.get("no_network");
        if (resolve && isConstantTrue(context, resolve)) {
          report({
            node: resolve,
            message: "lxml XMLParser(resolve_entities=True) expands external entities (XXE).",
            fixHint: FIX_HINT,
            confidence: "high",
            fix: replaceFix(context, "Do not resolve entities", resolve, "False"),
          });
        }
        if (noNetwork && isConstantFalse(context, noNetwork)) {
          report({
            node: noNetwork,
            message: "lxml XMLParser(no_network=False) lets entities fetch URLs (SSRF/XXE).",
            fixHint: FIX_HINT,
            confidence: "high",
            fix: replaceFix(context, "Block network access", noNetwork, "True"),
          });
        }
      } else if (LXML_PARSE_FUNCTIONS.has(call.callee) && parsesWithDefaults(context, call)) {
        const document = call.positional[0];
        if (!document || context.constantValue(document) !== undefined) continue;
        report({
          node: call.node,
          message: `${call.callee}() with entity resolution left at lxml's default resolves entities on lxml < 5 (XXE).`,
          fixHint: FIX_HINT,
          confidence: "medium",
          severity: "medium",
        });
      } else if (call.methodName === "setFeature" && call.positional.length >= 2) {
        const [feature, enabled] = call.positional;
        const named = feature && SAX_EXTERNAL_ENTITY_FEATURES.has(context.qualifiedName(feature) ?? "");
        // `feature_external_ges` with no import of it in view (an excerpt, a suggestion that left the import out)
        const namedNotInView = isNotImportedInView(context, feature, SAX_FEATURE_NAMES);
        if ((named || namedNotInView) && isConstantTrue(context, enabled)) {
          report({
            node: call.node,
            message: "SAX feature_external_ges/pes enabled: the parser fetches external entities (XXE).",
            fixHint: "Leave external entities off (the default) or use defusedxml.sax.",
            confidence: named ? "high" : "medium",
            fix: enabled ? replaceFix(context, "Disable external entities", enabled, "False") : undefined,
          });
        }
      }
    }
  },
  /lxml|setFeature/,
);

/**
 * Whether a parse call's parser resolves entities as lxml's default does: no parser given, or parsers built by
 * `XMLParser(...)` that leave resolve_entities unset (`XMLParser(remove_blank_text=True)`, also with `load_dtd=True`,
 * which loads the external DTD whose entities it then resolves).
 */
function parsesWithDefaults(context: RuleContext, call: CallSite): boolean {
  if (hasKeywordSplat(call)) return false;
  const parser = argument(call, 1, "parser");
  if (!parser) return true;
  const values: SyntaxNode[] = context.possibleValues(parser) ?? [parser];
  return values.every((value) => {
    const constructed = callAt(context, value);
    return (
      constructed?.callee === "lxml.etree.XMLParser" &&
      !constructed.keywords.has("resolve_entities") &&
      !hasKeywordSplat(constructed)
    );
  });
}
