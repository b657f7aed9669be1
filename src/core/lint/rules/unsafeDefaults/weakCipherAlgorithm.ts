import type { CallSite, RuleContext } from "../../types";
import { defineRule, isNotImportedInView } from "./helpers";

/** Block/stream ciphers with small blocks or keys, or known breaks (Sweet32, RC4 biases). */
const WEAK_CIPHERS = [
  "DES",
  "DES3",
  "TripleDES",
  "ARC2",
  "RC2",
  "ARC4",
  "RC4",
  "Blowfish",
  "CAST",
  "CAST5",
  "IDEA",
  "SEED",
  "XOR",
];
const WEAK_CIPHER_NAMES: ReadonlySet<string> = new Set(WEAK_CIPHERS);
/** pycryptodome/pycrypto `Crypto.Cipher.DES.new`, cryptography `algorithms.TripleDES` (also under hazmat.decrepit), pyDes. */
const WEAK_CIPHER_CALLEE = new RegExp(
  `^(?:(?:Crypto|Cryptodome)\\.Cipher\\.(${WEAK_CIPHERS.join("|")})\\.new|cryptography\\.hazmat\\.(?:primitives|decrepit)\\.ciphers\\.algorithms\\.(${WEAK_CIPHERS.join("|")})|pyDes\\.(des|triple_des))$`,
);

/**
 * `DES3.new(key, DES3.MODE_CFB, iv)` with no import of DES3 in view (a function shown without its module, a suggestion
 * that left the import out): named as PyCryptodome's cipher modules are, and built as they are, it is most likely one.
 */
function unimportedCipherModule(context: RuleContext, call: CallSite): string | undefined {
  return call.methodName === "new" && isNotImportedInView(context, call.receiver, WEAK_CIPHER_NAMES)
    ? call.receiver.text
    : undefined;
}

export const weakCipherAlgorithm = defineRule(
  {
    id: "weak-cipher-algorithm",
    category: "unsafe-default",
    subkind: "weak-cipher",
    cwe: 327,
    severity: "high",
    title: "Weak or broken cipher (DES, 3DES, RC4, Blowfish, RC2...)",
    description:
      "DES keys are brute-forced in hours; 3DES and Blowfish have 64-bit blocks (Sweet32 recovers plaintext after a few GB); RC4 and RC2 " +
      "have exploitable biases. Models reproduce them from old tutorials. Use authenticated encryption: AES-GCM or ChaCha20-Poly1305 " +
      "(cryptography's AESGCM/ChaCha20Poly1305), or Fernet for simple secret storage.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const match = WEAK_CIPHER_CALLEE.exec(call.callee);
      const unimported = match ? undefined : unimportedCipherModule(context, call);
      const cipher = match ? (match[1] ?? match[2] ?? match[3]) : unimported;
      if (!cipher) continue;
      report({
        node: call.node,
        message: match
          ? `${cipher} is a weak cipher; data encrypted with it can be recovered.`
          : `${cipher}.new(), not imported in view, is most likely PyCryptodome's ${cipher}: a weak cipher.`,
        fixHint:
          "Use AES-GCM or ChaCha20-Poly1305 (cryptography.hazmat.primitives.ciphers.aead), or cryptography.fernet.Fernet.",
        confidence: match ? "high" : "medium",
      });
    }
  },
  /DES|ARC|RC[24]|Blowfish|CAST|IDEA|SEED|XOR|des/,
);
