import type { SyntaxNode } from "../../tree";
import type { CallSite } from "../../types";
import { defineRule, identifiersIn } from "./helpers";
import { isSecretName } from "./secretNames";

const LOG_METHODS = new Set(["debug", "info", "warning", "warn", "error", "critical", "exception", "log", "fatal"]);
/** Wrapping a secret in one of these logs something derived and harmless (`len(password)`, `mask(token)`). */
const NEUTRALIZING_CALLS =
  /(?:^|\.)(?:len|bool|type|isinstance|mask\w*|redact\w*|censor\w*|obfuscate\w*|hash\w*|\w*sha\d+|\w*md5|repr_masked)$/;

function isLoggingCall(call: CallSite): boolean {
  if (!LOG_METHODS.has(call.methodName)) return false;
  if (call.callee === `logging.${call.methodName}` || call.callee.startsWith("logging.getLogger().")) return true;
  return call.receiver !== undefined && /(?:^|\.)_?(?:log|logger|logging|LOGGER|LOG)$/.test(call.receiver.text);
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
      if (
        outer?.type === "argument_list" &&
        NEUTRALIZING_CALLS.test(outer.parent?.childForFieldName("function")?.text ?? "")
      )
        return false;
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
