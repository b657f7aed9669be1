import type { CallSite } from "../../types";
import { assignments, calleeInModule, defineRule, isConstantFalse, replaceFix, targetName } from "./helpers";

/** HTTP clients whose `verify=` (aiohttp: `ssl=` / `verify_ssl=`) switches certificate checking. */
const HTTP_CLIENT_MODULES = ["requests", "httpx", "aiohttp", "urllib3", "boto3", "botocore"];
const REQUEST_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "request",
  "send",
  "stream",
]);
const TLS_KEYWORD = /\b(?:verify|verify_ssl|ssl)\s*=/;
const FIX_HINT =
  "Keep certificate verification on; for a private CA pass verify='/path/to/ca-bundle.pem' instead of False.";

/** `session.get(url, verify=False)` where `session` came from a parameter cannot be resolved, but the keyword is unambiguous. */
function isUnresolvedRequest(call: CallSite): boolean {
  return call.receiver !== undefined && REQUEST_METHODS.has(call.methodName) && !call.callee.includes("()");
}

export const httpTlsVerifyDisabled = defineRule(
  {
    id: "http-tls-verify-disabled",
    category: "unsafe-default",
    subkind: "tls-verification-disabled",
    cwe: 295,
    severity: "high",
    title: "HTTP client with TLS certificate verification disabled",
    description:
      "verify=False makes requests/httpx accept any certificate, so anyone on the network path (Wi-Fi, proxy, compromised router) can " +
      "impersonate the server, read credentials and alter responses. Models add it to silence SSL errors. Fix the trust store instead: " +
      "keep verify=True (the default) or point verify at the CA bundle that signs the server's certificate.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const known = calleeInModule(call, HTTP_CLIENT_MODULES);
      if (!known && !isUnresolvedRequest(call)) continue;
      if (!TLS_KEYWORD.test(call.node.text)) continue; // most `x.get(...)` are dict lookups: skip reading their arguments
      for (const keyword of ["verify", "verify_ssl", "ssl"]) {
        const value = call.keywords.get(keyword);
        if (!value || !isConstantFalse(context, value)) continue;
        if (keyword !== "verify" && !call.callee.startsWith("aiohttp.")) continue; // `ssl=`/`verify_ssl=` only mean this in aiohttp
        report({
          node: value,
          message: `${keyword}=False on ${call.callee}(): TLS certificates are not checked, so the connection can be intercepted.`,
          fixHint: FIX_HINT,
          confidence: known ? "high" : "medium",
          fix:
            keyword === "verify"
              ? replaceFix(context, "Verify TLS certificates (verify=True)", value, "True")
              : undefined,
        });
      }
    }
    // session.verify = False on a requests/httpx session
    for (const { target, value } of assignments(context)) {
      if (target.type !== "attribute" || targetName(context, target) !== "verify" || !isConstantFalse(context, value))
        continue;
      const owner = context.qualifiedName(target) ?? "";
      if (!HTTP_CLIENT_MODULES.some((module) => owner.startsWith(`${module}.`))) continue;
      report({
        node: value,
        message: "session.verify = False: every request on this session skips TLS certificate checks.",
        fixHint: FIX_HINT,
        confidence: "high",
        fix: replaceFix(context, "Verify TLS certificates", value, "True"),
      });
    }
  },
  TLS_KEYWORD,
);
