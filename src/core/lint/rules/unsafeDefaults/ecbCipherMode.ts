import { defineRule, nameReferences } from "./helpers";

const CRYPTOGRAPHY_ECB = /^cryptography\.hazmat\.primitives\.ciphers\.modes\.ECB$/;
const PYCRYPTODOME_ECB = /^(Crypto|Cryptodome)\.Cipher\.\w+\.MODE_ECB$/;

export const ecbCipherMode = defineRule(
  {
    id: "ecb-cipher-mode",
    category: "unsafe-default",
    subkind: "weak-cipher-mode",
    cwe: 327,
    severity: "high",
    title: "Block cipher in ECB mode",
    description:
      "ECB encrypts each block independently, so equal plaintext blocks give equal ciphertext: structure leaks (the 'ECB penguin'), " +
      "blocks can be reordered or replayed, and there is no integrity. Even AES is unsafe in ECB. " +
      "Use an authenticated mode: AES-GCM (AESGCM in cryptography, AES.MODE_GCM in pycryptodome) with a fresh random nonce per message.",
  },
  (context, report) => {
    for (const { node, name } of nameReferences(context)) {
      if (!CRYPTOGRAPHY_ECB.test(name) && !PYCRYPTODOME_ECB.test(name)) continue;
      report({
        node,
        message: "ECB mode leaks plaintext patterns and provides no integrity.",
        fixHint: "Use AES-GCM with a random 12-byte nonce (cryptography's AESGCM, or AES.new(key, AES.MODE_GCM)).",
        confidence: "high",
      });
    }
  },
  /ECB/,
);
