import type { FileHandle } from "node:fs/promises";

/**
 * A bounded walk over a GGUF header (magic, version, counts, metadata, tensor infos) that trusts no count or
 * length: node-llama-cpp's reader allocates whatever the file claims (a 3.9 GB string aborts the process, an
 * array of 2^62 items is a fatal V8 error), so this runs first and rejects any header it could not read cheaply.
 * It reads at most MAX_HEADER_BYTES and allocates nothing proportional to a claimed size.
 */

/** Real headers are a few MB (Phi-2's tokenizer: ~2 MB); 256k-token vocabularies stay under 16 MB. */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;
export const MAX_TENSOR_COUNT = 65_536;
export const MAX_METADATA_COUNT = 65_536;
/** A metadata string (a chat template, a license) or key; tokens are a few bytes each. */
export const MAX_STRING_BYTES = 16 * 1024 * 1024;
export const MAX_ARRAY_ITEMS = 16 * 1024 * 1024;
const MAX_TENSOR_DIMS = 4; // GGML_MAX_DIMS
const MAX_ARRAY_NESTING = 2;
const SUPPORTED_VERSIONS = new Set([2, 3]);

const enum ValueType {
  U8 = 0,
  I8,
  U16,
  I16,
  U32,
  I32,
  F32,
  Bool,
  String,
  Array,
  U64,
  I64,
  F64,
}
const FIXED_SIZE: Partial<Record<ValueType, number>> = {
  [ValueType.U8]: 1,
  [ValueType.I8]: 1,
  [ValueType.U16]: 2,
  [ValueType.I16]: 2,
  [ValueType.U32]: 4,
  [ValueType.I32]: 4,
  [ValueType.F32]: 4,
  [ValueType.Bool]: 1,
  [ValueType.U64]: 8,
  [ValueType.I64]: 8,
  [ValueType.F64]: 8,
};

/** Why a header was refused; the caller turns it into the "corrupt model" ModelError. */
export class GgufHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GgufHeaderError";
  }
}

/** Thrown inside the walk when the window read so far is too short; the caller reads more and walks again. */
class NeedMoreBytes extends Error {}

class BoundedCursor {
  private offset = 0;
  constructor(
    private readonly bytes: Buffer,
    /** The file's real length: a claim beyond it is corrupt, a read beyond `bytes` only needs a larger window. */
    private readonly fileSize: number,
  ) {}

  get position(): number {
    return this.offset;
  }

  private take(length: number, what: string): number {
    const start = this.offset;
    const end = start + length;
    if (end > this.fileSize)
      throw new GgufHeaderError(`${what} at byte ${start} runs past the end of the file (${this.fileSize} bytes)`);
    if (end > MAX_HEADER_BYTES) throw new GgufHeaderError(`the header is larger than ${MAX_HEADER_BYTES} bytes`);
    if (end > this.bytes.length) throw new NeedMoreBytes();
    this.offset = end;
    return start;
  }

  u32(what: string): number {
    return this.bytes.readUInt32LE(this.take(4, what));
  }

  /** A u64 as a number, refused above `max` before it is trusted for anything. */
  count(what: string, max: number): number {
    const value = this.bytes.readBigUInt64LE(this.take(8, what));
    if (value > BigInt(max)) throw new GgufHeaderError(`${what} claims ${value}, more than ${max}`);
    return Number(value);
  }

  skip(length: number, what: string): void {
    this.take(length, what);
  }

  string(what: string): void {
    const length = this.count(`${what} length`, MAX_STRING_BYTES);
    this.skip(length, what);
  }

  /** Bytes left in the file after the cursor: the most items any array can still hold. */
  get remaining(): number {
    return this.fileSize - this.offset;
  }
}

function walkValue(cursor: BoundedCursor, rawType: number, what: string, nesting: number): void {
  // The file's u32, read as a value type; anything outside the enum fails the checks below.
  const type = rawType as ValueType;
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined) return cursor.skip(fixed, what);
  if (type === ValueType.String) return cursor.string(what);
  if (type !== ValueType.Array) throw new GgufHeaderError(`${what} has an unknown value type ${type}`);
  if (nesting >= MAX_ARRAY_NESTING) throw new GgufHeaderError(`${what} nests arrays deeper than ${MAX_ARRAY_NESTING}`);
  const itemType = cursor.u32(`${what} item type`);
  const items = cursor.count(`${what} item count`, MAX_ARRAY_ITEMS);
  const itemFixed = FIXED_SIZE[itemType as ValueType];
  // Every item takes at least one byte (a string at least its 8-byte length), so the count is checked against the file.
  const minimumItemBytes = itemFixed ?? 8;
  if (items * minimumItemBytes > cursor.remaining)
    throw new GgufHeaderError(`${what} claims ${items} items, more than the file can hold`);
  if (itemFixed !== undefined) return cursor.skip(items * itemFixed, what);
  for (let i = 0; i < items; i++) walkValue(cursor, itemType, `${what}[${i}]`, nesting + 1);
}

/** Walks the whole header and returns its length in bytes (where the tensor data's alignment padding begins). */
function walkHeader(bytes: Buffer, fileSize: number): number {
  const cursor = new BoundedCursor(bytes, fileSize);
  cursor.skip(4, "magic");
  const version = cursor.u32("version");
  if (!SUPPORTED_VERSIONS.has(version)) throw new GgufHeaderError(`unsupported GGUF version ${version}`);
  const tensorCount = cursor.count("tensor count", MAX_TENSOR_COUNT);
  const metadataCount = cursor.count("metadata count", MAX_METADATA_COUNT);
  for (let i = 0; i < metadataCount; i++) {
    cursor.string(`metadata key ${i}`);
    walkValue(cursor, cursor.u32(`metadata value type ${i}`), `metadata value ${i}`, 0);
  }
  for (let i = 0; i < tensorCount; i++) {
    cursor.string(`tensor ${i} name`);
    const dims = cursor.u32(`tensor ${i} dimension count`);
    if (dims === 0 || dims > MAX_TENSOR_DIMS) throw new GgufHeaderError(`tensor ${i} has ${dims} dimensions`);
    for (let d = 0; d < dims; d++) cursor.count(`tensor ${i} dimension ${d}`, Number.MAX_SAFE_INTEGER);
    cursor.u32(`tensor ${i} type`);
    cursor.count(`tensor ${i} offset`, fileSize);
  }
  return cursor.position;
}

/**
 * Walks the header of the open GGUF file of `fileSize` bytes, reading a growing window (1 MiB, doubling up to
 * MAX_HEADER_BYTES), and throws GgufHeaderError for anything a reader could not handle in bounded time and memory.
 */
export async function checkGgufHeaderBounds(handle: FileHandle, fileSize: number): Promise<void> {
  let window = Math.min(fileSize, 1024 * 1024);
  for (;;) {
    const bytes = Buffer.alloc(window);
    const { bytesRead } = await handle.read(bytes, 0, window, 0);
    try {
      walkHeader(bytes.subarray(0, bytesRead), fileSize);
      return;
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      // The file is at least as long as the claims checked so far; read more (a short read means it shrank).
      if (bytesRead < window || window >= Math.min(fileSize, MAX_HEADER_BYTES))
        throw new GgufHeaderError("the header cannot be read to its end");
      window = Math.min(window * 2, fileSize, MAX_HEADER_BYTES);
    }
  }
}

/** The same walk over bytes in memory (the whole file), for tests and fuzzing; returns the header's length. */
export function checkGgufHeaderBytes(bytes: Buffer): number {
  try {
    return walkHeader(bytes, bytes.length);
  } catch (error) {
    if (error instanceof NeedMoreBytes) throw new GgufHeaderError("the header cannot be read to its end");
    throw error;
  }
}
