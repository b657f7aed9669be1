import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { argument, constantNumber, defineRule, isNotImportedInView, replaceFix } from "./helpers";

const MIN_RSA_DSA_BITS = 2048;
/** Curves below 224 bits that cryptography still offers. */
const WEAK_CURVES = /\.(SECP192R1|SECT163K1|SECT163R2)$/;

/** Where each key generator takes its size: [position, keyword]. */
const KEY_SIZE_ARGUMENT = new Map<string, [number, string]>([
  ["cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key", [1, "key_size"]],
  ["cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key", [0, "key_size"]],
  ["cryptography.hazmat.primitives.asymmetric.dsa.generate_parameters", [0, "key_size"]],
  ["Crypto.PublicKey.RSA.generate", [0, "bits"]],
  ["Crypto.PublicKey.DSA.generate", [0, "bits"]],
  ["Cryptodome.PublicKey.RSA.generate", [0, "bits"]],
  ["Cryptodome.PublicKey.DSA.generate", [0, "bits"]],
  ["paramiko.RSAKey.generate", [0, "bits"]],
  ["paramiko.DSSKey.generate", [0, "bits"]],
  ["rsa.newkeys", [0, "nbits"]],
]);

/** PyCryptodome's key modules, by the name code calls them with (`RSA.generate(1024)`). */
const PYCRYPTODOME_KEY_MODULES = new Set(["RSA", "DSA"]);

/**
 * Where the call takes its key size, and whether the generator is inferred: `RSA.generate(1024)` with no import of RSA
 * in view (a function shown without its module) is most likely PyCryptodome's.
 */
function keySizeNode(context: RuleContext, call: CallSite): { node: SyntaxNode; inferred: boolean } | undefined {
  const where = KEY_SIZE_ARGUMENT.get(call.callee);
  const known = where ? argument(call, where[0], where[1]) : undefined;
  if (known) return { node: known, inferred: false };
  if (call.methodName !== "generate" || !isNotImportedInView(context, call.receiver, PYCRYPTODOME_KEY_MODULES))
    return undefined;
  const size = argument(call, 0, "bits");
  return size ? { node: size, inferred: true } : undefined;
}

export const weakCryptoKeySize = defineRule(
  {
    id: "weak-crypto-key-size",
    category: "unsafe-default",
    subkind: "weak-key-size",
    cwe: 326,
    severity: "high",
    title: "RSA/DSA key below 2048 bits or EC curve below 224 bits",
    description:
      "1024-bit RSA/DSA keys are within reach of well-funded attackers and 512-bit keys are factored in hours on rented hardware; " +
      "NIST disallows anything under 2048 bits (and EC curves under 224 bits) for new keys. Generated examples often copy 1024 from old docs. " +
      "Use at least 2048-bit RSA (3072 for long-lived keys), or Ed25519 / SECP256R1.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      const size = keySizeNode(context, call);
      const sizeNode = size?.node;
      const bits = constantNumber(context, sizeNode);
      if (size && sizeNode && bits !== undefined && bits < MIN_RSA_DSA_BITS) {
        report({
          node: sizeNode,
          message: `${bits}-bit key from ${call.callee}()${size.inferred ? " (taken as PyCryptodome's, not imported in view)" : ""}: below the 2048-bit minimum, it can be factored.`,
          fixHint: "Use key_size=2048 or larger (3072 for keys that must stay safe past 2030), or switch to Ed25519.",
          confidence: size.inferred ? "medium" : "high",
          severity: bits <= 1024 ? "high" : "medium",
          fix: sizeNode.type === "integer" ? replaceFix(context, "Use a 2048-bit key", sizeNode, "2048") : undefined,
        });
      }
      if (call.callee === "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key") {
        const curve = argument(call, 0, "curve");
        const curveName = curve
          ? context.qualifiedName(curve.type === "call" ? (curve.childForFieldName("function") ?? curve) : curve)
          : undefined;
        const weak = curveName ? WEAK_CURVES.exec(curveName) : null;
        if (curve && weak) {
          const curveFunction = curve.type === "call" ? curve.childForFieldName("function") : curve;
          report({
            node: curve,
            message: `${weak[1]} is a curve below 224 bits; its keys are too weak.`,
            fixHint: "Use ec.SECP256R1() or Ed25519.",
            confidence: "high",
            fix:
              curveFunction?.type === "attribute"
                ? replaceFix(context, "Use SECP256R1", curveFunction, curveFunction.text.replace(/\w+$/, "SECP256R1"))
                : undefined,
          });
        }
      }
    }
  },
  /generate|newkeys/,
);
