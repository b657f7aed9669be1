import { BROKEN_DIGESTS, algorithmDigest, constructedDigest } from "./digests";
import { callAt, defineRule, isConstantFalse } from "./helpers";
import { hashesPassword } from "./weakPasswordHash";

const CRYPTOGRAPHY_HASH = "cryptography.hazmat.primitives.hashes.Hash";

function displayName(digest: string): string {
  return digest === "sha" || digest === "sha1" ? "SHA-1" : digest.toUpperCase();
}

export const weakHashAlgorithm = defineRule(
  {
    id: "weak-hash-algorithm",
    category: "unsafe-default",
    subkind: "weak-hash",
    cwe: 328,
    severity: "low",
    title: "Broken hash algorithm (MD5, SHA-1, MD4, MD2)",
    description:
      "MD5 and SHA-1 have practical collisions (MD4 and MD2 are worse): two different inputs with the same hash can be crafted, so they " +
      "cannot protect integrity (signatures, certificates, tokens, deduplication of untrusted data). Use SHA-256 or stronger " +
      "(hashlib.sha256, hashes.SHA256(), Crypto.Hash.SHA256). Non-security uses such as cache keys or checksums may keep MD5 with " +
      "hashlib.md5(data, usedforsecurity=False) (Python 3.9+), which also documents the intent. Passwords are reported by weak-password-hash.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      let digest: string | undefined;
      if (call.callee.startsWith("cryptography.")) {
        // `hashes.MD5()` is reported where it is created, also inside `hashes.Hash(hashes.MD5())`
        if (call.callee === CRYPTOGRAPHY_HASH) continue;
        digest = algorithmDigest(context, call.node);
      } else if (call.callee.startsWith("hashlib.") || call.methodName === "new") {
        digest = constructedDigest(context, call);
      }
      if (!digest || !BROKEN_DIGESTS.has(digest)) continue;
      if (isConstantFalse(context, call.keywords.get("usedforsecurity"))) continue;
      const hashCall = call.node.parent?.parent?.type === "call" ? callAt(context, call.node.parent.parent) : undefined;
      if (hashesPassword(context, call) || (hashCall && hashesPassword(context, hashCall))) continue;
      const name = displayName(digest);
      report({
        node: call.node,
        message: `${name} is a broken hash algorithm: collisions are practical, so it cannot protect integrity or identify untrusted data.`,
        fixHint: call.callee.startsWith("hashlib.")
          ? "Use hashlib.sha256 (or stronger); for a non-security checksum pass usedforsecurity=False."
          : "Use SHA-256 or stronger.",
        confidence: "high",
      });
    }
  },
  /md5|sha|md4|md2/i,
);
