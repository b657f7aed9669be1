import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { validateModelFile } from "./ggufValidation";
import { ModelError, isModelError } from "./modelErrors";

/**
 * Phi-2 in Q4_K_M: the usual size/quality point for 4-bit GGUF (1.79 GB, ~2.5 GB RAM with a 2k context).
 * Q4_0 is slightly faster on CPU but measurably worse; Q5_K_M/Q8_0 cost 25–70 % more memory bandwidth per token,
 * and decode speed on a laptop CPU is bandwidth-bound.
 */
export const DEFAULT_MODEL_URI = "hf:TheBloke/phi-2-GGUF/phi-2.Q4_K_M.gguf";

const MANIFEST = "downloaded-models.json";

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  uri: string;
  directory: string;
  /** Overrides the Hugging Face endpoint (tests use a loopback server). */
  huggingFaceEndpoint?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** node-llama-cpp's metadata request ignores its signal and hangs offline; this bounds it. */
  metadataTimeoutMs?: number;
  /**
   * Gives up when no byte arrives for this long. The downloader retries a failing connection up to 150 times with
   * back-off, so a server that promises more bytes than it has would otherwise hold the download for many minutes.
   */
  stallTimeoutMs?: number;
}

type Manifest = Record<string, string>;

async function readManifest(directory: string): Promise<Manifest> {
  try {
    return JSON.parse(await fs.readFile(path.join(directory, MANIFEST), "utf8")) as Manifest;
  } catch {
    return {};
  }
}

/** The local file of a model downloaded earlier from `uri`, if it is still there (no network). */
export async function findDownloadedModel(directory: string, uri: string): Promise<string | undefined> {
  const fileName = (await readManifest(directory))[uri];
  if (!fileName) return undefined;
  const filePath = path.join(directory, path.basename(fileName));
  try {
    return (await fs.stat(filePath)).isFile() ? filePath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The name a model downloaded from `uri` gets in the extension's storage. The extension chooses it, never the
 * server (Content-Disposition) nor the URI alone: the URI's file stem reduced to safe characters, a hash of the
 * whole URI (two URIs ending in the same file name do not collide) and `.gguf`, so it can never be the manifest
 * or a path outside the directory.
 */
export function storageFileName(uri: string): string {
  const lastSegment = uri.split(/[?#]/)[0].split(/[/:]/).at(-1) ?? "";
  const stem =
    lastSegment
      .replace(/\.gguf$/i, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^[._]+/, "")
      .slice(0, 80) || "model";
  const uriHash = createHash("sha256").update(uri).digest("hex").slice(0, 12);
  return `${stem}-${uriHash}.gguf`;
}

async function recordDownload(directory: string, uri: string, filePath: string): Promise<void> {
  const manifest = await readManifest(directory);
  manifest[uri] = path.basename(filePath);
  await fs.writeFile(path.join(directory, MANIFEST), JSON.stringify(manifest, null, 2));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    const onAbort = () => reject(signal?.reason ?? new Error("cancelled"));
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  });
}

export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The SHA-256 the server publishes for the file: Hugging Face sends it as the (linked) ETag of LFS files.
 * Undefined when the server gives none, in which case only the GGUF structure check protects the user.
 */
async function publishedSha256(url: string, signal?: AbortSignal): Promise<string | undefined> {
  const response = await fetch(url, { method: "HEAD", redirect: "manual", signal });
  const etag = response.headers.get("x-linked-etag") ?? response.headers.get("etag") ?? "";
  const match = /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(etag.trim());
  return match?.[1].toLowerCase();
}

/**
 * node-llama-cpp's downloader (ipull) splits a file into parallel Range requests when the server advertises
 * `Accept-Ranges: bytes`. A server that advertises it and then answers a Range request with the whole file makes a
 * stream throw where nobody catches it (an uncaught exception: it ends a plain Node process). One probe with
 * `Range: bytes=0-0` finds such a server first; it gets a clear error instead.
 */
async function checkRangeSupport(url: string, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { headers: { range: "bytes=0-0" }, signal });
  await response.body?.cancel();
  if (response.status === 200 && response.headers.get("accept-ranges") === "bytes") {
    throw new Error(
      `The model server advertises Range requests but ignores them (it answered a request for 1 byte with the whole file), so the download cannot be split or resumed. Download ${url} another way and use "Choose GGUF File…"`,
    );
  }
}

/**
 * Downloads a GGUF model with node-llama-cpp's downloader (parallel, resumable: an interrupted download keeps
 * its partial file and continues from it next time), then checks it before anyone loads it: the published
 * checksum when there is one, and the GGUF structure. A bad file is deleted.
 */
export async function downloadModel(options: DownloadOptions): Promise<string> {
  const { createModelDownloader } = await import("node-llama-cpp");
  await fs.mkdir(options.directory, { recursive: true });
  const stall = new StallWatchdog(options.stallTimeoutMs ?? 60_000, options.signal);
  const downloader = await withTimeout(
    createModelDownloader({
      modelUri: options.uri,
      dirPath: options.directory,
      fileName: storageFileName(options.uri),
      deleteTempFileOnCancel: false,
      skipExisting: true,
      endpoints: options.huggingFaceEndpoint ? { huggingFace: options.huggingFaceEndpoint } : undefined,
      onProgress: ({ downloadedSize, totalSize }) => {
        stall.progressed(downloadedSize, totalSize);
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    }),
    options.metadataTimeoutMs ?? 20_000,
    `No answer from the model server for ${options.uri} (offline?)`,
    options.signal,
  );
  const resolvedUrl = resolveDownloadUrl(options.uri, options.huggingFaceEndpoint);
  const metadataSignal = AbortSignal.any([
    AbortSignal.timeout(options.metadataTimeoutMs ?? 20_000),
    ...(options.signal ? [options.signal] : []),
  ]);
  if (resolvedUrl) await checkRangeSupport(resolvedUrl, metadataSignal);
  let filePath: string;
  try {
    stall.start();
    filePath = await downloader.download({ signal: stall.signal });
    // A download cancelled while running resolves as if it had finished, with the file still under its temporary name.
    if (stall.signal.aborted) throw stall.signal.reason;
  } finally {
    stall.stop();
  }
  try {
    const expected = resolvedUrl
      ? await publishedSha256(resolvedUrl, options.signal).catch(() => undefined)
      : undefined;
    if (expected) {
      const actual = await sha256OfFile(filePath);
      if (actual !== expected) {
        throw new ModelError(
          "truncated",
          `Downloaded file's SHA-256 ${actual} does not match the published ${expected}`,
          filePath,
        );
      }
    }
    await validateModelFile(filePath);
  } catch (error) {
    await fs.rm(filePath, { force: true });
    throw isModelError(error)
      ? new ModelError(error.problem, `${error.message} — the downloaded file was deleted`, filePath, { cause: error })
      : error;
  }
  await recordDownload(options.directory, options.uri, filePath);
  return filePath;
}

/** Aborts its signal when the caller's does, or when no progress was reported for `timeoutMs` while running. */
class StallWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private lastBytes = 0;
  private totalBytes = 0;
  readonly signal = this.controller.signal;

  constructor(
    private readonly timeoutMs: number,
    outer: AbortSignal | undefined,
  ) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener("abort", () => this.controller.abort(outer.reason), { once: true });
  }

  start(): void {
    this.rearm();
  }

  progressed(downloadedBytes: number, totalBytes: number): void {
    this.totalBytes = totalBytes;
    if (downloadedBytes === this.lastBytes) return;
    this.lastBytes = downloadedBytes;
    if (this.timer) this.rearm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private rearm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const got = `${this.lastBytes.toLocaleString("en-US")} of ${this.totalBytes.toLocaleString("en-US")} bytes`;
      this.controller.abort(
        new Error(
          `The model server stopped sending data (${got} after ${this.timeoutMs / 1000} s without progress); the partial file is kept to resume`,
        ),
      );
    }, this.timeoutMs);
  }
}

/** The HTTP URL behind `hf:user/repo/path/file.gguf` or an http(s) URI, for the checksum lookup. */
export function resolveDownloadUrl(uri: string, huggingFaceEndpoint = "https://huggingface.co/"): string | undefined {
  if (/^https?:\/\//.test(uri)) return uri;
  const match = /^hf:([^/]+)\/([^/]+)\/(.+?)(?:#(.+))?$/.exec(uri);
  if (!match) return undefined;
  const [, user, repo, file, branch = "main"] = match;
  const base = huggingFaceEndpoint.endsWith("/") ? huggingFaceEndpoint : `${huggingFaceEndpoint}/`;
  return `${base}${user}/${repo}/resolve/${encodeURIComponent(branch)}/${file.split("/").map(encodeURIComponent).join("/")}`;
}
