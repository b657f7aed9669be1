import * as assert from "node:assert/strict";
import { identifierWords } from "../../../../src/core/lint/rules/unsafeDefaults/helpers";
import {
  isSecretName,
  isSigningKeyName,
  needsUnpredictableValue,
} from "../../../../src/core/lint/rules/unsafeDefaults/secretNames";

describe("unsafe-default vocabulary", () => {
  it("splits snake_case, camelCase, SCREAMING_CASE and acronyms into words", () => {
    assert.deepEqual(identifierWords("apiKey"), ["api", "key"]);
    assert.deepEqual(identifierWords("DB_PASSWORD"), ["db", "password"]);
    assert.deepEqual(identifierWords("JWTSecretKey"), ["jwt", "secret", "key"]);
    assert.deepEqual(identifierWords("x-api-key"), ["x", "api", "key"]);
  });

  it("recognizes credential names in every spelling", () => {
    for (const name of [
      "password",
      "DB_PASSWORD",
      "userPwd",
      "db_pass",
      "api_key",
      "apiKey",
      "OPENAI_API_KEY",
      "client_secret",
      "authToken",
      "PRIVATE_KEY",
      "aws_secret_access_key",
      "passphrase",
    ]) {
      assert.ok(isSecretName(name), name);
    }
  });

  it("does not treat names about secrets, tokenizer vocabulary or plain keys as credentials", () => {
    for (const name of [
      "password_url",
      "token_expiry",
      "api_key_name",
      "max_tokens",
      "eos_token",
      "pad_token",
      "next_token",
      "key",
      "sort_key",
      "password_prompt",
      "PRIVATE_KEY_PATH",
      "passthrough",
      "tokenizer",
    ]) {
      assert.ok(!isSecretName(name), name);
    }
  });

  it("singles out signing keys, where any placeholder value is a working key", () => {
    for (const name of [
      "SECRET_KEY",
      "secret_key",
      "FLASK_SECRET_KEY",
      "JWT_SECRET",
      "jwtKey",
      "signing_key",
      "SESSION_SECRET",
    ])
      assert.ok(isSigningKeyName(name), name);
    for (const name of [
      "api_key",
      "password",
      "secret_name",
      "access_token",
      "STRIPE_SECRET_KEY",
      "AWS_SECRET_ACCESS_KEY",
      "APP_SECRET",
    ])
      assert.ok(!isSigningKeyName(name), name);
  });

  it("asks for unpredictability for nonces, salts, OTPs and reset codes but not for ordinary ids", () => {
    for (const name of [
      "nonce",
      "salt",
      "otp_code",
      "reset_code",
      "session_id",
      "generate_password",
      "csrf_token",
      "iv",
      "pin_code",
      "coupon_code",
    ])
      assert.ok(needsUnpredictableValue(name), name);
    for (const name of [
      "user_id",
      "request_id",
      "shuffle_rows",
      "sample_next_token",
      "pick_color",
      "code",
      "error_code",
      "led_pin_number",
    ])
      assert.ok(!needsUnpredictableValue(name), name);
  });
});
