import { lastName } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type { CallSite } from "../../types";
import { defineRule, identifiersIn, identifierWords } from "./helpers";
import { isSecretName } from "./secretNames";

const LOG_METHODS = new Set(["debug", "info", "warning", "warn", "error", "critical", "exception", "log", "fatal"]);
/** Wrapping a secret in one of these logs something derived and harmless (`len(password)`, `mask(token)`). */
const NEUTRALIZING_FUNCTIONS = new Set(["len", "bool", "type", "isinstance"]);
/** …or in a function with one of these words in its name (`mask_token`, `redacted`, `hashlib.sha256`). */
const NEUTRALIZING_WORDS = new Set([
  ...["mask", "masked", "redact", "redacted", "censor", "censored", "obfuscate", "obfuscated", "hash", "hashed"],
  ...["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
]);
/** Names of a logger object (`log`, `self._logger`, `LOGGER`). */
const LOGGER_NAMES = new Set(["log", "logger", "logging"]);

function isLoggingCall(call: CallSite): boolean {
  if (!LOG_METHODS.has(call.methodName)) return false;
  if (call.callee === `logging.${call.methodName}` || call.callee.startsWith("logging.getLogger().")) return true;
  const words = identifierWords(nameOf(call.receiver) ?? "");
  return words.length === 1 && LOGGER_NAMES.has(words[0]);
}

/** The name a name or attribute ends in (`self._logger` → `_logger`); none for other expressions. */
function nameOf(node: SyntaxNode | null | undefined): string | undefined {
  return node?.type === "identifier" || node?.type === "attribute" ? lastName(node) : undefined;
}

function isNeutralizing(callee: SyntaxNode | null | undefined): boolean {
  const name = nameOf(callee);
  return (
    name !== undefined &&
    (NEUTRALIZING_FUNCTIONS.has(name) || identifierWords(name).some((word) => NEUTRALIZING_WORDS.has(word)))
  );
}

/** A secret-named value read as such: the end of its expression, not `token.expires_at`, and not inside len()/mask(). */
function loggedSecret(argument: SyntaxNode): SyntaxNode | undefined {
  return identifiersIn(argument).find((identifier) => {
    if (!isSecretName(identifier.text)) return false;
    const parent = identifier.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("object")?.equals(identifier)) return false;
    let current: SyntaxNode | null = identifier;
    for (; current && !current.equals(argument); current = current.parent) {
      if (current.type === "call" && current.childForFieldName("function")?.equals(identifier)) return false;
      const outer: SyntaxNode | null = current.parent;
      if (outer?.type === "argument_list" && isNeutralizing(outer.parent?.childForFieldName("function"))) return false;
    }
    return true;
  });
}

export const secretLogged = defineRule(
  {
    id: "secret-logged",
    category: "unsafe-default",
    subkind: "sensitive-data-logged",
    cwe: 532,
    severity: "medium",
    title: "Password, token or API key written to a log",
    description:
      "Logs are copied to aggregators, support tickets and backups and are readable by far more people than the credential store. " +
      "A logged password or token is effectively published. Generated debug lines (logger.info(f'login {user} {password}')) are a " +
      "common source. Log the event and the user, never the secret; if you must correlate, log a masked form or a short hash prefix. " +
      "print() is not checked: command-line tools show generated passwords to their user on purpose.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!isLoggingCall(call)) continue;
      for (const argument of [...call.positional, ...call.keywords.values()]) {
        const secret = loggedSecret(argument);
        if (!secret) continue;
        report({
          node: call.node,
          message: `'${secret.text}' is written to the log; anyone with log access can read it.`,
          fixHint:
            "Drop the secret from the message (log the user or event instead), or log a masked value such as token[:4] + '…'.",
          confidence: "high",
        });
        break;
      }
    }
  },
  /log|LOG/,
);
