import type { SyntaxNode } from "../../tree";
import type { CallSite, Confidence, RuleContext } from "../../types";
import { defineRule, renameMethodFix, replaceFix, type Report } from "./helpers";

/** Cleartext clients and their TLS counterparts (same constructor arguments apart from the default port). */
const CLEARTEXT_CLIENTS = new Map<string, string | undefined>([
  ["telnetlib.Telnet", undefined],
  ["ftplib.FTP", "FTP_TLS"],
  ["poplib.POP3", "POP3_SSL"],
  ["imaplib.IMAP4", "IMAP4_SSL"],
]);

/** HTTP connection classes that never encrypt (their HTTPS twins take the same arguments); the host is argument 0. */
const PLAIN_HTTP_CONNECTIONS = new Map<string, string>([
  ["http.client.HTTPConnection", "HTTPSConnection"],
  ["httplib.HTTPConnection", "HTTPSConnection"],
  ["urllib3.HTTPConnectionPool", "HTTPSConnectionPool"],
  ["urllib3.connectionpool.HTTPConnectionPool", "HTTPSConnectionPool"],
]);

/** Functions that fetch a URL: callee → position of the URL argument (keyword `url` everywhere). */
const URL_FUNCTIONS = new Map<string, number>();
const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];
for (const module of ["requests", "httpx"]) {
  for (const verb of HTTP_VERBS) URL_FUNCTIONS.set(`${module}.${verb}`, 0);
  URL_FUNCTIONS.set(`${module}.request`, 1);
  URL_FUNCTIONS.set(`${module}.Request`, 1);
}
URL_FUNCTIONS.set("httpx.stream", 1);
URL_FUNCTIONS.set("requests.api.request", 1);
for (const module of ["urllib.request", "urllib", "urllib2", "six.moves.urllib.request"]) {
  for (const name of ["urlopen", "Request", "urlretrieve"]) URL_FUNCTIONS.set(`${module}.${name}`, 0);
}
URL_FUNCTIONS.set("urllib3.request", 1);
URL_FUNCTIONS.set("urllib3.connection_from_url", 0);
URL_FUNCTIONS.set("urllib3.connectionpool.connection_from_url", 0);
URL_FUNCTIONS.set("aiohttp.request", 1);

/** Client objects (constructor) whose methods fetch a URL: method → position of the URL argument. */
const SESSION_METHODS = new Map<string, number>([
  ...HTTP_VERBS.map((verb): [string, number] => [verb, 0]),
  ["request", 1],
  ["stream", 1],
  ["ws_connect", 0],
]);
const OPENER_METHODS = new Map<string, number>([
  ["open", 0],
  ["retrieve", 0],
]);
const POOL_METHODS = new Map<string, number>([
  ["request", 1],
  ["urlopen", 1],
  ["request_encode_url", 1],
  ["request_encode_body", 1],
  ["connection_from_url", 0],
]);
const CLIENT_CONSTRUCTORS = new Map<string, ReadonlyMap<string, number>>([
  ["requests.Session", SESSION_METHODS],
  ["requests.session", SESSION_METHODS],
  ["requests.sessions.Session", SESSION_METHODS],
  ["httpx.Client", SESSION_METHODS],
  ["httpx.AsyncClient", SESSION_METHODS],
  ["aiohttp.ClientSession", SESSION_METHODS],
  ["urllib3.PoolManager", POOL_METHODS],
  ["urllib3.poolmanager.PoolManager", POOL_METHODS],
]);
for (const module of ["urllib.request", "urllib", "urllib2", "six.moves.urllib.request"]) {
  for (const name of ["URLopener", "FancyURLopener", "OpenerDirector", "build_opener"])
    CLIENT_CONSTRUCTORS.set(`${module}.${name}`, OPENER_METHODS);
}

/**
 * The constructor a method's receiver was built by: from the resolved callee (`requests.Session().get`), or, when the
 * file reuses the variable name for other objects, from the receiver's bindings in its own function.
 */
function receiverConstructor(context: RuleContext, call: CallSite): string | undefined {
  const constructorEnd = call.callee.lastIndexOf("().");
  if (constructorEnd >= 0) return call.callee.slice(0, constructorEnd);
  if (call.receiver?.type !== "identifier") return undefined;
  let constructor: string | undefined;
  for (const value of context.possibleValues(call.receiver) ?? []) {
    const fn = value.type === "call" ? value.childForFieldName("function") : undefined;
    const name = fn ? context.qualifiedName(fn) : undefined;
    if (!name || (constructor !== undefined && constructor !== name)) return undefined;
    constructor = name;
  }
  return constructor;
}

/** Where a call takes its URL, if it fetches one. */
function urlArgument(context: RuleContext, call: CallSite): SyntaxNode | undefined {
  let position = URL_FUNCTIONS.get(call.callee);
  if (position === undefined) {
    const methods =
      SESSION_METHODS.has(call.methodName) || OPENER_METHODS.has(call.methodName) || POOL_METHODS.has(call.methodName);
    const constructor = methods ? receiverConstructor(context, call) : undefined;
    position = constructor ? CLIENT_CONSTRUCTORS.get(constructor)?.get(call.methodName) : undefined;
    if (position === undefined) return undefined;
  }
  return call.keywords.get("url") ?? call.keywords.get("fullurl") ?? call.positional[position];
}

/** The text a string expression certainly starts with: a literal, `"http://" + host`, `f"http://{host}/"`, `"http://%s" % h`, `"http://{}".format(h)`. */
function knownPrefix(context: RuleContext, node: SyntaxNode, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const constant = context.constantValue(node);
  if (typeof constant === "string") return constant;
  switch (node.type) {
    case "binary_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const left = node.childForFieldName("left");
      const prefix = left && (operator === "+" || operator === "%") ? knownPrefix(context, left, depth + 1) : undefined;
      return operator === "%" ? prefix?.split("%")[0] : prefix;
    }
    case "string": {
      let prefix = "";
      for (const child of node.namedChildren) {
        if (child.type === "interpolation") return prefix;
        if (child.type === "string_content") prefix += child.text;
      }
      return prefix;
    }
    case "call": {
      const fn = node.childForFieldName("function");
      const object =
        fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format"
          ? fn.childForFieldName("object")
          : undefined;
      return object ? knownPrefix(context, object, depth + 1)?.split("{")[0] : undefined;
    }
    case "parenthesized_expression":
      return node.firstNamedChild ? knownPrefix(context, node.firstNamedChild, depth + 1) : undefined;
    default:
      return undefined;
  }
}

interface CleartextUrl {
  scheme: string;
  /** Undefined when only the scheme is known (`"http://" + host`). */
  host?: string;
  credentials: boolean;
}

const URL_START = /^\s*(http|ftp):\/\/([^/?#]*)([/?#])?/i;

function parseCleartextUrl(prefix: string, complete: boolean): CleartextUrl | undefined {
  const match = URL_START.exec(prefix);
  if (!match) return undefined;
  const authority = match[2];
  const at = authority.lastIndexOf("@");
  const hostPort = authority.slice(at + 1);
  const host = hostPort.startsWith("[") ? hostPort.slice(0, hostPort.indexOf("]") + 1) : hostPort.split(":")[0];
  const hostEnded = complete || match[3] !== undefined || hostPort.includes(":");
  return {
    scheme: match[1].toLowerCase(),
    host: hostEnded && host ? host.toLowerCase() : undefined,
    credentials: at > 0,
  };
}

/** Traffic that never leaves the machine is not exposed on a network. */
function isLocalHost(host: string): boolean {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "[::1]" ||
    host === "::1" ||
    host === "0.0.0.0"
  );
}

function isPrivateHost(host: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) || !host.includes(".");
}

/** The cleartext URL a node certainly holds: every value it may hold is a known http/ftp URL, none on this machine. */
function cleartextUrl(context: RuleContext, node: SyntaxNode): { url: CleartextUrl; literal: boolean } | undefined {
  const values = context.possibleValues(node) ?? [node];
  let found: CleartextUrl | undefined;
  for (const value of values) {
    const constant = context.constantValue(value);
    const prefix = typeof constant === "string" ? constant : knownPrefix(context, value);
    if (prefix === undefined) return undefined;
    const url = parseCleartextUrl(prefix, typeof constant === "string");
    if (!url || (url.host !== undefined && isLocalHost(url.host))) return undefined;
    found = url;
  }
  return found ? { url: found, literal: values.length === 1 && values[0].equals(node) } : undefined;
}

function sendsCredentials(context: RuleContext, call: CallSite, url: CleartextUrl): boolean {
  const auth = call.keywords.get("auth");
  return url.credentials || (auth !== undefined && context.constantValue(auth) !== null);
}

function httpsFix(context: RuleContext, node: SyntaxNode) {
  if (node.type !== "string" || !/^[a-zA-Z]*["']+http:\/\//.test(node.text)) return undefined;
  return replaceFix(context, "Use https://", node, node.text.replace("http://", "https://"));
}

function urlReport(context: RuleContext, call: CallSite, urlNode: SyntaxNode): Report | undefined {
  const found = cleartextUrl(context, urlNode);
  if (!found) return undefined;
  const { url } = found;
  const credentials = sendsCredentials(context, call, url);
  const confidence: Confidence = url.host === undefined || isPrivateHost(url.host) ? "medium" : "high";
  const what = url.scheme === "ftp" ? "an ftp:// URL" : "an http:// URL";
  return {
    node: call.node,
    message: credentials
      ? `${call.callee} sends credentials over ${what}: anyone on the network can read them.`
      : `${call.callee} fetches ${what}: the request and the response travel unencrypted and can be read or altered on the way.`,
    fixHint: url.scheme === "ftp" ? "Use https:// (or SFTP/FTP_TLS) instead of ftp://." : "Use https://.",
    confidence,
    ...(credentials ? { severity: "high" as const } : {}),
    fix: url.scheme === "http" ? httpsFix(context, urlNode) : undefined,
  };
}

export const cleartextProtocol = defineRule(
  {
    id: "cleartext-protocol",
    category: "unsafe-default",
    subkind: "cleartext-transmission",
    cwe: 319,
    severity: "medium",
    title: "Cleartext network protocol (http:// and ftp:// URLs, Telnet, FTP, POP3, IMAP without TLS)",
    description:
      "Telnet, FTP, POP3, IMAP4 and plain HTTP send user names, passwords and data unencrypted; anyone on the path can read and alter them. " +
      "telnetlib is also removed in Python 3.13. Use https:// URLs (urllib, requests, httpx, aiohttp, urllib3) and HTTPSConnection, SSH " +
      "(paramiko/asyncssh) instead of Telnet, SFTP or ftplib.FTP_TLS (with prot_p()) instead of FTP, and poplib.POP3_SSL / imaplib.IMAP4_SSL " +
      "for mail. Requests to localhost are not reported; credentials sent over http:// are reported with high severity.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const tlsClass = CLEARTEXT_CLIENTS.get(call.callee);
      if (tlsClass !== undefined || CLEARTEXT_CLIENTS.has(call.callee)) {
        report({
          node: call.node,
          message: `${call.callee} sends credentials and data in cleartext.`,
          fixHint: tlsClass
            ? `Use ${call.callee.replace(/\w+$/, tlsClass)} (encrypted), or SFTP/SSH.`
            : "Use SSH (paramiko or asyncssh) instead of Telnet.",
          confidence: "high",
          fix: tlsRenameFix(context, call, tlsClass),
        });
        continue;
      }
      const httpsClass = PLAIN_HTTP_CONNECTIONS.get(call.callee);
      if (httpsClass) {
        const host = call.keywords.get("host") ?? call.positional[0];
        const hostValue = host ? context.constantValue(host) : undefined;
        if (typeof hostValue === "string" && isLocalHost(hostValue.toLowerCase().split(":")[0])) continue;
        report({
          node: call.node,
          message: `${call.callee} talks plain HTTP: requests and responses travel unencrypted.`,
          fixHint: `Use ${call.callee.replace(/\w+$/, httpsClass)}.`,
          confidence: "medium",
          fix: tlsRenameFix(context, call, httpsClass),
        });
        continue;
      }
      const urlNode = urlArgument(context, call);
      const found = urlNode ? urlReport(context, call, urlNode) : undefined;
      if (found) report(found);
    }
  },
  /telnetlib|ftplib|poplib|imaplib|http:|ftp:|HTTPConnection/i,
);

/** The rename is safe only when no explicit port pins the cleartext service. */
function tlsRenameFix(context: RuleContext, call: CallSite, tlsClass: string | undefined) {
  if (!tlsClass || call.positional.length > 1 || call.keywords.has("port")) return undefined;
  return renameMethodFix(context, `Use ${tlsClass}`, call, tlsClass);
}
