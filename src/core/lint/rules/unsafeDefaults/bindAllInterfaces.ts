import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { constantString, defineRule, replaceFix } from "./helpers";

/** Addresses meaning "every interface"; in a (host, port) tuple the empty string means the same. */
const ALL_INTERFACES = new Set(["0.0.0.0", "::"]);

/** Calls that start listening (app.run, uvicorn.run, web.run_app, waitress.serve, sock.bind, HTTPServer(...), uvicorn.Config). */
const LISTENERS = new Set([
  "run",
  "run_app",
  "serve",
  "run_simple",
  "bind",
  "listen",
  "start_server",
  "create_server",
  "make_server",
  "TCPSite",
  "Config",
]);

function isListener(call: CallSite): boolean {
  return LISTENERS.has(call.methodName) || /Server$/.test(call.methodName);
}

/** The host part of `sock.bind(("0.0.0.0", port))` / `HTTPServer(("", 8000), Handler)`. */
function addressTupleHost(context: RuleContext, call: CallSite): SyntaxNode | undefined {
  const address = call.positional[0];
  if (address?.type === "tuple") return address.namedChildren[0];
  // `addr = ("0.0.0.0", 8080); sock.bind(addr)`
  const values = address?.type === "identifier" ? context.possibleValues(address) : undefined;
  return values?.length === 1 && values[0].type === "tuple" ? values[0].namedChildren[0] : undefined;
}

/** Host nodes this call binds to: `host=` keyword, `app.run("0.0.0.0")`, or an address tuple. */
function boundHosts(context: RuleContext, call: CallSite): SyntaxNode[] {
  if (!isListener(call)) return [];
  const hosts: SyntaxNode[] = [];
  const hostKeyword = call.keywords.get("host");
  if (hostKeyword && ALL_INTERFACES.has(constantString(context, hostKeyword) ?? "")) hosts.push(hostKeyword);
  const firstArgument = call.positional[0];
  if (call.methodName === "run" && firstArgument && ALL_INTERFACES.has(constantString(context, firstArgument) ?? ""))
    hosts.push(firstArgument);
  const tupleHost = addressTupleHost(context, call);
  const tupleValue = constantString(context, tupleHost);
  if (tupleHost && tupleValue !== undefined && (tupleValue === "" || ALL_INTERFACES.has(tupleValue)))
    hosts.push(tupleHost);
  return hosts;
}

export const bindAllInterfaces = defineRule(
  {
    id: "bind-all-interfaces",
    category: "unsafe-default",
    subkind: "bind-all-interfaces",
    cwe: 1327,
    severity: "low",
    title: "Server bound to all network interfaces (0.0.0.0)",
    description:
      "Binding to 0.0.0.0 (or '' / '::') exposes the service on every network the machine is attached to — office Wi-Fi, VPN, a cloud " +
      "instance's public address — not just to the developer's browser. Combined with debug mode or missing authentication this is a " +
      "direct remote entry point. Bind to 127.0.0.1 for local development, and make the public address an explicit deployment setting " +
      "(e.g. read HOST from the environment) when a container needs 0.0.0.0.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      for (const host of boundHosts(context, call)) {
        const quote = host.type === "string" ? host.text.slice(-1) : undefined;
        report({
          node: host,
          message: `${call.callee}() listens on all network interfaces, exposing it beyond this machine.`,
          fixHint:
            'Bind to "127.0.0.1" locally; take the public bind address from configuration (e.g. os.environ["HOST"]) for deployments.',
          confidence: "medium",
          fix: quote ? replaceFix(context, "Bind to localhost only", host, `${quote}127.0.0.1${quote}`) : undefined,
        });
      }
    }
  },
  /0\.0\.0\.0|::|''|""/,
);
