import * as assert from "node:assert/strict";
import * as os from "node:os";

/** A valid fixture whose phi2.context_length says 2^32-1 tokens, so any context size is allowed by the file. */
export function withHugeContextLength(valid: Buffer): Buffer {
  const key = Buffer.from("phi2.context_length", "latin1");
  const at = valid.indexOf(key);
  assert.ok(at > 0, "fixture has phi2.context_length");
  const patched = Buffer.from(valid);
  assert.equal(patched.readUInt32LE(at + key.length), 4, "stored as u32");
  patched.writeUInt32LE(0xffff_ffff, at + key.length + 4);
  return patched;
}

/**
 * A context size whose memory node-llama-cpp estimates at over twice this machine's RAM for the scripted fixtures
 * (~1.3 KB per token), the smallest such power of two: its check then fails in seconds, where a far larger context
 * makes its simulation run into llama.cpp's allocator for minutes.
 */
export function contextBeyondRam(): number {
  return 2 ** Math.ceil(Math.log2((2 * os.totalmem()) / 1024));
}
