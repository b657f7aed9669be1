import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { constantString, defineRule, isConstantFalse, replaceFix, type Report } from "./helpers";

const JWT_DECODERS = new Set([
  "jwt.decode",
  "jwt.api_jwt.decode",
  "jwt.PyJWT().decode",
  "jose.jwt.decode",
  "jwt.decode_complete",
]);
const JWT_ENCODERS = new Set(["jwt.encode", "jwt.api_jwt.encode", "jwt.PyJWT().encode", "jose.jwt.encode"]);
const FIX_HINT = 'Verify the signature: jwt.decode(token, key, algorithms=["HS256"]) (or RS256 with the public key).';

/** `options={"verify_signature": False}`: the pair whose value switches verification off. */
function disabledSignatureOption(context: RuleContext, options: SyntaxNode | undefined): SyntaxNode | undefined {
  // `options=opts` with `opts = {"verify_signature": False}` bound before the call
  const dictionaries = options ? context.possibleValues(options) : undefined;
  if (!dictionaries || dictionaries.length !== 1 || dictionaries[0].type !== "dictionary") return undefined;
  const pair = dictionaries[0]
    .descendantsOfType("pair")
    .find(
      (candidate) => constantString(context, candidate.childForFieldName("key") ?? undefined) === "verify_signature",
    );
  const value = pair?.childForFieldName("value") ?? undefined;
  return value && isConstantFalse(context, value) ? value : undefined;
}

/** `algorithms=["none"]` accepts unsigned tokens. */
function noneAlgorithm(context: RuleContext, algorithms: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!algorithms) return undefined;
  const candidates =
    algorithms.type === "list" || algorithms.type === "tuple" ? algorithms.namedChildren : [algorithms];
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
      if (JWT_ENCODERS.has(call.callee)) {
        // `algorithm="none"` issues unsigned tokens, which only a verifier that accepts "none" takes
        const algorithm = call.keywords.get("algorithm");
        if (algorithm && constantString(context, algorithm)?.toLowerCase() === "none") {
          report({
            node: algorithm,
            message: `${call.callee}(algorithm="none") issues unsigned tokens that anyone can forge.`,
            fixHint: 'Sign tokens: algorithm="HS256" with a secret key (or RS256 with a private key).',
            confidence: "high",
          });
        }
        continue;
      }
      if (!JWT_DECODERS.has(call.callee)) continue;
      const found = (node: SyntaxNode, message: string, fixTo?: string): Report => ({
        node,
        message,
        fixHint: FIX_HINT,
        confidence: "high",
        fix: fixTo ? replaceFix(context, "Verify the signature", node, fixTo) : undefined,
      });
      const verify = call.keywords.get("verify");
      if (verify && isConstantFalse(context, verify))
        report(found(verify, `${call.callee}(verify=False) accepts tokens with any signature.`, "True"));
      const options = call.keywords.get("options");
      const option = disabledSignatureOption(context, options);
      // a dict written elsewhere (`options=skip`) is reported at the call, without a fix
      const inline =
        option && options && options.startIndex <= option.startIndex && option.endIndex <= options.endIndex;
      if (option && options)
        report(
          found(
            inline ? option : options,
            `${call.callee}() with verify_signature=False trusts forged tokens.`,
            inline ? "True" : undefined,
          ),
        );
      const none = noneAlgorithm(context, call.keywords.get("algorithms"));
      if (none) report(found(none, `${call.callee}() accepts the "none" algorithm, i.e. unsigned tokens.`));
    }
  },
  /jwt/,
);
