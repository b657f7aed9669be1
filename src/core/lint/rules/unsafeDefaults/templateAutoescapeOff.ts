import {
  addKeywordFix,
  constantString,
  defineRule,
  hasKeywordSplat,
  isConstantFalse,
  nodesOfType,
  replaceFix,
} from "./helpers";

/** Mako compiles `${value}` without escaping unless a default filter escapes (`h` is markupsafe's HTML escape). */
const MAKO_TEMPLATES = new Set(["mako.template.Template", "mako.lookup.TemplateLookup"]);
const ESCAPING_FILTERS = new Set(["h", "html_escape", "escape", "markupsafe.escape"]);

export const templateAutoescapeOff = defineRule(
  {
    id: "template-autoescape-off",
    category: "unsafe-default",
    subkind: "autoescape-disabled",
    cwe: 79,
    severity: "medium",
    title: "Template autoescaping off (Django 'autoescape': False, Mako without an escaping default filter)",
    description:
      "Django escapes template variables unless the TEMPLATES OPTIONS or a render context say 'autoescape': False; Mako escapes nothing " +
      "unless default_filters includes 'h'. Without escaping, any user-controlled value rendered into HTML can inject script " +
      "(cross-site scripting). Keep Django's autoescaping on (mark trusted markup with mark_safe) and create Mako templates and lookups " +
      "with default_filters=['h'].",
  },
  (context, report) => {
    for (const pair of nodesOfType(context, "pair")) {
      const key = pair.childForFieldName("key");
      const value = pair.childForFieldName("value");
      if (!key || !value || constantString(context, key) !== "autoescape" || !isConstantFalse(context, value)) continue;
      report({
        node: pair,
        message:
          "'autoescape': False turns off HTML escaping of template variables: rendered user input can inject script.",
        fixHint: "Remove 'autoescape': False (escaping is on by default) and mark trusted markup with mark_safe.",
        confidence: "high",
        fix: replaceFix(context, "Enable autoescaping", value, "True"),
      });
    }
    for (const call of context.calls()) {
      if (!MAKO_TEMPLATES.has(call.callee) || hasKeywordSplat(call)) continue;
      const filters = call.keywords.get("default_filters");
      if (filters) {
        const values = context.possibleValues(filters);
        const lists = values?.filter((node) => node.type === "list" || node.type === "tuple");
        if (!values || !lists || lists.length !== values.length) continue; // built elsewhere: cannot tell
        if (
          lists.every((list) =>
            list.namedChildren.some((item) => ESCAPING_FILTERS.has(constantString(context, item) ?? "")),
          )
        )
          continue;
      }
      report({
        node: call.node,
        message: `Mako ${call.callee.endsWith("Lookup") ? "TemplateLookup" : "Template"} without an escaping default filter: \${...} expressions are rendered unescaped.`,
        fixHint: "Pass default_filters=['h'] (HTML-escape every expression; use ${x | n} for trusted markup).",
        confidence: "medium",
        fix: filters ? undefined : addKeywordFix(context, "Escape by default", call, "default_filters=['h']"),
      });
    }
  },
  /autoescape|mako/,
);
