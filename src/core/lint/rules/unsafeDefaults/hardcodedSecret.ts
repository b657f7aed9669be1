import { outsideFocus } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type { Confidence, RuleContext } from "../../types";
import {
  assignments,
  constantString,
  defineRule,
  identifierWords,
  isInTestCode,
  nodesOfType,
  targetName,
} from "./helpers";
import { isSecretName, isSigningKeyName } from "./secretNames";

/**
 * Values that are not working credentials. Decision: template placeholders ("<api-key>", "your_api_key_here", "${TOKEN}", "xxx",
 * "...") are ignored because they cannot authenticate; weak but working values ("changeme", "admin", "secret123") are reported.
 * Signing keys are the exception (see isSigningKeyName): there a placeholder is a working key.
 */
const PLACEHOLDER =
  /^(?:<[^>]*>|\{\{?[^}]*\}\}?|\$\{?\w+\}?|%\(?\w*\)?s|\*+|[xX]{3,}.*|\.{3}|…|(?:your|my|insert|enter|replace|put|add)(?:\b|_).*|.*(?:\b|_)here|todo(?:\b|_).*|tbd|fixme.*|none|null|nil|undefined|redacted|placeholder.*|example.*|dummy.*|fake.*|mock.*|test.*|sample.*)$/i;
/** An environment variable's name (`token = os.environ[TOKEN_VAR]` with `TOKEN_VAR = "GITHUB_TOKEN"`). */
const ENV_VAR_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const PATH_OR_URL =
  /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|:\/\/|\.(?:pem|key|crt|cer|der|json|txt|env|ya?ml|pub|p12|pfx|ini|cfg)$/i;

/** Provider token formats: a literal shaped like one is a secret whatever it is called. */
const KNOWN_TOKEN_FORMATS: [RegExp, string][] = [
  [/^AKIA[0-9A-Z]{16}$/, "AWS access key"],
  [/^(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}$|^github_pat_\w{60,}$/, "GitHub token"],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, "Slack token"],
  [/^sk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}$/, "OpenAI/Anthropic API key"],
  [/^[sr]k_live_[A-Za-z0-9]{16,}$/, "Stripe live key"],
  [/^AIza[0-9A-Za-z_-]{35}$/, "Google API key"],
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, "private key"],
];

/** An HTTP `Authorization` header's value: a scheme, then the credential itself (`Bearer ya29.a0Af...`, `Basic dXNl...`). */
const AUTHORIZATION_VALUE = /^(?:Bearer|Basic|Token|Bot|Digest|ApiKey|JWT)\s+(\S+)$/i;

/** `postgresql://user:password@host/db`: the password between the user and the host. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i;

/** Every known format contains one of these; most string literals are ruled out without decoding them. */
const PROVIDER_TOKEN_HINT = /AKIA|gh[pousr]_|github_pat_|xox[abprs]-|sk-|[sr]k_live_|AIza|PRIVATE KEY/;

function knownTokenFormat(value: string): string | undefined {
  return KNOWN_TOKEN_FORMATS.find(([pattern]) => pattern.test(value))?.[1];
}

/** Long strings mixing character classes are generated secrets rather than words. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
  return classes >= 3 || /^[0-9a-f]{32,}$/i.test(value);
}

function isProse(value: string): boolean {
  return value.trim().split(/\s+/).length >= 3;
}

/**
 * How sure we are that `name = value` hard-codes a working credential; undefined when it does not. `inUse`: see
 * Candidate.inUse.
 */
function judge(name: string, value: string, inUse = false): Confidence | undefined {
  const trimmed = value.trim();
  if (trimmed.length < 3 || ENV_VAR_NAME.test(trimmed) || PATH_OR_URL.test(trimmed) || isProse(trimmed))
    return undefined;
  if (knownTokenFormat(trimmed)) return "high";
  if (isSigningKeyName(name)) return "high";
  // `{"password": "password"}` maps a field name, `PASSWORD = "password"` names a form field
  const echoesName = !inUse && identifierWords(trimmed).join("_") === identifierWords(name).join("_");
  if (PLACEHOLDER.test(trimmed) || echoesName) return undefined;
  return looksRandom(trimmed) ? "high" : "medium";
}

interface Candidate {
  name: string;
  value: SyntaxNode;
  /**
   * The value is used as the credential: checked against (`password == "password"`) or handed to a call
   * (`connect(password="password")`, `login(user, "password")`), so it counts even when it repeats the name.
   */
  inUse?: boolean;
}

/** `os.environ.get("KEY") or "fallback"`: the literal after `or` is what ships when the variable is unset. */
function shippedValue(value: SyntaxNode): SyntaxNode {
  const right = value.childForFieldName("right");
  return value.type === "boolean_operator" && value.childForFieldName("operator")?.type === "or" && right
    ? shippedValue(right)
    : value;
}

/** JWT functions whose second argument (or `key=`) is the signing/verification key. */
const JWT_KEY_CALLS = new Set([
  "jwt.encode",
  "jwt.decode",
  "jwt.api_jwt.encode",
  "jwt.api_jwt.decode",
  "jwt.PyJWT().encode",
  "jwt.PyJWT().decode",
  "jose.jwt.encode",
  "jose.jwt.decode",
]);
/** A public key or certificate may be committed: it verifies, it does not sign. */
const PUBLIC_KEY_MATERIAL = /BEGIN (?:RSA |EC )?PUBLIC KEY|BEGIN CERTIFICATE|^ssh-(?:rsa|ed25519)/;

/** Positional password parameters: `smtp.login(user, "pw")`, `HTTPBasicAuth("user", "pw")`. */
const PASSWORD_POSITION = new Map([
  ["smtplib.SMTP().login", 1],
  ["smtplib.SMTP_SSL().login", 1],
  ["imaplib.IMAP4().login", 1],
  ["imaplib.IMAP4_SSL().login", 1],
  ["ftplib.FTP().login", 1],
  ["ftplib.FTP_TLS().login", 1],
  ["poplib.POP3().pass_", 0],
  ["poplib.POP3_SSL().pass_", 0],
  ["requests.auth.HTTPBasicAuth", 1],
  ["requests.auth.HTTPDigestAuth", 1],
  ["httpx.BasicAuth", 1],
  ["aiohttp.BasicAuth", 1],
]);

// A candidate's value, and so its finding, lies inside the node it is read from: a node out of focus is skipped.

/** Passwords passed positionally to clients, or as the second item of `auth=("user", "pw")`. */
function clientPasswordCandidates(context: RuleContext): Candidate[] {
  return context.calls().flatMap((call) => {
    if (outsideFocus(context, call.node)) return [];
    const position = PASSWORD_POSITION.get(call.callee);
    if (position !== undefined) {
      const value = call.positional[position];
      return value ? [{ name: "password", value, inUse: true }] : [];
    }
    if (!/auth=/.test(call.node.text)) return []; // read the arguments only where `auth=` can be
    const auth = call.keywords.get("auth");
    const items = auth?.type === "tuple" ? auth.namedChildren : [];
    return items.length === 2 && items[1] ? [{ name: "password", value: items[1], inUse: true }] : [];
  });
}

/** `name = "..."`, `obj.name = "..."`, `config["NAME"] = "..."`. */
function assignedCandidates(context: RuleContext): Candidate[] {
  return assignments(context).flatMap(({ target, value }) => {
    if (outsideFocus(context, value)) return [];
    const name = targetName(context, target);
    return name ? [{ name, value }] : [];
  });
}

function isDictConstructor(context: RuleContext, call: SyntaxNode): boolean {
  const callee = call.childForFieldName("function");
  return callee !== null && context.qualifiedName(callee) === "dict";
}

/** `{"password": "..."}`, `connect(password="...")`, `def login(password="...")`, `if token == "...":`. */
function syntacticCandidates(context: RuleContext): Candidate[] {
  const candidates: Candidate[] = [];
  for (const pair of nodesOfType(context, "pair")) {
    if (outsideFocus(context, pair)) continue;
    const key = constantString(context, pair.childForFieldName("key") ?? undefined);
    const value = pair.childForFieldName("value");
    if (key && value) candidates.push({ name: key, value });
  }
  for (const node of nodesOfType(context, "keyword_argument", "default_parameter", "typed_default_parameter")) {
    if (outsideFocus(context, node)) continue;
    const name = node.childForFieldName("name");
    const value = node.childForFieldName("value");
    if (!name || !value) continue;
    // a keyword handed to a call is used as what it names; `dict(password="password")` maps field names, as a literal does
    const call = node.type === "keyword_argument" ? node.parent?.parent : undefined;
    const inUse = call?.type === "call" && !isDictConstructor(context, call);
    candidates.push({ name: name.text, value, inUse });
  }
  for (const comparison of nodesOfType(context, "comparison_operator")) {
    if (outsideFocus(context, comparison)) continue;
    const [left, right] = comparison.namedChildren;
    if (!left || !right || comparison.namedChildren.length !== 2 || !comparison.children.some((c) => c.type === "=="))
      continue;
    for (const [named, literal] of [
      [left, right],
      [right, left],
    ] as const) {
      if ((named.type === "identifier" || named.type === "attribute") && literal.type === "string") {
        candidates.push({
          name: named.type === "attribute" ? (named.childForFieldName("attribute")?.text ?? "") : named.text,
          value: literal,
          inUse: true,
        });
      }
    }
  }
  return candidates;
}

/** `os.getenv("SECRET_KEY", "dev-secret")`: the fallback ships whenever the variable is unset. */
function envFallbackCandidates(context: RuleContext): Candidate[] {
  return context.calls().flatMap((call) => {
    if ((call.callee !== "os.getenv" && call.callee !== "os.environ.get") || outsideFocus(context, call.node))
      return [];
    const name = constantString(context, call.positional[0]);
    const fallback = call.positional[1] ?? call.keywords.get("default");
    return name && fallback ? [{ name, value: fallback }] : [];
  });
}

export const hardcodedSecret = defineRule(
  {
    id: "hardcoded-secret",
    category: "unsafe-default",
    subkind: "hardcoded-secret",
    cwe: 798,
    severity: "high",
    title: "Hard-coded password, API key, token or secret key",
    description:
      "A credential in source code ends up in version control, logs, wheels and screenshots, and cannot be rotated without a release. " +
      "A hard-coded Flask/Django SECRET_KEY or JWT secret lets anyone who has seen the code forge sessions and tokens — including " +
      "placeholder values such as 'your-secret-key', which work as keys. Load secrets at runtime from the environment or a secret manager " +
      "(os.environ['API_KEY'], python-dotenv for local development) and rotate any key that was committed. " +
      "Not reported: empty strings, template placeholders ('<token>', 'your_api_key_here', '${TOKEN}'), environment variable names, " +
      "paths, URLs, and values inside test functions.",
  },
  (context, report) => {
    const candidates = [
      ...assignedCandidates(context),
      ...syntacticCandidates(context),
      ...envFallbackCandidates(context),
      ...clientPasswordCandidates(context),
    ];
    for (const { name, value: bound, inUse } of candidates) {
      const value = shippedValue(bound);
      // the node type first: most candidates are not string literals, and naming rules split the name into words
      if (value.type !== "string") continue;
      const header = identifierWords(name).join("_") === "authorization";
      if (!header && !isSecretName(name) && !isSigningKeyName(name)) continue;
      const literal = constantString(context, value);
      if (literal === undefined || isInTestCode(value)) continue;
      // `{"Authorization": "Bearer <token>"}`: the credential is what follows the scheme
      const credential = header ? AUTHORIZATION_VALUE.exec(literal.trim())?.[1] : literal;
      const confidence = credential === undefined ? undefined : judge(header ? "token" : name, credential, inUse);
      if (!confidence) continue;
      report({
        node: value,
        message: isSigningKeyName(name)
          ? `Hard-coded signing key '${name}': anyone who sees the code can forge sessions or tokens.`
          : header
            ? "Hard-coded credential in an Authorization header: it leaks with the source and cannot be rotated."
            : `Hard-coded credential '${name}': it leaks with the source and cannot be rotated.`,
        fixHint: header
          ? 'Read the token at runtime (os.environ["API_TOKEN"] or a secret manager), build the header from it (f"Bearer {token}"), and rotate the committed value.'
          : `Read it at runtime: os.environ["${name.toUpperCase()}"] (or a secret manager), and rotate the committed value.`,
        confidence,
      });
    }
    // the key handed to a JWT library: any literal signs or verifies tokens anyone who has seen the code can forge
    if (/jwt/.test(context.source)) {
      for (const call of context.calls()) {
        if (!JWT_KEY_CALLS.has(call.callee) || outsideFocus(context, call.node)) continue;
        const key = call.keywords.get("key") ?? call.positional[1];
        const literal = key ? constantString(context, key) : undefined;
        if (!key || !literal || PUBLIC_KEY_MATERIAL.test(literal) || isInTestCode(key)) continue;
        report({
          node: key,
          message: `Hard-coded JWT key passed to ${call.callee}: anyone who has seen the code can forge tokens.`,
          fixHint:
            'Read the key at runtime (os.environ["JWT_SECRET"] or a secret manager) and rotate the committed value.',
          confidence: "high",
        });
      }
    }
    // provider-shaped tokens under any name (`client = OpenAI("sk-...")`) and passwords inside connection URLs;
    // a literal already reported under its name is reported once (defineRule merges findings on the same node)
    for (const literal of nodesOfType(context, "string")) {
      if (outsideFocus(context, literal)) continue;
      if (!PROVIDER_TOKEN_HINT.test(literal.text) && !literal.text.includes("@")) continue; // cheap text check before folding
      const value = constantString(context, literal);
      if (value === undefined || isInTestCode(literal)) continue;
      const format = knownTokenFormat(value);
      if (format) {
        report({
          node: literal,
          message: `Hard-coded ${format}: it leaks with the source and cannot be rotated.`,
          fixHint: "Load it from an environment variable or secret manager and revoke the committed key.",
          confidence: "high",
        });
        continue;
      }
      const password = URL_WITH_PASSWORD.exec(value)?.[1];
      if (password && !PLACEHOLDER.test(password) && !/[{}$<>%]/.test(password)) {
        report({
          node: literal,
          message: "Connection URL with a hard-coded password: it leaks with the source and cannot be rotated.",
          fixHint:
            'Build the URL from the environment (os.environ["DATABASE_URL"]) or pass the password separately from a secret store.',
          confidence: "medium",
          severity: "medium",
        });
      }
    }
  },
);
