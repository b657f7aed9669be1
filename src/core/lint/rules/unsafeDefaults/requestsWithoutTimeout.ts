import type { CallSite } from "../../types";
import { addKeywordFix, defineRule, hasKeywordSplat } from "./helpers";

const REQUEST_FUNCTIONS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request"]);
/** requests' module functions and methods on requests.Session() (httpx has a default timeout, requests has none). */
const REQUESTS_OWNERS = new Set([
  "requests",
  "requests.api",
  "requests.Session()",
  "requests.session()",
  "requests.sessions.Session()",
]);

function isRequestsCall(call: CallSite): boolean {
  const owner = call.callee.slice(0, call.callee.length - call.methodName.length - 1);
  return REQUEST_FUNCTIONS.has(call.methodName) && REQUESTS_OWNERS.has(owner);
}

export const requestsWithoutTimeout = defineRule(
  {
    id: "requests-without-timeout",
    category: "unsafe-default",
    subkind: "missing-timeout",
    cwe: 400,
    severity: "low",
    title: "requests call without a timeout",
    description:
      "requests waits forever by default. A slow or malicious server (or a dropped connection) then hangs the calling thread or worker " +
      "indefinitely; a few such calls exhaust a web server's worker pool. Always pass timeout= (connect and read seconds, e.g. " +
      "timeout=(3.05, 27) or timeout=10).",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!isRequestsCall(call) || call.keywords.has("timeout") || hasKeywordSplat(call)) continue;
      report({
        node: call.node,
        message: `${call.callee}() has no timeout and can hang forever on an unresponsive server.`,
        fixHint: "Pass timeout=10 (or a (connect, read) tuple) and handle requests.Timeout.",
        confidence: "high",
        fix: addKeywordFix(context, "Add timeout=10", call, "timeout=10"),
      });
    }
  },
  /requests/,
);
