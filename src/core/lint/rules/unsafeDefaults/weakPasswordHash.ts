import { lastName } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { BROKEN_DIGESTS, FAST_DIGESTS, constructedDigest, hashObjectDigest } from "./digests";
import { bindingNames, defineRule, identifierWords, isConstantFalse } from "./helpers";
import { mentionsPassword, namesPassword } from "./secretNames";

/** What a hash is computed over, per call shape: `hashlib.md5(data)`, `hashlib.new("md5", data)`, `MD5.new(data)`, `h.update(data)`. */
function hashedData(call: CallSite): SyntaxNode | undefined {
  if (call.methodName === "update") return call.positional[0] ?? call.keywords.get("data");
  if (call.callee === "hashlib.new")
    return call.positional[1] ?? call.keywords.get("data") ?? call.keywords.get("string");
  return call.positional[0] ?? call.keywords.get("data") ?? call.keywords.get("string");
}

/** The digest a call hashes data with: a constructor given the data, or `h.update(data)` on a hash object. */
function digestOf(context: RuleContext, call: CallSite): string | undefined {
  if (call.methodName === "update") return call.receiver ? hashObjectDigest(context, call.receiver) : undefined;
  return constructedDigest(context, call);
}

/** Words of a getter's name that say it returns a credential or a certificate (`get_password()`, `load_certificate()`). */
const CERTIFICATE_WORDS = new Set(["certificate", "cert"]);

/** The kind of sensitive data an expression holds, judged by names: its identifiers, or the getters it comes from. */
function sensitiveKind(context: RuleContext, data: SyntaxNode): "password" | "certificate" | undefined {
  if (mentionsPassword(data)) return "password";
  const values = data.type === "identifier" ? (context.possibleValues(data) ?? []) : [data];
  for (const value of values) {
    for (const call of value.type === "call" ? [value] : value.descendantsOfType("call")) {
      const name = lastName(call.childForFieldName("function"));
      if (!name) continue;
      if (namesPassword(name)) return "password";
      if (identifierWords(name).some((word) => CERTIFICATE_WORDS.has(word))) return "certificate";
    }
  }
  return undefined;
}

/** Whether the call hashes a password (or other credential) with a fast or broken digest; weak-hash-algorithm defers to this rule then. */
export function hashesPassword(context: RuleContext, call: CallSite): boolean {
  const data = hashedData(call);
  return (
    (data !== undefined && sensitiveKind(context, data) === "password") ||
    bindingNames(context, call.node).some(namesPassword)
  );
}

/** Setters that store a password (`user.setPassword(...)`, `set_password_hash(...)`). */
function storesPassword(call: CallSite): boolean {
  const words = identifierWords(call.methodName);
  return words.includes("set") && words.some((word) => namesPassword(word));
}

export const weakPasswordHash = defineRule(
  {
    id: "weak-password-hash",
    category: "unsafe-default",
    subkind: "weak-password-hash",
    cwe: 916,
    severity: "high",
    title: "Password hashed with a fast digest (MD5/SHA-1/SHA-2)",
    description:
      "Generated code often stores hashlib.md5(password).hexdigest() or sha256(password). These digests are designed to be fast: a leaked table " +
      "is cracked at billions of guesses per second, and unsalted hashes fall to precomputed tables. MD5 and SHA-1 are additionally broken. " +
      "Use a password hashing function with a per-password salt and work factor: hashlib.scrypt, bcrypt, argon2-cffi (PasswordHasher), " +
      "or your framework's helper (werkzeug.security.generate_password_hash, Django's make_password). " +
      "Checksums of files are fine; mark them with usedforsecurity=False. Certificates and other sensitive data hashed with MD5/SHA-1 are " +
      "reported too (collisions let an attacker substitute data with the same hash).",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (storesPassword(call)) {
        // `user.setPassword(hashlib.md5(pw).hexdigest())`, also through a variable or a hash object
        const value = call.positional[0];
        const digest = value ? hashObjectDigest(context, value) : undefined;
        if (digest && BROKEN_DIGESTS.has(digest)) {
          report({
            node: call.node,
            message: `The stored password is made with ${digest === "sha" ? "SHA-1" : digest.toUpperCase()}: broken and fast, so leaked hashes are cracked almost instantly.`,
            fixHint:
              "Use hashlib.scrypt(password, salt=os.urandom(16), n=2**14, r=8, p=1), bcrypt or argon2-cffi's PasswordHasher.",
            confidence: "high",
          });
        }
        continue;
      }
      if (call.methodName !== "update" && call.methodName !== "new" && !call.callee.startsWith("hashlib.")) continue;
      const digest = digestOf(context, call);
      if (!digest || !(BROKEN_DIGESTS.has(digest) || FAST_DIGESTS.has(digest))) continue;
      if (isConstantFalse(context, call.keywords.get("usedforsecurity"))) continue;
      const data = hashedData(call);
      const kind = data !== undefined ? sensitiveKind(context, data) : undefined;
      const passwordEvidence = kind === "password" || bindingNames(context, call.node).some(namesPassword);
      const broken = BROKEN_DIGESTS.has(digest);
      const name = digest === "sha" ? "SHA-1" : digest.toUpperCase();
      if (!passwordEvidence) {
        if (kind === "certificate" && broken) {
          report({
            node: call.node,
            message: `Certificate data hashed with ${name}: collisions are practical, so a different certificate can share the hash.`,
            fixHint: "Use SHA-256 or stronger (hashlib.sha256, hashes.SHA256()).",
            confidence: "medium",
            severity: "medium",
            cwe: 328,
          });
        }
        continue;
      }
      report({
        node: call.node,
        message: broken
          ? `Password hashed with ${name}: broken and fast, so leaked hashes are cracked almost instantly.`
          : `Password hashed with plain ${digest}: a fast digest without a work factor is cheap to brute-force.`,
        fixHint:
          "Use hashlib.scrypt(password, salt=os.urandom(16), n=2**14, r=8, p=1), bcrypt or argon2-cffi's PasswordHasher.",
        confidence: "high",
        severity: broken ? "high" : "medium",
      });
    }
  },
  /hashlib|Hash|hashes/,
);
