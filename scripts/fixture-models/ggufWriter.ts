import * as fs from "node:fs";

/** GGUF value types (gguf.h). */
const enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

/** ggml tensor types used by the fixtures. */
export const enum TensorType {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
}

export type MetadataValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: readonly string[] }
  | { type: "i32[]"; value: ArrayLike<number> };

export interface TensorSpec {
  name: string;
  /** ggml order: ne[0] is the row length (fastest-varying). */
  shape: number[];
  type: TensorType;
  /** Writes the tensor's bytes; called once, in file order, with the exact byte size expected. */
  write(sink: (chunk: Uint8Array) => void): void;
}

const ALIGNMENT = 32;
const BLOCK = 32;

export function tensorByteSize(shape: readonly number[], type: TensorType): number {
  const elements = shape.reduce((a, b) => a * b, 1);
  switch (type) {
    case TensorType.F32:
      return elements * 4;
    case TensorType.F16:
      return elements * 2;
    case TensorType.Q4_0:
      return (elements / BLOCK) * 18;
    case TensorType.Q8_0:
      return (elements / BLOCK) * 34;
  }
}

class ByteBuilder {
  private chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeMetadataValue(out: ByteBuilder, meta: MetadataValue): void {
  switch (meta.type) {
    case "u32":
      out.u32(ValueType.Uint32);
      out.u32(meta.value);
      return;
    case "i32":
      out.u32(ValueType.Int32);
      out.i32(meta.value);
      return;
    case "f32":
      out.u32(ValueType.Float32);
      out.f32(meta.value);
      return;
    case "bool":
      out.u32(ValueType.Bool);
      out.push(Buffer.from([meta.value ? 1 : 0]));
      return;
    case "string":
      out.u32(ValueType.String);
      out.string(meta.value);
      return;
    case "string[]":
      out.u32(ValueType.Array);
      out.u32(ValueType.String);
      out.u64(meta.value.length);
      for (const item of meta.value) out.string(item);
      return;
    case "i32[]":
      out.u32(ValueType.Array);
      out.u32(ValueType.Int32);
      out.u64(meta.value.length);
      for (let i = 0; i < meta.value.length; i++) out.i32(meta.value[i]);
      return;
  }
}

const padding = (offset: number): number => (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;

/** Writes a GGUF v3 file: header, metadata, tensor infos, then each tensor's data aligned to 32 bytes. */
export function writeGguf(
  filePath: string,
  metadata: ReadonlyMap<string, MetadataValue>,
  tensors: readonly TensorSpec[],
): void {
  const header = new ByteBuilder();
  header.push(Buffer.from("GGUF", "ascii"));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(metadata.size);
  for (const [key, value] of metadata) {
    header.string(key);
    writeMetadataValue(header, value);
  }
  let dataOffset = 0;
  for (const tensor of tensors) {
    if (tensor.type !== TensorType.F32 && tensor.type !== TensorType.F16 && tensor.shape[0] % BLOCK !== 0) {
      throw new Error(`${tensor.name}: quantized rows need ne0 % ${BLOCK} == 0`);
    }
    header.string(tensor.name);
    header.u32(tensor.shape.length);
    for (const dim of tensor.shape) header.u64(dim);
    header.u32(tensor.type);
    header.u64(dataOffset);
    dataOffset += tensorByteSize(tensor.shape, tensor.type);
    dataOffset += padding(dataOffset);
  }
  header.push(Buffer.alloc(padding(header.length)));

  const temporaryPath = `${filePath}.partial`;
  const fd = fs.openSync(temporaryPath, "w");
  try {
    fs.writeSync(fd, header.toBuffer());
    for (const tensor of tensors) {
      const expected = tensorByteSize(tensor.shape, tensor.type);
      let written = 0;
      tensor.write((chunk) => {
        fs.writeSync(fd, chunk);
        written += chunk.length;
      });
      if (written !== expected) throw new Error(`${tensor.name}: wrote ${written} bytes, expected ${expected}`);
      fs.writeSync(fd, Buffer.alloc(padding(written)));
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporaryPath, filePath);
}

/** IEEE half-precision bits of a float (round to nearest; enough for scales). */
export function float16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // flush tiny values to zero
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | Math.round(mantissa / 8192);
}

/** Q8_0-encodes rows of f32 values (row length a multiple of 32). */
export function quantizeQ8_0(values: Float32Array): Buffer {
  const blocks = values.length / BLOCK;
  const out = Buffer.alloc(blocks * 34);
  for (let b = 0; b < blocks; b++) {
    let maxAbs = 0;
    for (let i = 0; i < BLOCK; i++) maxAbs = Math.max(maxAbs, Math.abs(values[b * BLOCK + i]));
    const scale = maxAbs / 127;
    out.writeUInt16LE(float16Bits(scale), b * 34);
    for (let i = 0; i < BLOCK; i++) {
      const q = scale === 0 ? 0 : Math.round(values[b * BLOCK + i] / scale);
      out.writeInt8(Math.max(-127, Math.min(127, q)), b * 34 + 2 + i);
    }
  }
  return out;
}
