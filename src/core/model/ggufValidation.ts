import * as fs from "node:fs/promises";
import { checkGgufHeaderBounds, GgufHeaderError } from "./ggufHeaderBounds";
import { ModelError } from "./modelErrors";

/** ggml type id → [elements per block, bytes per block], for the size check of common quantizations. */
const GGML_BLOCK_LAYOUT: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  30: [1, 2], // BF16
};

export interface ValidatedModel {
  path: string;
  architecture: string;
  name?: string;
  sizeBytes: number;
  contextLength?: number;
}

/**
 * Checks a GGUF file before llama.cpp sees it: a corrupt file must give a clear message, and some
 * corruptions (tensor data past the end of the file) would otherwise abort the native loader.
 */
export async function validateModelFile(modelPath: string, expectedArchitecture = "phi2"): Promise<ValidatedModel> {
  let stat;
  try {
    stat = await fs.stat(modelPath);
  } catch (error) {
    throw new ModelError("missing", `Model file not found: ${modelPath}`, modelPath, { cause: error });
  }
  if (!stat.isFile()) throw new ModelError("not-a-file", `Model path is not a file: ${modelPath}`, modelPath);
  if (stat.size === 0) throw new ModelError("empty", `Model file is empty (0 bytes): ${modelPath}`, modelPath);

  let handle;
  try {
    handle = await fs.open(modelPath, "r");
  } catch (error) {
    throw new ModelError(
      "unreadable",
      `Cannot read model file (${(error as NodeJS.ErrnoException).code ?? "error"}): ${modelPath}`,
      modelPath,
      { cause: error },
    );
  }
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString("latin1") !== "GGUF") {
      const looksLikeHtml = magic.toString("latin1").trimStart().startsWith("<");
      throw new ModelError(
        "not-gguf",
        `Not a GGUF model file${looksLikeHtml ? " (it looks like an HTML page: a failed download?)" : ""}: ${modelPath}`,
        modelPath,
      );
    }
    // Before node-llama-cpp's reader, which trusts every count and length the file claims.
    await checkGgufHeaderBounds(handle, stat.size);
  } catch (error) {
    if (!(error instanceof GgufHeaderError)) throw error;
    throw new ModelError(
      "truncated",
      `The model file is truncated or its GGUF header is corrupt (${error.message}): ${modelPath}`,
      modelPath,
      { cause: error },
    );
  } finally {
    await handle.close();
  }

  const { readGgufFileInfo } = await import("node-llama-cpp");
  let info;
  try {
    info = await readGgufFileInfo(modelPath, { readTensorInfo: true, logWarnings: false });
  } catch (error) {
    throw new ModelError(
      "truncated",
      `The GGUF header cannot be read (truncated or corrupt file): ${modelPath}`,
      modelPath,
      { cause: error },
    );
  }
  if (info.metadata.general?.architecture === undefined) {
    // A file cut right after the magic parses as a GGUF with no metadata at all.
    throw new ModelError(
      "truncated",
      `The GGUF file has no metadata (truncated or corrupt file): ${modelPath}`,
      modelPath,
    );
  }
  const architecture = String(info.metadata.general.architecture);
  if (architecture !== expectedArchitecture) {
    throw new ModelError(
      "unsupported-architecture",
      `This model's architecture is "${architecture}"; Phi Pair needs a "${expectedArchitecture}" model (Phi-2 GGUF): ${modelPath}`,
      modelPath,
    );
  }
  let dataEnd = 0;
  for (const tensor of info.fullTensorInfo ?? []) {
    const layout = GGML_BLOCK_LAYOUT[tensor.ggmlType];
    const elements = tensor.dimensions.reduce<number>((a, b) => a * Number(b), 1);
    const bytes = layout ? (elements / layout[0]) * layout[1] : 1;
    dataEnd = Math.max(dataEnd, Number(tensor.fileOffset) + bytes);
  }
  if (dataEnd > stat.size) {
    throw new ModelError(
      "truncated",
      `Model file is truncated: ${stat.size} bytes, its tensors need ${dataEnd}. Download it again: ${modelPath}`,
      modelPath,
    );
  }
  const contextLength = (info.architectureMetadata as { context_length?: number } | undefined)?.context_length;
  return { path: modelPath, architecture, name: info.metadata.general?.name, sizeBytes: stat.size, contextLength };
}
