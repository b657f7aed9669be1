import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { callAt, constantString } from "./helpers";

/** Digests with practical collisions (MD5, SHA-1) or worse (MD4, MD2; `sha` is SHA-1 in hashlib.new and Crypto.Hash.SHA). */
export const BROKEN_DIGESTS = new Set(["md5", "sha1", "sha", "md4", "md2"]);
/** Sound digests that are still far too fast to store passwords. */
export const FAST_DIGESTS = new Set([
  "sha224",
  "sha256",
  "sha384",
  "sha512",
  "sha512_224",
  "sha512_256",
  "sha3_224",
  "sha3_256",
  "sha3_384",
  "sha3_512",
  "blake2b",
  "blake2s",
]);

const HASHLIB_CONSTRUCTOR = /^hashlib\.(\w+)$/;
const PYCRYPTO_CONSTRUCTOR = /^(?:Crypto|Cryptodome)\.Hash\.(\w+)\.new$/;
const CRYPTOGRAPHY_ALGORITHM = /^cryptography\.hazmat\.primitives\.hashes\.(\w+)$/;
const CRYPTOGRAPHY_HASH = "cryptography.hazmat.primitives.hashes.Hash";

function knownDigest(name: string | undefined): string | undefined {
  const lower = name?.toLowerCase().replace(/-/g, "_");
  return lower && (BROKEN_DIGESTS.has(lower) || FAST_DIGESTS.has(lower)) ? lower : undefined;
}

/**
 * The digest a call creates a hash object (or a hash) with: `hashlib.md5(...)`, `hashlib.new("sha1")`,
 * `Crypto.Hash.MD5.new()`, `hashes.Hash(hashes.MD5())`. Lower-case (`md5`, `sha256`).
 */
export function constructedDigest(context: RuleContext, call: CallSite): string | undefined {
  if (call.callee === "hashlib.new")
    return knownDigest(constantString(context, call.positional[0] ?? call.keywords.get("name")));
  if (call.callee === CRYPTOGRAPHY_HASH) {
    const algorithm = call.positional[0] ?? call.keywords.get("algorithm");
    return algorithm ? algorithmDigest(context, algorithm) : undefined;
  }
  const match = HASHLIB_CONSTRUCTOR.exec(call.callee) ?? PYCRYPTO_CONSTRUCTOR.exec(call.callee);
  return match ? knownDigest(match[1]) : undefined;
}

/** The digest of a cryptography algorithm object: `hashes.MD5()` → md5. */
export function algorithmDigest(context: RuleContext, node: SyntaxNode): string | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  const match = fn ? CRYPTOGRAPHY_ALGORITHM.exec(context.qualifiedName(fn) ?? "") : null;
  return match ? knownDigest(match[1]) : undefined;
}

/** Methods whose result is the same hash object or its digest (`h.copy()`, `h.hexdigest()`, `h.finalize()`). */
const HASH_METHODS = new Set(["copy", "digest", "hexdigest", "finalize"]);

/**
 * The digest a hash object (or a digest value) was made with, following names bound in scope: `h = MD5.new()` makes
 * `h` and `h.hexdigest()` md5. Undefined when the bindings disagree or are unknown.
 */
export function hashObjectDigest(context: RuleContext, node: SyntaxNode, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  if (node.type === "identifier") {
    let digest: string | undefined;
    for (const value of context.possibleValues(node) ?? []) {
      const inner = value.type === "identifier" ? undefined : hashObjectDigest(context, value, depth + 1);
      if (!inner || (digest !== undefined && digest !== inner)) return undefined;
      digest = inner;
    }
    return digest;
  }
  const call = callAt(context, node);
  if (!call) return undefined;
  const direct = constructedDigest(context, call);
  if (direct) return direct;
  if (HASH_METHODS.has(call.methodName) && call.receiver) return hashObjectDigest(context, call.receiver, depth + 1);
  return undefined;
}
