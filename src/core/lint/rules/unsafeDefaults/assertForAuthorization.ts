import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { defineRule, identifierWords, identifiersIn, isInTestCode, nodesOfType } from "./helpers";

/** Words in an assert's condition that make it an access-control decision whatever its form. */
const ACCESS_WORDS = new Set([
  "admin",
  "superuser",
  "staff",
  "authenticated",
  "authorized",
  "authorised",
  "auth",
  "permission",
  "permissions",
  "perm",
  "perms",
  "role",
  "roles",
  "owner",
  "logged",
  "login",
  "privilege",
  "privileges",
  "access",
  "allowed",
]);
/** Credential words count only in a verification (`token == expected`, `check_password(...)`), not `assert password` (input validation). */
const CREDENTIAL_WORDS = new Set(["token", "password", "signature", "csrf", "hmac", "digest", "otp"]);

function authorizationWord(condition: SyntaxNode): string | undefined {
  const verifies =
    condition.type === "comparison_operator" ||
    condition.type === "call" ||
    condition.descendantsOfType(["comparison_operator", "call"]).length > 0;
  for (const identifier of identifiersIn(condition)) {
    const words = identifierWords(identifier.text);
    if (words.some((word) => ACCESS_WORDS.has(word) || (verifies && CREDENTIAL_WORDS.has(word))))
      return identifier.text;
  }
  return undefined;
}

/** `assert cond, msg` → `if not (cond):\n    raise PermissionError(msg)`, keeping the statement's indentation. */
function explicitCheckFix(context: RuleContext, statement: SyntaxNode, condition: SyntaxNode) {
  const message = condition.nextNamedSibling;
  const row = statement.startPosition.row;
  const indent = (context.source.split("\n")[row] ?? "").slice(0, statement.startPosition.column);
  if (!/^\s*$/.test(indent)) return undefined; // `if x: assert y` on one line: no safe rewrite
  const unit = indent.includes("\t") ? "\t" : "    ";
  const check = `if not (${condition.text}):\n${indent}${unit}raise PermissionError(${message ? message.text : '"permission denied"'})`;
  const range = context.rangeOf(statement);
  // `assert ok; rest()`: rest() must stay after the check, not move into its block, so it goes on its own line
  const semicolon = statement.nextSibling?.type === ";" ? statement.nextSibling : undefined;
  if (!semicolon) return { title: "Replace assert with an explicit check", edits: [{ range, newText: check }] };
  const following = semicolon.nextSibling;
  const sameLine =
    following !== null && following.type !== "comment" && following.startPosition.row === semicolon.endPosition.row;
  const end = sameLine ? context.rangeOf(following) : context.rangeOf(semicolon);
  const newText = sameLine ? `${check}\n${indent}` : check;
  const edited = {
    startLine: range.startLine,
    startColumn: range.startColumn,
    endLine: sameLine ? end.startLine : end.endLine,
    endColumn: sameLine ? end.startColumn : end.endColumn,
  };
  return { title: "Replace assert with an explicit check", edits: [{ range: edited, newText }] };
}

export const assertForAuthorization = defineRule(
  {
    id: "assert-for-authorization",
    category: "unsafe-default",
    subkind: "assert-for-security",
    cwe: 617,
    severity: "medium",
    title: "assert used for an authorization or authentication check",
    description:
      "Python removes assert statements when run with -O or PYTHONOPTIMIZE (common in production images), so an " +
      "`assert user.is_admin` check silently disappears and every caller is allowed. Even when kept, a failed assert raises " +
      "AssertionError, which frameworks turn into a 500 rather than a 403. Use an explicit `if not ...: raise PermissionError` " +
      "(or your framework's abort(403) / PermissionDenied).",
  },
  (context, report) => {
    for (const statement of nodesOfType(context, "assert_statement")) {
      const condition = statement.firstNamedChild;
      if (!condition || isInTestCode(statement)) continue;
      const name = authorizationWord(condition);
      if (!name) continue;
      report({
        node: statement,
        message: `Security check on '${name}' is an assert; it vanishes under python -O and lets everyone through.`,
        fixHint: "Write `if not <condition>: raise PermissionError(...)` (or abort(403) / raise PermissionDenied).",
        confidence: "medium",
        fix: explicitCheckFix(context, statement, condition),
      });
    }
  },
  /\bassert\b/,
);
