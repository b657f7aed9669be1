import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { constantString, defineRule, isConstantFalse, replaceFix, type Report } from "./helpers";

const JWT_DECODERS = new Set(["jwt.decode", "jwt.api_jwt.decode", "jwt.PyJWT().decode", "jose.jwt.decode", "jwt.decode_complete"]);
const FIX_HINT = 'Verify the signature: jwt.decode(token, key, algorithms=["HS256"]) (or RS256 with the public key).';

/** `options={"verify_signature": False}`: the pair whose value switches verification off. */
function disabledSignatureOption(context: RuleContext, options: SyntaxNode | undefined): SyntaxNode | undefined {
  if (options?.type !== "dictionary") return undefined;
  const pair = options.descendantsOfType("pair").find((candidate) => constantString(context, candidate.childForFieldName("key") ?? undefined) === "verify_signature");
  const value = pair?.childForFieldName("value") ?? undefined;
  return value && isConstantFalse(context, value) ? value : undefined;
}

/** `algorithms=["none"]` accepts unsigned tokens. */
function noneAlgorithm(context: RuleContext, algorithms: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!algorithms) return undefined;
  const candidates = algorithms.type === "list" || algorithms.type === "tuple" ? algorithms.namedChildren : [algorithms];
  return candidates.find((candidate) => constantString(context, candidate)?.toLowerCase() === "none");
}

export const jwtVerificationDisabled = defineRule(
  {
    id: "jwt-verification-disabled",
    category: "unsafe-default",
    subkind: "signature-verification-disabled",
    cwe: 347,
    severity: "high",
    title: "JWT decoded without verifying its signature",
    description:
      "jwt.decode(token, options={'verify_signature': False}) (or verify=False in PyJWT 1.x, or accepting the 'none' algorithm) returns " +
      "whatever claims the client wrote: anyone can mint a token saying {'sub': 'admin'}. Generated code does this to get past " +
      "'Signature verification failed' errors. Always pass the key and an explicit algorithms list; read unverified headers only " +
      "to pick the key (jwt.get_unverified_header), never to authorize.",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!JWT_DECODERS.has(call.callee)) continue;
      const found = (node: SyntaxNode, message: string, fixTo?: string): Report => ({
        node,
        message,
        fixHint: FIX_HINT,
        confidence: "high",
        fix: fixTo ? replaceFix(context, "Verify the signature", node, fixTo) : undefined,
      });
      const verify = call.keywords.get("verify");
      if (verify && isConstantFalse(context, verify)) report(found(verify, `${call.callee}(verify=False) accepts tokens with any signature.`, "True"));
      const option = disabledSignatureOption(context, call.keywords.get("options"));
      if (option) report(found(option, `${call.callee}() with verify_signature=False trusts forged tokens.`, "True"));
      const none = noneAlgorithm(context, call.keywords.get("algorithms"));
      if (none) report(found(none, `${call.callee}() accepts the "none" algorithm, i.e. unsigned tokens.`));
    }
  },
  /jwt/,
);
