import { addKeywordFix, defineRule, hasKeywordSplat, isConstantFalse, replaceFix } from "./helpers";

const ENVIRONMENTS = new Set([
  "jinja2.Environment",
  "jinja2.environment.Environment",
  "jinja2.sandbox.SandboxedEnvironment",
]);
/** `jinja2.Template(source)` compiles with a shared default Environment, which does not autoescape either. */
const TEMPLATES = new Set(["jinja2.Template", "jinja2.environment.Template"]);
const FIX_HINT = "Pass autoescape=select_autoescape(['html', 'xml']) (or autoescape=True when every template is HTML).";

export const jinja2AutoescapeDisabled = defineRule(
  {
    id: "jinja2-autoescape-disabled",
    category: "unsafe-default",
    subkind: "autoescape-disabled",
    cwe: 79,
    severity: "medium",
    title: "Jinja2 Environment without autoescaping",
    description:
      "A jinja2.Environment (and a jinja2.Template built directly) escapes nothing unless autoescape is set (Flask configures it for you; a hand-made Environment does not). " +
      "Any user-controlled value rendered into HTML can then inject script (cross-site scripting). " +
      "Use autoescape=select_autoescape(['html', 'xml']) and mark trusted markup explicitly with Markup/|safe.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const template = TEMPLATES.has(call.callee);
      if (!template && !ENVIRONMENTS.has(call.callee)) continue;
      const autoescape = call.keywords.get("autoescape");
      if (autoescape && isConstantFalse(context, autoescape)) {
        report({
          node: autoescape,
          message: "Jinja2 autoescape=False: rendered user input can inject HTML and script.",
          fixHint: FIX_HINT,
          confidence: "high",
          fix: replaceFix(context, "Enable autoescaping", autoescape, "True"),
        });
      } else if (!autoescape && !hasKeywordSplat(call)) {
        report({
          node: call.node,
          message: `Jinja2 ${template ? "Template()" : "Environment()"} without autoescape does not escape HTML; rendered user input can inject script.`,
          fixHint: FIX_HINT,
          confidence: "medium",
          fix: addKeywordFix(context, "Enable autoescaping", call, "autoescape=True"),
        });
      }
    }
  },
  /jinja2/,
);
