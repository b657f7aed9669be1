import type { SyntaxNode } from "../../tree";
import type { CallSite, RuleContext } from "../../types";
import { ancestor, bindingNames, constantString, defineRule, identifierWords, replaceFix } from "./helpers";
import { needsUnpredictableValue } from "./secretNames";

/** Mersenne Twister functions of `random` (also on random.Random() instances) and numpy's legacy generator. */
const PREDICTABLE_FUNCTIONS = new Set([
  "random",
  "randint",
  "randrange",
  "choice",
  "choices",
  "sample",
  "shuffle",
  "getrandbits",
  "uniform",
  "randbytes",
  "bytes",
  "rand",
]);

const PREDICTABLE_GENERATORS = new Set([
  "random",
  "random.Random()",
  "numpy.random",
  "numpy.random.RandomState()",
  "numpy.random.default_rng()",
]);

/**
 * Words with which a function's docstring asks for a value nobody can guess ("Return an unpredictable random string",
 * "a random password"): the docstring is the specification the code was written from. Nouns that also name harmless
 * things (key, token, id) are left to the binding names.
 */
const UNPREDICTABLE_SPEC_WORDS = new Set([
  "unpredictable",
  "unguessable",
  "secure",
  "securely",
  "cryptographic",
  "cryptographically",
  "password",
  "passphrase",
  "secret",
  "nonce",
  "otp",
]);
/** `not secure`, `non-cryptographic`, `not cryptographically secure`: a word one or two after these is denied. */
const NEGATIONS = new Set(["not", "non", "no", "without"]);

/** The word of the enclosing function's docstring that asks for an unguessable value, if any. */
function specifiedUnpredictable(context: RuleContext, node: SyntaxNode): string | undefined {
  const body = ancestor(node, "function_definition")?.childForFieldName("body");
  const first = body?.namedChildren[0];
  const literal = first?.type === "expression_statement" ? first.namedChildren[0] : undefined;
  const docstring = literal?.type === "string" ? constantString(context, literal) : undefined;
  if (!docstring) return undefined;
  const words = identifierWords(docstring);
  const denied = (i: number) => NEGATIONS.has(words[i - 1] ?? "") || NEGATIONS.has(words[i - 2] ?? "");
  return words.find((word, i) => UNPREDICTABLE_SPEC_WORDS.has(word) && !denied(i));
}

function isPredictableRandom(call: CallSite): boolean {
  const owner = call.callee.slice(0, call.callee.length - call.methodName.length - 1);
  return PREDICTABLE_FUNCTIONS.has(call.methodName) && PREDICTABLE_GENERATORS.has(owner);
}

/** `random.choice(x)` → `random.SystemRandom().choice(x)`: same API, backed by os.urandom, no new import. */
function systemRandomFix(context: RuleContext, call: CallSite) {
  const fn = call.node.childForFieldName("function");
  const module = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
  if (call.callee !== `random.${call.methodName}` || module?.type !== "identifier") return undefined;
  return replaceFix(context, "Use random.SystemRandom() (os.urandom-backed)", module, `${module.text}.SystemRandom()`);
}

export const insecureRandomForSecrets = defineRule(
  {
    id: "insecure-random-for-secrets",
    category: "unsafe-default",
    subkind: "insecure-randomness",
    cwe: 338,
    severity: "medium",
    title: "Predictable random module used for a secret",
    description:
      "The random module (Mersenne Twister) is for simulations: after 624 outputs its state can be reconstructed and every past and future " +
      "value predicted, and seeds are often guessable. Generated password generators, reset tokens, OTPs, API keys and nonces built with " +
      "random.choice/randint can therefore be predicted. Use the secrets module (secrets.token_urlsafe(), secrets.choice(), " +
      "secrets.randbelow()) or random.SystemRandom().",
  },
  (context, report) => {
    for (const call of context.calls()) {
      if (!isPredictableRandom(call)) continue;
      // `next_token = random.choices(vocab, weights=probs)` samples a distribution; that is what random is for
      if (call.keywords.has("weights") || call.keywords.has("p")) continue;
      const secretName = bindingNames(context, call.node).find(needsUnpredictableValue);
      const specified = secretName ? undefined : specifiedUnpredictable(context, call.node);
      if (!secretName && !specified) continue;
      report({
        node: call.node,
        message: secretName
          ? `${call.callee}() is predictable but produces '${secretName}', which must be unguessable.`
          : `${call.callee}() is predictable, but the function's docstring asks for a value nobody can guess ('${specified}').`,
        fixHint: "Use the secrets module: secrets.token_urlsafe(32), secrets.choice(alphabet), secrets.randbelow(n).",
        confidence: secretName ? "high" : "medium",
        fix: systemRandomFix(context, call),
      });
    }
  },
  /random/,
);
