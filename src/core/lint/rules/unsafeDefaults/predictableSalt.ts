import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { argument, constantString, defineRule, isInTestCode } from "./helpers";

/**
 * Password hashing and key derivation functions, with where each takes its salt (position, keyword). HKDF is left
 * out: its salt is optional and need not be secret or unique (RFC 5869), unlike a password hash's.
 */
const SALTED_FUNCTIONS = new Map<string, { position: number; keyword: string }>([
  ["hashlib.pbkdf2_hmac", { position: 2, keyword: "salt" }],
  ["hashlib.scrypt", { position: -1, keyword: "salt" }],
  ["cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC", { position: 2, keyword: "salt" }],
  ["cryptography.hazmat.primitives.kdf.scrypt.Scrypt", { position: 0, keyword: "salt" }],
  ["Crypto.Protocol.KDF.PBKDF2", { position: 1, keyword: "salt" }],
  ["Crypto.Protocol.KDF.scrypt", { position: 1, keyword: "salt" }],
  ["Crypto.Protocol.KDF.bcrypt", { position: 2, keyword: "salt" }],
  ["Cryptodome.Protocol.KDF.PBKDF2", { position: 1, keyword: "salt" }],
  ["Cryptodome.Protocol.KDF.scrypt", { position: 1, keyword: "salt" }],
  ["bcrypt.hashpw", { position: 1, keyword: "salt" }],
  ["argon2.low_level.hash_secret", { position: 1, keyword: "salt" }],
  ["argon2.low_level.hash_secret_raw", { position: 1, keyword: "salt" }],
  ["crypt.crypt", { position: 1, keyword: "salt" }],
]);

/** The constant a salt is, read through `.encode()` (`"salt".encode()` is as fixed as `b"salt"`). */
function constantSalt(context: RuleContext, salt: SyntaxNode): string | undefined {
  const values = context.possibleValues(salt) ?? [salt];
  let constant: string | undefined;
  for (const value of values) {
    const callee = value.type === "call" ? value.childForFieldName("function") : null;
    const encoded =
      callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "encode"
        ? callee.childForFieldName("object")
        : null;
    const text = constantString(context, encoded ?? value);
    if (text === undefined) return undefined;
    constant ??= text;
  }
  return constant;
}

function saltOf(call: CallSite): SyntaxNode | undefined {
  const place = SALTED_FUNCTIONS.get(call.callee);
  if (!place) return undefined;
  return place.position < 0 ? call.keywords.get(place.keyword) : argument(call, place.position, place.keyword);
}

export const predictableSalt = defineRule(
  {
    id: "predictable-salt",
    category: "unsafe-default",
    subkind: "predictable-salt",
    cwe: 760,
    severity: "medium",
    title: "Password hash or key derivation with a constant salt",
    description:
      "A salt makes equal passwords hash differently, so a leaked table must be attacked one password at a time. A constant salt " +
      "(`salt = b'salt'`, a module-level SALT) gives every password the same one: equal passwords share a hash and one precomputed " +
      "table serves the whole table. Generate a random salt per password (os.urandom(16), bcrypt.gensalt()) and store it with the hash; " +
      "argon2's PasswordHasher and werkzeug's generate_password_hash do this for you.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const salt = saltOf(call);
      if (!salt || isInTestCode(call.node)) continue;
      const constant = constantSalt(context, salt);
      if (constant === undefined) continue;
      report({
        node: salt,
        message: `The salt is the constant ${JSON.stringify(constant.length > 24 ? `${constant.slice(0, 24)}…` : constant)}: every password gets the same salt.`,
        fixHint:
          "Use salt = os.urandom(16) per password and store it next to the hash (bcrypt.gensalt() for bcrypt), or argon2.PasswordHasher().hash(password).",
        confidence: "high",
      });
    }
  },
  /pbkdf2|scrypt|PBKDF2|Scrypt|hashpw|hash_secret|crypt/,
);
