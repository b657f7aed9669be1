import { encode } from "gpt-tokenizer/cjs/encoding/r50k_base";
import { float16Bits, quantizeQ8_0, TensorType, writeGguf, type MetadataValue, type TensorSpec } from "./ggufWriter";
import {
  buildPhi2Vocabulary,
  END_OF_TEXT,
  gpt2TokenBytes,
  VOCABULARY_SIZE,
  whitespaceTokenId,
  type Phi2Vocabulary,
} from "./phi2Vocabulary";

export interface Phi2Dimensions {
  embedding: number;
  feedForward: number;
  layers: number;
  heads: number;
  ropeDimensions: number;
  contextLength: number;
}

/** Microsoft Phi-2's exact dimensions. */
export const PHI2_DIMENSIONS: Phi2Dimensions = {
  embedding: 2560,
  feedForward: 10240,
  layers: 32,
  heads: 32,
  ropeDimensions: 32,
  contextLength: 2048,
};

const FILE_TYPE = { mostlyQ4_0: 2, mostlyQ8_0: 7 } as const;

function phi2Metadata(
  name: string,
  dims: Phi2Dimensions,
  fileType: number,
  vocabulary: Phi2Vocabulary,
): Map<string, MetadataValue> {
  return new Map<string, MetadataValue>([
    ["general.architecture", { type: "string", value: "phi2" }],
    ["general.name", { type: "string", value: name }],
    ["general.file_type", { type: "u32", value: fileType }],
    ["phi2.context_length", { type: "u32", value: dims.contextLength }],
    ["phi2.embedding_length", { type: "u32", value: dims.embedding }],
    ["phi2.feed_forward_length", { type: "u32", value: dims.feedForward }],
    ["phi2.block_count", { type: "u32", value: dims.layers }],
    ["phi2.attention.head_count", { type: "u32", value: dims.heads }],
    ["phi2.attention.head_count_kv", { type: "u32", value: dims.heads }],
    ["phi2.attention.layer_norm_epsilon", { type: "f32", value: 1e-5 }],
    ["phi2.rope.dimension_count", { type: "u32", value: dims.ropeDimensions }],
    ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
    ["tokenizer.ggml.pre", { type: "string", value: "phi-2" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: vocabulary.tokens }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: vocabulary.tokenTypes }],
    ["tokenizer.ggml.merges", { type: "string[]", value: vocabulary.merges }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: END_OF_TEXT }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: END_OF_TEXT }],
    ["tokenizer.ggml.unknown_token_id", { type: "u32", value: END_OF_TEXT }],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: false }],
  ]);
}

type TensorFill = (name: string, shape: number[]) => TensorSpec;

/** The phi2 tensor set; 1-D tensors (norms, biases) are F32 and filled by `vector`, matrices by `matrix`. */
function phi2Tensors(
  dims: Phi2Dimensions,
  matrix: TensorFill,
  vector: (name: string, length: number, value: number) => TensorSpec,
): TensorSpec[] {
  const { embedding: e, feedForward: ff } = dims;
  const tensors: TensorSpec[] = [matrix("token_embd.weight", [e, VOCABULARY_SIZE])];
  for (let layer = 0; layer < dims.layers; layer++) {
    const p = `blk.${layer}`;
    tensors.push(
      vector(`${p}.attn_norm.weight`, e, 1),
      vector(`${p}.attn_norm.bias`, e, 0),
      matrix(`${p}.attn_qkv.weight`, [e, 3 * e]),
      vector(`${p}.attn_qkv.bias`, 3 * e, 0),
      matrix(`${p}.attn_output.weight`, [e, e]),
      vector(`${p}.attn_output.bias`, e, 0),
      matrix(`${p}.ffn_up.weight`, [e, ff]),
      vector(`${p}.ffn_up.bias`, ff, 0),
      matrix(`${p}.ffn_down.weight`, [ff, e]),
      vector(`${p}.ffn_down.bias`, e, 0),
    );
  }
  tensors.push(
    vector("output_norm.weight", e, 1),
    vector("output_norm.bias", e, 0),
    matrix("output.weight", [e, VOCABULARY_SIZE]),
    vector("output.bias", VOCABULARY_SIZE, 0),
  );
  return tensors;
}

function constantVector(name: string, length: number, value: number): TensorSpec {
  return {
    name,
    shape: [length],
    type: TensorType.F32,
    write: (sink) => sink(new Uint8Array(new Float32Array(length).fill(value).buffer)),
  };
}

let gpt2Ids: Map<string, number> | undefined;

/** The id of a segment that is exactly one GPT-2 token (e.g. "\n " which BPE would split), if any. */
function exactGpt2Id(segment: string): number | undefined {
  gpt2Ids ??= new Map(gpt2TokenBytes().map((bytes, id) => [bytes.toString("utf8"), id]));
  return gpt2Ids.get(segment);
}

/**
 * Token ids of a script. Runs of 2+ spaces become Phi-2 whitespace tokens; a segment that is exactly one GPT-2
 * token is that token; other segments are GPT-2 BPE.
 * Every id must be unique: the scripted model is a bigram machine, so a repeated token would loop.
 */
export function scriptTokenIds(segments: readonly string[]): number[] {
  const ids = segments.flatMap((segment) => {
    if (/^ {2,}$/.test(segment)) return [whitespaceTokenId(" ", segment.length)];
    const exact = exactGpt2Id(segment);
    return exact === undefined ? encode(segment) : [exact];
  });
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`script repeats token ${id}; split the text differently`);
    seen.add(id);
  }
  return ids;
}

/**
 * A tiny phi2 model whose output is a fixed script, produced by real inference: attention and MLP weights
 * are zero, so the logits depend only on the last token. Token s_i's embedding points along direction i+1,
 * and output row s_j (or end-of-text, after the last) along direction j; every token outside the script
 * points along direction 0, so any prompt starts the script at its first token.
 */
export function writeScriptedPhi2(
  filePath: string,
  scriptSegments: readonly string[],
  vocabulary: Phi2Vocabulary,
): number[] {
  const script = scriptTokenIds(scriptSegments);
  const dims: Phi2Dimensions = {
    embedding: 64,
    feedForward: 128,
    layers: 1,
    heads: 2,
    ropeDimensions: 16,
    contextLength: 2048,
  };
  if (script.length + 1 > dims.embedding) throw new Error(`script too long: ${script.length} tokens`);
  const direction = new Map<number, number>(script.map((id, i) => [id, i + 1]));
  const outputDirection = new Map<number, number>(script.map((id, j) => [id, j]));
  outputDirection.set(END_OF_TEXT, script.length);
  const rows =
    (rowValue: (token: number) => [number, number] | undefined) =>
    (name: string, shape: number[]): TensorSpec => ({
      name,
      shape,
      type: TensorType.Q8_0,
      write: (sink) => {
        const row = new Float32Array(shape[0]);
        for (let token = 0; token < shape[1]; token++) {
          row.fill(0);
          const hit = rowValue(token);
          if (hit) row[hit[0]] = hit[1];
          sink(quantizeQ8_0(row));
        }
      },
    });
  const embeddingRows = rows((token) => [direction.get(token) ?? 0, 1]);
  const outputRows = rows((token) => {
    const j = outputDirection.get(token);
    return j === undefined ? undefined : [j, 4]; // ≈ +32 logits after the final LayerNorm: greedy at any temperature
  });
  const zeroMatrix = rows(() => undefined);
  const matrix: TensorFill = (name, shape) =>
    name === "token_embd.weight"
      ? embeddingRows(name, shape)
      : name === "output.weight"
        ? outputRows(name, shape)
        : zeroMatrix(name, shape);
  writeGguf(
    filePath,
    phi2Metadata("phi-pair scripted fixture", dims, FILE_TYPE.mostlyQ8_0, vocabulary),
    phi2Tensors(dims, matrix, constantVector),
  );
  return script;
}

/**
 * A model with Phi-2's exact shape and Q4_0 weights, so it costs what real Phi-2 Q4_0 costs to run.
 * Weights are deterministic pseudo-random nibbles with a scale that keeps activations near unit variance.
 */
export function writePhi2Shaped(
  filePath: string,
  vocabulary: Phi2Vocabulary,
  dims: Phi2Dimensions = PHI2_DIMENSIONS,
): void {
  let state = 0x9e3779b9;
  const nextWord = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const CHUNK_BLOCKS = 1 << 16;
  const randomQ4_0: TensorFill = (name, shape) => ({
    name,
    shape,
    type: TensorType.Q4_0,
    write: (sink) => {
      const scaleBits = float16Bits(1 / (4.6 * Math.sqrt(shape[0])));
      let remaining = (shape[0] * shape[1]) / 32;
      while (remaining > 0) {
        const blocks = Math.min(remaining, CHUNK_BLOCKS);
        const chunk = Buffer.alloc(blocks * 18);
        const words = new Uint32Array(chunk.buffer, chunk.byteOffset, Math.floor(chunk.length / 4));
        for (let i = 0; i < words.length; i++) words[i] = nextWord();
        for (let b = 0; b < blocks; b++) chunk.writeUInt16LE(scaleBits, b * 18);
        sink(chunk);
        remaining -= blocks;
      }
    },
  });
  writeGguf(
    filePath,
    phi2Metadata("phi-pair Phi-2-shaped benchmark fixture", dims, FILE_TYPE.mostlyQ4_0, vocabulary),
    phi2Tensors(dims, randomQ4_0, constantVector),
  );
}

export { buildPhi2Vocabulary };
