import type { CallSite, RuleContext } from "../../types";
import { bindingNames, constantString, defineRule, isConstantFalse } from "./helpers";
import { mentionsPassword, namesPassword } from "./secretNames";

/** Broken digests: collisions are practical and GPUs try billions per second. */
const BROKEN = new Set(["md5", "sha1"]);
/** Sound digests that are still far too fast to store passwords. */
const FAST = new Set(["sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]);

/** `hashlib.md5(...)` → md5, `hashlib.new("sha1", ...)` → sha1. */
function digestName(context: RuleContext, call: CallSite): string | undefined {
  if (call.callee === "hashlib.new") return constantString(context, call.positional[0] ?? call.keywords.get("name"))?.toLowerCase();
  const match = /^hashlib\.(\w+)$/.exec(call.callee);
  return match?.[1];
}

/** `h = hashlib.md5(); h.update(password)` → md5 (the engine resolves `h` to `hashlib.md5()`). */
function updatedDigest(call: CallSite): string | undefined {
  return /^hashlib\.(\w+)\(\)\.update$/.exec(call.callee)?.[1];
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
      "Checksums of files are fine; mark them with usedforsecurity=False.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const digest = digestName(context, call) ?? updatedDigest(call);
      if (!digest || !(BROKEN.has(digest) || FAST.has(digest))) continue;
      if (isConstantFalse(context, call.keywords.get("usedforsecurity"))) continue;
      const data = call.methodName === "update" ? call.positional[0] : call.positional[call.callee === "hashlib.new" ? 1 : 0];
      const passwordEvidence = (data !== undefined && mentionsPassword(data)) || bindingNames(context, call.node).some(namesPassword);
      if (!passwordEvidence) continue;
      const broken = BROKEN.has(digest);
      report({
        node: call.node,
        message: broken
          ? `Password hashed with ${digest.toUpperCase()}: broken and fast, so leaked hashes are cracked almost instantly.`
          : `Password hashed with plain ${digest}: a fast digest without a work factor is cheap to brute-force.`,
        fixHint: "Use hashlib.scrypt(password, salt=os.urandom(16), n=2**14, r=8, p=1), bcrypt or argon2-cffi's PasswordHasher.",
        confidence: "high",
        severity: broken ? "high" : "medium",
      });
    }
  },
  /hashlib/,
);
