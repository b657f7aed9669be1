import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_MODEL_URI,
  downloadModel,
  findDownloadedModel,
  resolveDownloadUrl,
  storageFileName,
} from "../../../src/core/model/modelDownload";
import { isModelError } from "../../../src/core/model/modelErrors";
import { fixtureModel } from "../../support/fixtureModels";
import { startModelServer, type ModelServer } from "../../support/modelServer";

describe("model download (node-llama-cpp downloader against a loopback server)", function () {
  this.timeout(60_000);
  let directory: string;
  let server: ModelServer | undefined;
  const body = () => fs.readFileSync(fixtureModel("sumBody"));

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-download-"));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("maps the default hf: URI to the Hugging Face resolve URL", () => {
    assert.equal(
      resolveDownloadUrl(DEFAULT_MODEL_URI),
      "https://huggingface.co/TheBloke/phi-2-GGUF/resolve/main/phi-2.Q4_K_M.gguf",
    );
  });

  it("downloads the default model URI, reports progress, verifies and records it", async () => {
    server = await startModelServer({ body: body() });
    const progress: number[] = [];
    const filePath = await downloadModel({
      uri: DEFAULT_MODEL_URI,
      directory,
      huggingFaceEndpoint: server.endpoint,
      onProgress: (p) => progress.push(p.downloadedBytes / p.totalBytes),
    });
    assert.deepEqual(fs.readFileSync(filePath), body());
    assert.ok(server.requests.some((r) => r.url.startsWith("/TheBloke/phi-2-GGUF/resolve/main/phi-2.Q4_K_M.gguf")));
    assert.ok(progress.length > 0 && progress.at(-1) === 1);
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), filePath);
  });

  it("finishes a download whose connection dropped mid-file", async () => {
    server = await startModelServer({ body: body(), dropFirstResponseAfterBytes: 1_000_000 });
    const filePath = await downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint });
    assert.deepEqual(fs.readFileSync(filePath), body());
    assert.ok(
      server.requests.some((r) => r.method === "GET" && r.range && !r.range.startsWith("bytes=0-")),
      "resumed with a Range request",
    );
  });

  it("rejects and deletes a file whose checksum does not match the published one", async () => {
    server = await startModelServer({ body: body(), sha256: "0".repeat(64) });
    await assert.rejects(
      downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint }),
      /SHA-256/,
    );
    assert.deepEqual(
      fs.readdirSync(directory).filter((f) => f.endsWith(".gguf")),
      [],
    );
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), undefined);
  });

  it("rejects and deletes an HTML page served instead of the model", async () => {
    server = await startModelServer({ body: body(), html: "<!doctype html><html><body>Please log in</body></html>" });
    await assert.rejects(
      downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint }),
      (error: unknown) => isModelError(error) && error.problem === "not-gguf" && /HTML/.test(error.message),
    );
    assert.deepEqual(
      fs.readdirSync(directory).filter((f) => f.endsWith(".gguf")),
      [],
    );
  });

  it("gives up on a server whose Content-Length promises more than it sends, and records nothing to load", async () => {
    server = await startModelServer({ body: body(), declaredExtraBytes: 1_000_000 });
    const started = Date.now();
    await assert.rejects(
      downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint, stallTimeoutMs: 1500 }),
      /stopped sending data .* of 9[\d,]+ bytes/,
    );
    assert.ok(Date.now() - started < 15_000, "the stall is noticed, not retried for minutes");
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), undefined);
  });

  it("a download cancelled mid-file rejects with the reason instead of resolving to a file that is not there", async () => {
    server = await startModelServer({ body: body() });
    const controller = new AbortController();
    const cancelled = new Error("user cancelled mid-file");
    await assert.rejects(
      downloadModel({
        uri: DEFAULT_MODEL_URI,
        directory,
        huggingFaceEndpoint: server.endpoint,
        signal: controller.signal,
        onProgress: ({ downloadedBytes }) => downloadedBytes > 1_000_000 && controller.abort(cancelled),
      }),
      (error: unknown) => error === cancelled,
    );
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), undefined);
  });

  it("a full disk fails the download with ENOSPC and records nothing to load (1 MB tmpfs; needs root)", async function () {
    const small = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-full-disk-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", small], { stdio: "ignore" });
    } catch {
      fs.rmSync(small, { recursive: true, force: true });
      console.log("      skipped: cannot mount a 1 MB tmpfs here (not root, or no mount permission in this container)");
      this.skip();
    }
    try {
      server = await startModelServer({ body: body() });
      await assert.rejects(
        downloadModel({
          uri: DEFAULT_MODEL_URI,
          directory: small,
          huggingFaceEndpoint: server.endpoint,
          stallTimeoutMs: 5000,
        }),
        /ENOSPC|no space/i,
      );
      assert.equal(await findDownloadedModel(small, DEFAULT_MODEL_URI), undefined);
    } finally {
      execFileSync("umount", [small]);
      fs.rmSync(small, { recursive: true, force: true });
    }
  });

  it("without a published checksum, rejects and deletes a file whose GGUF structure is cut short", async () => {
    const truncated = body().subarray(0, 2_000_000);
    server = await startModelServer({ body: truncated, sha256: null });
    await assert.rejects(
      downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint }),
      (error: unknown) => isModelError(error) && error.problem === "truncated" && /deleted/.test(error.message),
    );
    assert.deepEqual(
      fs.readdirSync(directory).filter((f) => f.endsWith(".gguf")),
      [],
    );
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), undefined);
  });

  it("gives up with a clear message when the server does not answer", async () => {
    const silent = (await import("node:net")).createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as import("node:net").AddressInfo).port;
    try {
      await assert.rejects(
        downloadModel({
          uri: DEFAULT_MODEL_URI,
          directory,
          huggingFaceEndpoint: `http://127.0.0.1:${port}/`,
          metadataTimeoutMs: 1500,
        }),
        /No answer from the model server/,
      );
    } finally {
      silent.close();
    }
  });

  it("stops when cancelled", async () => {
    server = await startModelServer({ body: body() });
    const controller = new AbortController();
    controller.abort(new Error("user cancelled"));
    await assert.rejects(
      downloadModel({
        uri: DEFAULT_MODEL_URI,
        directory,
        huggingFaceEndpoint: server.endpoint,
        signal: controller.signal,
      }),
    );
  });

  it("names the file itself: a server's Content-Disposition naming the manifest overwrites neither manifest nor model", async () => {
    server = await startModelServer({
      body: body(),
      contentDisposition: 'attachment; filename="downloaded-models.json"',
    });
    const first = await downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint });
    const secondUri = `${server.endpoint}mirror/phi-2.Q4_K_M.gguf`;
    const second = await downloadModel({ uri: secondUri, directory });
    assert.equal(path.dirname(first), directory);
    assert.equal(path.basename(second), storageFileName(secondUri));
    assert.notEqual(first, second, "two URIs ending in the same file name get two files");
    assert.deepEqual(fs.readFileSync(first), body());
    assert.deepEqual(fs.readFileSync(second), body());
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), first);
    assert.equal(await findDownloadedModel(directory, secondUri), second);
  });

  it("storage file names are plain .gguf names inside the directory, whatever the URI", () => {
    for (const uri of [
      DEFAULT_MODEL_URI,
      "hf:a/b/../../downloaded-models.json",
      "https://x.example/a/..%2F..%2Fevil.gguf?name=/etc/passwd",
      "https://x.example/",
      "hf:u/r/.hidden.gguf#main",
    ]) {
      const name = storageFileName(uri);
      assert.match(name, /^[A-Za-z0-9][A-Za-z0-9._-]*-[0-9a-f]{12}\.gguf$/, name);
      assert.equal(path.basename(name), name);
    }
    assert.equal(storageFileName(DEFAULT_MODEL_URI).replace(/-[0-9a-f]{12}\.gguf$/, ""), "phi-2.Q4_K_M");
  });

  it("a server that advertises Accept-Ranges but ignores Range gets a clear error, not an uncaught exception", async () => {
    server = await startModelServer({ body: body(), ignoreRange: true });
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    const mochaHandlers = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", record);
    try {
      await assert.rejects(
        downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint }),
        /ignores them/,
      );
      await new Promise((resolve) => setTimeout(resolve, 2000)); // a stray stream of the parallel download would throw here
    } finally {
      process.removeListener("uncaughtException", record);
      for (const handler of mochaHandlers) process.on("uncaughtException", handler);
    }
    assert.deepEqual(uncaught, []);
    assert.equal(await findDownloadedModel(directory, DEFAULT_MODEL_URI), undefined);
  });
});
