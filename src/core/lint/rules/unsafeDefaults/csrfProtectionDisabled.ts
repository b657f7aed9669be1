import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import {
  defineRule,
  isConstantFalse,
  isConstantTrue,
  isInTestCode,
  nameReferences,
  replaceFix,
  settings,
} from "./helpers";

const CSRF_SWITCHES = new Set(["WTF_CSRF_ENABLED", "CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"]);
/** `@csrf_exempt` (Django) and `@csrf.exempt` on a Flask-WTF CSRFProtect instance. */
const EXEMPTION = /^(?:django\.views\.decorators\.csrf\.csrf_exempt|flask_wtf(?:\.csrf)?\.CSRFProtect\(\)\.exempt)$/;

/** `app.config.update(WTF_CSRF_ENABLED=False, TESTING=True)`: a test configuration set in the same call. */
function setWithTesting(context: RuleContext, value: SyntaxNode): boolean {
  const argumentList = value.parent?.type === "keyword_argument" ? value.parent.parent : undefined;
  if (argumentList?.type !== "argument_list") return false;
  return argumentList.namedChildren.some((argument) => {
    if (argument.type !== "keyword_argument" || argument.childForFieldName("name")?.text !== "TESTING") return false;
    const testing = argument.childForFieldName("value");
    return testing !== null && isConstantTrue(context, testing);
  });
}

export const csrfProtectionDisabled = defineRule(
  {
    id: "csrf-protection-disabled",
    category: "unsafe-default",
    subkind: "csrf-disabled",
    cwe: 352,
    severity: "medium",
    title: "CSRF protection disabled",
    description:
      "Without CSRF tokens, any web page a logged-in user visits can submit forms to your app with the user's cookies: change the e-mail, " +
      "transfer funds, delete data. Generated code disables the check (WTF_CSRF_ENABLED = False, @csrf_exempt) to make a form or fetch() " +
      "call work. Send the token instead (csrf_token() in the form, X-CSRFToken header for fetch); exempt only endpoints authenticated " +
      "without cookies (e.g. signed webhooks). Test configurations (test functions and classes, a config call that also sets TESTING=True) are not reported.",
  },
  (context, report) => {
    for (const { name, value } of settings(context)) {
      if (
        !CSRF_SWITCHES.has(name) ||
        !isConstantFalse(context, value) ||
        isInTestCode(value) ||
        setWithTesting(context, value)
      )
        continue;
      report({
        node: value,
        message: `${name} = False turns off CSRF protection for every form.`,
        fixHint: "Keep CSRF enabled and send the token with each form/fetch request.",
        confidence: "high",
        fix: replaceFix(context, "Enable CSRF protection", value, "True"),
      });
    }
    for (const { node, name } of nameReferences(context)) {
      if (!EXEMPTION.test(name) || isInTestCode(node)) continue;
      report({
        node,
        message: "This view is exempt from CSRF checks; any site can submit requests to it with the user's cookies.",
        fixHint:
          "Remove the exemption and send the CSRF token (X-CSRFToken header for fetch/AJAX); exempt only cookie-less, signed endpoints.",
        confidence: "medium",
      });
    }
  },
  /csrf|CSRF/,
);
