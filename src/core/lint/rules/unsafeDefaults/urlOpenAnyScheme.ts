import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { argument, callAt, defineRule } from "./helpers";

/**
 * urllib's openers follow whatever scheme the URL names: `file:///etc/passwd` reads a local file, `ftp://` and
 * custom handlers reach other services (Bandit B310). requests and httpx speak HTTP only.
 */
const SCHEME_FOLLOWING_OPENERS = new Set([
  "urllib.request.urlopen",
  "urllib.request.urlretrieve",
  "urllib.request.Request",
  "urllib.request.URLopener().open",
  "urllib.request.FancyURLopener().open",
  "urllib.urlopen",
  "urllib.urlretrieve",
  "urllib2.urlopen",
  "urllib2.Request",
  "six.moves.urllib.request.urlopen",
  "six.moves.urllib.request.Request",
]);
const REQUEST_CONSTRUCTORS = new Set(["urllib.request.Request", "urllib2.Request", "six.moves.urllib.request.Request"]);
const URL_PARSERS = new Set([
  "urllib.parse.urlparse",
  "urllib.parse.urlsplit",
  "urlparse.urlparse",
  "urlparse.urlsplit",
]);

/** The variable a URL argument is read from (`url`, `self.url`), if it is one. */
function variableOf(node: SyntaxNode): string | undefined {
  return node.type === "identifier" || node.type === "attribute" ? node.text : undefined;
}

/** `urlparse(url).scheme` or `parts.scheme` with `parts = urlsplit(url)`: the scheme of `url`. */
function isSchemeOf(context: RuleContext, node: SyntaxNode, url: string): boolean {
  if (node.type !== "attribute" || node.childForFieldName("attribute")?.text !== "scheme") return false;
  const object = node.childForFieldName("object");
  const parsed = object && (object.type === "call" ? object : context.soleValue(object));
  const parse = parsed?.type === "call" ? callAt(context, parsed) : undefined;
  return parse !== undefined && URL_PARSERS.has(parse.callee) && parse.positional[0]?.text === url;
}

/** `url.startswith("https://")` or `url.startswith(("http://", "https://"))`: a check of the scheme by prefix. */
function isPrefixCheckOf(context: RuleContext, node: SyntaxNode, url: string): boolean {
  const call = node.type === "call" ? callAt(context, node) : undefined;
  if (!call || call.methodName !== "startswith" || call.receiver?.text !== url) return false;
  const prefix = call.positional[0];
  const prefixes = prefix?.type === "tuple" ? prefix.namedChildren : prefix ? [prefix] : [];
  return (
    prefixes.length > 0 &&
    prefixes.every((entry) => {
      const value = context.constantValue(entry);
      return typeof value === "string" && /^https?:/i.test(value);
    })
  );
}

const CONDITIONS = ["if_statement", "elif_clause", "while_statement", "assert_statement", "conditional_expression"];

/** Whether an `if`/`elif`/`while`/`assert`/conditional before or around the call, in its function, checks the URL's scheme. */
function schemeChecked(context: RuleContext, call: CallSite, url: string): boolean {
  let scope = call.node;
  while (scope.parent && scope.type !== "function_definition") scope = scope.parent;
  return scope.descendantsOfType(CONDITIONS).some((check) => {
    if (check.startIndex > call.node.startIndex) return false;
    const condition =
      check.type === "assert_statement"
        ? check.firstNamedChild
        : check.type === "conditional_expression"
          ? check.namedChild(1)
          : check.childForFieldName("condition");
    if (!condition) return false;
    return [condition, ...condition.descendantsOfType(["attribute", "call"])].some(
      (node) => isSchemeOf(context, node, url) || isPrefixCheckOf(context, node, url),
    );
  });
}

export const urlOpenAnyScheme = defineRule(
  {
    id: "url-open-any-scheme",
    category: "unsafe-default",
    subkind: "url-scheme-not-checked",
    cwe: 22,
    severity: "medium",
    title: "urllib opens a URL of any scheme",
    description:
      "urllib.request.urlopen() (and urlretrieve(), Request(), URLopener) follow the scheme the URL names: given file:///etc/passwd " +
      "it reads a local file, given ftp:// or a custom scheme it talks to other services. A URL that comes from a user, a request or " +
      "a configuration the user controls must have its scheme checked first; requests and httpx only speak HTTP(S).",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!SCHEME_FOLLOWING_OPENERS.has(call.callee)) continue;
      const url = argument(call, 0, "url");
      if (!url) continue;
      // the author's own URL, and a Request built from one (the Request itself is judged where it is built)
      const values = context.possibleValues(url);
      if (values && values.length > 0 && values.every((value) => typeof context.constantValue(value) === "string"))
        continue;
      const built = url.type === "call" ? url : context.soleValue(url);
      const builtCall = built?.type === "call" ? callAt(context, built) : undefined;
      if (builtCall && REQUEST_CONSTRUCTORS.has(builtCall.callee)) continue;
      const variable = variableOf(url);
      if (variable && schemeChecked(context, call, variable)) continue;
      const source = context.taintSource(url, "path");
      const certain = source !== undefined && source.kind !== "function-parameter" && source.kind !== "unknown";
      report({
        node: call.node,
        message: `${call.callee}() follows any scheme the URL names (file:// reads local files)${
          source ? `; the URL comes from ${source.description}` : ""
        }.`,
        fixHint:
          'Check the scheme first: `if urllib.parse.urlparse(url).scheme not in ("http", "https"): raise ValueError(url)`, or use requests/httpx.',
        confidence: certain ? "high" : "medium",
      });
    }
  },
  /urlopen|urlretrieve|Request|URLopener/,
);
