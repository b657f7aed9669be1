/**
 * P3: decode speed of the engine at a short and a long context, llama.cpp's own llama-bench on the same
 * model and threads, and the memory-bandwidth bound decode cannot beat.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { InferenceEngine, type EngineSettings } from "../src/core/engine/inferenceEngine";
import { median } from "./stats";

const run = promisify(execFile);

export const LLAMA_BENCH = path.resolve(__dirname, "../../.bench/llama.cpp/build/bin/llama-bench");
const BUILD_LLAMA_BENCH = path.resolve(__dirname, "../../bench/build-llama-bench.sh");

/** Builds llama-bench from node-llama-cpp's own llama.cpp source the first time (offline, a few minutes). */
export async function ensureLlamaBench(log: (line: string) => void): Promise<string | undefined> {
  if (fs.existsSync(LLAMA_BENCH)) return undefined;
  log("Building llama.cpp's llama-bench from node-llama-cpp's llama.cpp source (once, a few minutes)…");
  try {
    const { stdout } = await run("bash", [BUILD_LLAMA_BENCH], { maxBuffer: 16 << 20, timeout: 60 * 60_000 });
    log(stdout.trim());
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return `llama-bench build failed: ${stderr || (error instanceof Error ? error.message : String(error))}`
      .split("\n")
      .slice(-3)
      .join(" ");
  }
}

export interface DecodeSample {
  /** Tokens in the context when decoding starts. */
  depth: number;
  tokensPerSecond: number;
}

/** Prompt text of roughly `tokens` tokens: realistic Python, repeated. */
function promptOf(tokens: number, countTokens: (text: string) => number): string {
  const unit = `def moving_average(values, window):
    """Average of each window of consecutive values."""
    result = []
    for start in range(len(values) - window + 1):
        chunk = values[start:start + window]
        result.append(sum(chunk) / window)
    return result

`;
  let text = "";
  let index = 0;
  while (countTokens(text) < tokens) text += unit.replace("moving_average", `moving_average_${index++}`);
  const words = text.split(/(?<=\s)/);
  while (words.length > 1 && countTokens(words.join("")) > tokens) words.pop();
  return words.join("");
}

/** Decode tokens/s of the engine after a prompt of each depth (greedy, no stop triggers, no time cap). */
export async function engineDecode(
  settings: EngineSettings,
  depths: readonly number[],
  generate: number,
): Promise<DecodeSample[]> {
  const engine = new InferenceEngine(settings);
  try {
    const countTokens = await engine.tokenCounter();
    const samples: DecodeSample[] = [];
    for (const depth of depths) {
      const result = await engine.generate({
        prompt: promptOf(depth, countTokens),
        priority: "completion",
        maxTokens: generate,
        temperature: 0,
      });
      // generationMs also covers the prompt's last token, which is evaluated with the first sampled one.
      samples.push({
        depth: result.promptTokens,
        tokensPerSecond: result.generatedTokens / (result.generationMs / 1000),
      });
    }
    return samples;
  } finally {
    await engine.dispose();
  }
}

export interface LlamaBenchRow {
  depth: number;
  flashAttention: boolean;
  kvType: string;
  tokensPerSecond: number;
}

/** llama.cpp's llama-bench (bench/build-llama-bench.sh), decode only, at each depth. */
export async function llamaBenchDecode(
  modelPath: string,
  options: {
    threads: number;
    depths: readonly number[];
    generate: number;
    flashAttention: readonly boolean[];
    kvTypes: readonly string[];
    repetitions: number;
  },
): Promise<LlamaBenchRow[] | string> {
  if (!fs.existsSync(LLAMA_BENCH)) return `llama-bench not built (bash bench/build-llama-bench.sh)`;
  const args = [
    ["-m", modelPath],
    ["-t", String(options.threads)],
    ["-p", "0"],
    ["-n", String(options.generate)],
    ["-d", options.depths.join(",")],
    ["-fa", options.flashAttention.map((on) => (on ? "1" : "0")).join(",")],
    ["-ctk", options.kvTypes.join(",")],
    ["-ctv", options.kvTypes.join(",")],
    ["-r", String(options.repetitions)],
    ["-o", "json"],
  ].flat();
  const { stdout } = await run(LLAMA_BENCH, args, { maxBuffer: 16 << 20, timeout: 20 * 60_000 });
  const rows = JSON.parse(stdout) as {
    n_depth: number;
    flash_attn: boolean | number;
    type_k: string;
    type_v: string;
    avg_ts: number;
  }[];
  return rows.map((row) => ({
    depth: row.n_depth,
    flashAttention: Boolean(row.flash_attn),
    kvType: row.type_k,
    tokensPerSecond: row.avg_ts,
  }));
}

/**
 * Memory bandwidth as `threads` workers each memcpy'ing a 256 MiB buffer (best of a few rounds);
 * bytes counted once per copy, read and written: a copy moves 2 × its size.
 */
export async function memoryBandwidth(threads: number): Promise<number> {
  const source = `
    const { parentPort } = require("node:worker_threads");
    const size = 256 << 20;
    const from = Buffer.alloc(size, 1), to = Buffer.alloc(size);
    parentPort.on("message", () => { from.copy(to); parentPort.postMessage(0); });
    parentPort.postMessage(0);`;
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true }));
  const round = () => Promise.all(workers.map((worker) => new Promise((resolve) => worker.once("message", resolve))));
  try {
    await round(); // buffers allocated and touched
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const done = round();
      for (const worker of workers) worker.postMessage(0);
      await done;
      best = Math.min(best, performance.now() - started);
    }
    return (threads * 2 * (256 << 20)) / (best / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Bytes decode reads per token: every weight except the token-embedding table (one row of it), plus the KV cache. */
export function bytesPerToken(
  modelBytes: number,
  tokenEmbeddingBytes: number,
  kvBytesPerToken: number,
  depth: number,
): number {
  return modelBytes - tokenEmbeddingBytes + kvBytesPerToken * depth;
}

export interface ForcedDecodeComparison {
  rounds: number;
  /** Median tok/s of each, and the median of the per-round forced ÷ unforced ratios. */
  unforcedTokS: number;
  forcedTokS: number;
  ratio: number;
  ratioRange: [number, number];
}

/**
 * Teacher forcing's per-token cost: the same prompt decoded `generate` tokens unforced and forced to `forcedText`
 * (which must be that long), alternating which goes first each round.
 */
export async function forcedDecode(
  settings: EngineSettings,
  forcedText: string,
  rounds: number,
  generate: number,
): Promise<ForcedDecodeComparison> {
  const engine = new InferenceEngine(settings);
  try {
    const countTokens = await engine.tokenCounter();
    const prompt = promptOf(400, countTokens);
    const tokS = async (forced: boolean) => {
      const result = await engine.generate({
        prompt,
        priority: "completion",
        maxTokens: generate,
        temperature: 0,
        forcedContinuation: forced ? forcedText : undefined,
      });
      return result.generatedTokens / (result.generationMs / 1000);
    };
    await tokS(false); // prefill, untimed
    const unforced: number[] = [];
    const forced: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, second] = round % 2 === 0 ? [false, true] : [true, false];
      const a = await tokS(first);
      const b = await tokS(second);
      unforced.push(first ? b : a);
      forced.push(first ? a : b);
    }
    const ratios = forced.map((value, index) => value / unforced[index]);
    return {
      rounds,
      unforcedTokS: median(unforced),
      forcedTokS: median(forced),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    };
  } finally {
    await engine.dispose();
  }
}
