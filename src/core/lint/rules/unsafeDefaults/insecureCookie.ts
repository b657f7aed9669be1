import type { SyntaxNode } from "../../tree";
import type { CallSite, FixSuggestion, RuleContext, TextEdit } from "../../types";
import {
  addKeywordEdit,
  argument,
  constantString,
  defineRule,
  hasKeywordSplat,
  identifierWords,
  identifiersIn,
  importsModule,
  isConstantFalse,
  replaceEdit,
  replaceFix,
  settings,
  type Report,
} from "./helpers";
import { isSecretName } from "./secretNames";

const WEB_FRAMEWORKS = ["flask", "werkzeug", "django", "starlette", "fastapi", "aiohttp", "bottle", "quart"];
/** Cookie names that carry a session or credential (`session_id`, `auth_token`, `remember_me`, `jwt`). */
const SESSION_COOKIE_WORDS = new Set([
  "session",
  "sessionid",
  "sid",
  "auth",
  "jwt",
  "remember",
  "login",
  "access",
  "refresh",
  "csrf",
  "uid",
  "userid",
]);

/** `session_token`, `remember_me`, `user_id` identify a user; `theme` or `user_pref` do not. */
function namesSessionCookie(text: string): boolean {
  const words = identifierWords(text);
  return (
    isSecretName(text) ||
    words.some((word) => SESSION_COOKIE_WORDS.has(word)) ||
    (words.includes("user") && words.includes("id"))
  );
}
/** Flask/Django settings that turn the framework's own session cookie flags off. */
const SESSION_COOKIE_SETTINGS = new Set([
  "SESSION_COOKIE_SECURE",
  "SESSION_COOKIE_HTTPONLY",
  "CSRF_COOKIE_SECURE",
  "CSRF_COOKIE_HTTPONLY",
]);

function isSensitiveCookie(context: RuleContext, call: CallSite): boolean {
  const name = argument(call, 0, "key");
  const value = argument(call, 1, "value");
  const cookieName = constantString(context, name);
  if (cookieName !== undefined) return namesSessionCookie(cookieName);
  return value !== undefined && identifiersIn(value).some((identifier) => namesSessionCookie(identifier.text));
}

/** Adds missing flags and flips explicit False ones, in one quick fix. */
function flagsFix(context: RuleContext, call: CallSite, weak: string[]): FixSuggestion | undefined {
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const flag of weak) {
    const value = call.keywords.get(flag);
    if (value) edits.push(replaceEdit(context, value, "True"));
    else missing.push(`${flag}=True`);
  }
  if (missing.length > 0) {
    const insert = addKeywordEdit(context, call, missing.join(", "));
    if (!insert) return undefined;
    edits.push(insert);
  }
  return { title: `Set ${weak.map((flag) => `${flag}=True`).join(", ")}`, edits };
}

function weakFlags(context: RuleContext, call: CallSite): string[] {
  return ["secure", "httponly"].filter((flag) => {
    const value = call.keywords.get(flag);
    return value === undefined || isConstantFalse(context, value);
  });
}

/** `SESSION_COOKIE_SECURE = False` and friends. */
function settingFinding(context: RuleContext, value: SyntaxNode, setting: string): Report {
  return {
    node: value,
    message: `${setting} = False: the framework's session cookie loses its ${setting.endsWith("SECURE") ? "Secure" : "HttpOnly"} flag.`,
    fixHint: `Set ${setting} = True.`,
    confidence: "high",
    cwe: setting.endsWith("SECURE") ? 614 : 1004,
    fix: replaceFix(context, `Set ${setting} = True`, value, "True"),
  };
}

export const insecureCookie = defineRule(
  {
    id: "insecure-cookie",
    category: "unsafe-default",
    subkind: "insecure-cookie",
    cwe: 614,
    severity: "low",
    title: "Cookie without Secure/HttpOnly",
    description:
      "A session or auth cookie without Secure is also sent over plain HTTP, where it can be sniffed; without HttpOnly any injected " +
      "script can read it (document.cookie) and hijack the session. set_cookie() sets neither by default. Pass secure=True, " +
      "httponly=True and samesite='Lax' for cookies that identify a user, and keep SESSION_COOKIE_SECURE/HTTPONLY enabled. " +
      "Other cookies left with the defaults are reported with low confidence (a cookie that only stores a UI preference may skip the flags).",
  },
  (context, report) => {
    const webApp = WEB_FRAMEWORKS.some((framework) => importsModule(context, framework));
    for (const call of context.calls()) {
      // a response's set_cookie(key, value, ...); `jar.set_cookie(cookie)` (http.cookiejar) and a local set_cookie() are not
      if (call.methodName !== "set_cookie" || !webApp || !call.receiver || hasKeywordSplat(call)) continue;
      if (argument(call, 1, "value") === undefined && !call.keywords.has("key")) continue;
      const weak = weakFlags(context, call);
      if (weak.length === 0) continue;
      const sensitive = isSensitiveCookie(context, call);
      // any cookie left with the defaults is reported, mildly; `secure=False, httponly=False` on a non-session cookie is a choice
      if (!sensitive && weak.every((flag) => call.keywords.has(flag))) continue;
      report({
        node: call.node,
        message: `${sensitive ? "Session cookie" : "Cookie"} set without ${weak.join(" and ")}: it can be ${weak.includes("secure") ? "sniffed over HTTP" : "read by injected script"}.`,
        fixHint: 'Pass secure=True, httponly=True, samesite="Lax" to set_cookie().',
        confidence: sensitive ? "medium" : "low",
        cwe: weak.includes("secure") ? 614 : 1004,
        fix: flagsFix(context, call, weak),
      });
    }
    for (const { name, value } of settings(context)) {
      if (SESSION_COOKIE_SETTINGS.has(name) && isConstantFalse(context, value))
        report(settingFinding(context, value, name));
    }
  },
  /set_cookie|_COOKIE_(?:SECURE|HTTPONLY)/,
);
