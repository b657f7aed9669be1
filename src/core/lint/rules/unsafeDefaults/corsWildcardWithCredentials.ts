import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { assignments, constantString, defineRule, isConstantTrue, isModuleLevel, targetName } from "./helpers";

const CORS_MIDDLEWARES = new Set([
  "fastapi.middleware.cors.CORSMiddleware",
  "starlette.middleware.cors.CORSMiddleware",
]);
const FLASK_CORS = new Set(["flask_cors.CORS", "flask_cors.cross_origin"]);
const FIX_HINT =
  'List the trusted front-end origins explicitly, e.g. allow_origins=["https://app.example.com"], or drop credentials.';

/** `"*"`, `["*"]`, `(r".*")`: any origin. */
function isWildcard(context: RuleContext, node: SyntaxNode | undefined): boolean {
  if (!node) return false;
  const values = node.type === "list" || node.type === "tuple" || node.type === "set" ? node.namedChildren : [node];
  return values.some((value) => {
    const text = constantString(context, value);
    return text === "*" || text === ".*" || text === "^.*$";
  });
}

/** Flask-CORS defaults to origins="*"; `resources={r"/api/*": {"origins": "*"}}` sets it per path. */
function flaskCorsAllowsAnyOrigin(
  context: RuleContext,
  origins: SyntaxNode | undefined,
  resources: SyntaxNode | undefined,
): boolean {
  if (origins) return isWildcard(context, origins);
  if (!resources || resources.type !== "dictionary") return true;
  const originPairs = resources
    .descendantsOfType("pair")
    .filter((pair) => constantString(context, pair.childForFieldName("key") ?? undefined) === "origins");
  return (
    originPairs.length === 0 ||
    originPairs.some((pair) => isWildcard(context, pair.childForFieldName("value") ?? undefined))
  );
}

export const corsWildcardWithCredentials = defineRule(
  {
    id: "cors-wildcard-with-credentials",
    category: "unsafe-default",
    subkind: "permissive-cors",
    cwe: 942,
    severity: "high",
    title: "CORS allows any origin together with credentials",
    description:
      "Allowing every origin while also allowing credentials makes Starlette/FastAPI and Flask-CORS reflect the caller's Origin header " +
      "with Access-Control-Allow-Credentials: true, so any website a logged-in user visits can read your API's responses with the " +
      "user's cookies. Generated code copies allow_origins=['*'] with allow_credentials=True from quick-start snippets. List the " +
      "front-end origins you trust. A wildcard without credentials (public, cookie-less APIs) is not reported.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const middleware =
        call.methodName === "add_middleware" && call.positional[0]
          ? context.qualifiedName(call.positional[0])
          : undefined;
      if (middleware && CORS_MIDDLEWARES.has(middleware)) {
        const anyOrigin =
          isWildcard(context, call.keywords.get("allow_origins")) ||
          isWildcard(context, call.keywords.get("allow_origin_regex"));
        if (anyOrigin && isConstantTrue(context, call.keywords.get("allow_credentials"))) {
          report({
            node: call.node,
            message:
              "CORSMiddleware allows every origin with credentials: any site can read responses as the logged-in user.",
            fixHint: FIX_HINT,
            confidence: "high",
          });
        }
      } else if (FLASK_CORS.has(call.callee) && isConstantTrue(context, call.keywords.get("supports_credentials"))) {
        if (flaskCorsAllowsAnyOrigin(context, call.keywords.get("origins"), call.keywords.get("resources"))) {
          report({
            node: call.node,
            message:
              "Flask-CORS with supports_credentials=True and any origin: any site can read responses as the logged-in user.",
            fixHint: 'Pass origins=["https://app.example.com"] alongside supports_credentials=True.',
            confidence: "high",
          });
        }
      }
    }
    // django-cors-headers settings
    const settings = new Map<string, SyntaxNode>();
    for (const { target, value, node } of assignments(context)) {
      const name = targetName(context, target);
      if (name && isModuleLevel(node) && isConstantTrue(context, value)) settings.set(name, value);
    }
    const allowAll = settings.get("CORS_ALLOW_ALL_ORIGINS") ?? settings.get("CORS_ORIGIN_ALLOW_ALL");
    if (allowAll && settings.has("CORS_ALLOW_CREDENTIALS")) {
      report({
        node: allowAll,
        message:
          "django-cors-headers allows all origins with CORS_ALLOW_CREDENTIALS: any site can read responses as the user.",
        fixHint: "Set CORS_ALLOWED_ORIGINS to the trusted front-end origins instead of allowing all.",
        confidence: "high",
      });
    }
  },
  /cors|CORS/,
);
