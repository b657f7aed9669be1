import type { SyntaxNode } from "../../tree";
import { identifierWords, identifiersIn } from "./helpers";

/**
 * Which identifiers, dict keys and keyword names hold credentials. Shared by hardcoded-secret,
 * insecure-random-for-secrets and secret-logged so the three agree on what a secret is.
 */

/** Words that name a password (`user_pwd`, `hashedPassword`, `passphrase`). */
const PASSWORD_WORDS = new Set(["password", "passwords", "passwd", "pwd", "pw", "pass", "passphrase"]);
const SECRET_WORDS = new Set([
  ...PASSWORD_WORDS,
  "secret",
  "secrets",
  "token",
  "apikey",
  "credential",
  "credentials",
  "privatekey",
]);
/** `<qualifier> key` pairs that name a secret key (`api_key`, `PRIVATE_KEY`, `signingKey`). */
const SECRET_KEY_QUALIFIERS = new Set([
  "api",
  "private",
  "secret",
  "access",
  "signing",
  "encryption",
  "auth",
  "master",
  "session",
  "jwt",
  "hmac",
  "client",
  "app",
  "license",
]);
/** Names about a secret rather than the secret: `password_url`, `token_expiry`, `api_key_name`, `max_tokens`. */
const DESCRIBES_A_SECRET = new Set([
  "url",
  "uri",
  "endpoint",
  "host",
  "path",
  "file",
  "filename",
  "dir",
  "name",
  "id",
  "type",
  "kind",
  "header",
  "length",
  "len",
  "min",
  "max",
  "size",
  "count",
  "num",
  "limit",
  "regex",
  "pattern",
  "prompt",
  "label",
  "text",
  "message",
  "msg",
  "hint",
  "placeholder",
  "help",
  "error",
  "field",
  "column",
  "param",
  "policy",
  "template",
  "expiry",
  "expires",
  "expiration",
  "ttl",
  "timeout",
  "lifetime",
  "age",
  "env",
  "var",
  "format",
  "fmt",
  "encoding",
  "algorithm",
  "alg",
  "prefix",
  "scheme",
  "mode",
  "location",
  "hash",
  "hashed",
  "digest",
  "validator",
  "validators",
  "strength",
  "rule",
  "input",
  "widget",
  "form",
  "required",
  "usage",
  "index",
  "attr",
]);
/** Tokenizer vocabulary and sampling (`eos_token = "</s>"`, `next_token`) is everywhere in ML code and never a credential. */
const TOKENIZER_WORDS = new Set([
  "eos",
  "bos",
  "pad",
  "unk",
  "sep",
  "mask",
  "cls",
  "special",
  "start",
  "end",
  "stop",
  "vocab",
  "tokenizer",
  "next",
  "prev",
  "sampled",
  "predicted",
  "logits",
]);

function hasSecretKeyPair(words: string[]): boolean {
  return words.some((word, i) => word === "key" && i > 0 && SECRET_KEY_QUALIFIERS.has(words[i - 1] ?? ""));
}

/** Whether a name (`DB_PASSWORD`, `apiKey`, `client_secret`, `auth_token`) denotes a credential value. */
export function isSecretName(name: string): boolean {
  const words = identifierWords(name);
  if (words.some((word) => DESCRIBES_A_SECRET.has(word) || TOKENIZER_WORDS.has(word))) return false;
  return words.some((word) => SECRET_WORDS.has(word)) || hasSecretKeyPair(words);
}

/** Words that only say whose or what kind of signing secret it is (`FLASK_SECRET_KEY`, `JWT_SECRET`). */
const SIGNING_QUALIFIERS = new Set([
  "app",
  "flask",
  "django",
  "jwt",
  "session",
  "cookie",
  "signing",
  "hmac",
  "csrf",
  "wtf",
  "auth",
  "token",
]);
/** Qualifiers that make a bare "secret"/"key" a signing key (`JWT_SECRET`, `signing_key`), unlike `APP_SECRET` of an OAuth app. */
const SIGNING_USES = new Set(["jwt", "session", "cookie", "signing", "hmac", "csrf", "auth", "token"]);

/**
 * Keys used to sign sessions/tokens (`SECRET_KEY`, `JWT_SECRET`, `signing_key`): unlike an API key, any value
 * works, so even a placeholder such as "your-secret-key" is a usable, publicly known key. Provider secrets
 * (`STRIPE_SECRET_KEY`, `AWS_SECRET_ACCESS_KEY`) are credentials, not signing keys.
 */
export function isSigningKeyName(name: string): boolean {
  const words = identifierWords(name);
  const core = words.filter((word) => !SIGNING_QUALIFIERS.has(word)).join("_");
  if (core === "secret_key") return true;
  return (core === "secret" || core === "key" || core === "secret_key") && words.some((word) => SIGNING_USES.has(word));
}

/** Values that must be unpredictable even though they are not credentials themselves. */
const UNPREDICTABLE_WORDS = new Set(["nonce", "salt", "otp", "csrf", "iv", "sessionid", "totp", "hotp", "passcode"]);
/** `<qualifier> code`/`id` pairs that work as one-time secrets (`reset_code`, `session_id`). */
const ONE_TIME_CODE_QUALIFIERS = new Set([
  "verification",
  "reset",
  "auth",
  "confirmation",
  "activation",
  "otp",
  "mfa",
  "session",
  "invite",
  "recovery",
  "access",
  "coupon",
  "voucher",
  "promo",
  "pin",
]);

/** Names of values an attacker must not be able to predict: credentials plus nonces, salts, OTPs, reset codes, session ids. */
export function needsUnpredictableValue(name: string): boolean {
  if (isSecretName(name) || isSigningKeyName(name)) return true;
  const words = identifierWords(name);
  if (words.some((word) => TOKENIZER_WORDS.has(word))) return false;
  return (
    words.some((word) => UNPREDICTABLE_WORDS.has(word)) ||
    words.some(
      (word, i) => (word === "code" || word === "id") && i > 0 && ONE_TIME_CODE_QUALIFIERS.has(words[i - 1] ?? ""),
    )
  );
}

export function namesPassword(name: string): boolean {
  return identifierWords(name).some((word) => PASSWORD_WORDS.has(word));
}

/** Whether any identifier in the expression names a password (`password.encode()`, `f"{salt}{user.pwd}"`). */
export function mentionsPassword(node: SyntaxNode): boolean {
  return identifiersIn(node).some((identifier) => namesPassword(identifier.text));
}
