import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkGgufHeaderBytes, GgufHeaderError } from "../../../src/core/model/ggufHeaderBounds";
import { validateModelFile } from "../../../src/core/model/ggufValidation";
import { isModelError } from "../../../src/core/model/modelErrors";
import { type MetadataValue, type TensorSpec, TensorType, writeGguf } from "../../../scripts/fixture-models/ggufWriter";
import { fixtureModel } from "../../support/fixtureModels";

/** A GGUF v3 header builder for crafted files (counts and lengths written as claimed, not as true). */
class Header {
  private readonly parts: Buffer[] = [Buffer.from("GGUF", "latin1")];
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    this.parts.push(b);
    return this;
  }
  str(s: string): this {
    return this.u64(BigInt(Buffer.byteLength(s))).raw(Buffer.from(s));
  }
  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const STRING = 8;
const ARRAY = 9;
const start = (tensors: bigint, keys: bigint) => new Header().u32(3).u64(tensors).u64(keys);

/** The crafted headers of the review: each would abort, exhaust or stall node-llama-cpp's reader. */
const crafted: Record<string, Buffer> = {
  "key claiming a 3.9 GB string": start(0n, 1n).u64(3_900_000_000n).raw(Buffer.from("general")).bytes(),
  "value claiming a 1 GB string": start(0n, 1n)
    .str("general.architecture")
    .u32(STRING)
    .u64(1n << 30n)
    .raw(Buffer.from("phi2"))
    .bytes(),
  "array claiming 2^62 items": start(0n, 1n)
    .str("tokenizer.ggml.tokens")
    .u32(ARRAY)
    .u32(STRING)
    .u64(1n << 62n)
    .bytes(),
  "array of u8 claiming more bytes than the file": start(0n, 1n).str("a").u32(ARRAY).u32(0).u64(1000n).bytes(),
  "2^40 tensors": start(1n << 40n, 0n).bytes(),
  "2^40 metadata keys": start(0n, 1n << 40n).bytes(),
  "unknown value type": start(0n, 1n).str("a").u32(13).bytes(),
  "array of arrays of arrays": start(0n, 1n)
    .str("a")
    .u32(ARRAY)
    .u32(ARRAY)
    .u64(1n)
    .u32(ARRAY)
    .u64(1n)
    .u32(0)
    .u64(1n)
    .raw(Buffer.alloc(1))
    .bytes(),
  "version 7": new Header().u32(7).u64(0n).u64(0n).bytes(),
  "tensor with 9 dimensions": start(1n, 0n).str("t").u32(9).bytes(),
  "tensor offset past the end": start(1n, 0n)
    .str("t")
    .u32(1)
    .u64(4n)
    .u32(0)
    .u64(1n << 40n)
    .bytes(),
};

describe("GGUF header bounds (before node-llama-cpp reads the file)", function () {
  this.timeout(120_000);
  let directory: string;
  let real: Buffer;
  before(() => {
    real = fs.readFileSync(fixtureModel("sumBody"));
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-gguf-bounds-"));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("accepts the real fixture model", async () => {
    checkGgufHeaderBytes(real);
    const file = fixtureModel("sumBody");
    assert.equal((await validateModelFile(file)).architecture, "phi2");
  });

  for (const [name, bytes] of Object.entries(crafted)) {
    it(`answers a crafted file (${name}) with the corrupt-model ModelError`, async () => {
      assert.throws(() => checkGgufHeaderBytes(bytes), GgufHeaderError);
      const file = path.join(directory, "crafted.gguf");
      fs.writeFileSync(file, bytes);
      await assert.rejects(
        validateModelFile(file),
        (error: unknown) =>
          isModelError(error) && error.problem === "truncated" && /header is corrupt/.test(error.message),
      );
    });
  }

  /**
   * A complete GGUF written by the fixture writer with every kind of header field (strings, string and i32 arrays,
   * scalars, tensor infos) but a 300-token vocabulary, so that cutting it at every byte stays cheap: the real
   * fixture's 2 MB header would need one walk per byte.
   */
  function smallModel(): Buffer {
    const file = path.join(directory, "small.gguf");
    const tokens = Array.from({ length: 300 }, (_, i) => `tok${i}`);
    const metadata = new Map<string, MetadataValue>([
      ["general.architecture", { type: "string", value: "phi2" }],
      ["phi2.context_length", { type: "u32", value: 2048 }],
      ["phi2.attention.layer_norm_epsilon", { type: "f32", value: 1e-5 }],
      ["tokenizer.ggml.add_bos_token", { type: "bool", value: false }],
      ["tokenizer.ggml.tokens", { type: "string[]", value: tokens }],
      ["tokenizer.ggml.token_type", { type: "i32[]", value: tokens.map(() => 1) }],
      ["tokenizer.ggml.merges", { type: "string[]", value: tokens.slice(0, 50).map((token) => `${token} x`) }],
    ]);
    const tensor = (name: string, shape: number[]): TensorSpec => ({
      name,
      shape,
      type: TensorType.F32,
      write: (sink) => sink(new Uint8Array(shape.reduce((a, b) => a * b, 1) * 4)),
    });
    writeGguf(file, metadata, [
      tensor("token_embd.weight", [32, 300]),
      tensor("output_norm.weight", [32]),
      tensor("output.weight", [32, 300]),
    ]);
    return fs.readFileSync(file);
  }

  it("refuses a real header truncated at every byte, without a crash or a hang", () => {
    const small = smallModel();
    const end = checkGgufHeaderBytes(small);
    assert.ok(end > 3000, `header of ${end} bytes`);
    for (let cut = 0; cut < end; cut++) {
      assert.throws(() => checkGgufHeaderBytes(small.subarray(0, cut)), GgufHeaderError, `cut at ${cut}`);
    }
    // The fixture model's own 2 MB header, at 200 evenly spaced cuts.
    const realEnd = checkGgufHeaderBytes(real);
    for (let i = 0; i < 200; i++) {
      const cut = Math.floor((realEnd * i) / 200);
      assert.throws(() => checkGgufHeaderBytes(real.subarray(0, cut)), GgufHeaderError, `fixture cut at ${cut}`);
    }
  });

  it("survives seeded random mutations of a real header (counts, lengths, types)", () => {
    const small = smallModel();
    const end = checkGgufHeaderBytes(small);
    let seed = 0x5eed;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let refused = 0;
    for (let round = 0; round < 5000; round++) {
      const mutated = Buffer.from(small);
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++) {
        const at = Math.floor(random() * end);
        mutated[at] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
      }
      try {
        checkGgufHeaderBytes(mutated);
      } catch (error) {
        assert.ok(error instanceof GgufHeaderError, `round ${round}: ${String(error)}`);
        refused++;
      }
    }
    assert.ok(refused > 0);
  });
});
