import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CompletionService } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import { InferenceEngine } from "../../../src/core/engine/inferenceEngine";
import { explainCode, findExplainTarget } from "../../../src/core/explain";
import { lintPython, lintSuggestion } from "../../../src/core/lint/engine";
import { DEFAULT_MODEL_URI, downloadModel } from "../../../src/core/model/modelDownload";
import { fixtureModel, testEngineSettings } from "../../support/fixtureModels";
import { startModelServer } from "../../support/modelServer";
// The modules themselves (not the read-only namespace copies of `import * as`), so their functions can be wrapped.
import dns = require("node:dns");
import tls = require("node:tls");

/**
 * Records every outgoing connection attempt and DNS lookup in this process, at the lowest places Node offers
 * (fetch/undici, http, https and node-llama-cpp's downloader all end in net.Socket#connect).
 */
function watchConnections(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back as it was, never called unbound
  const connect = net.Socket.prototype.connect;
  const tlsConnect = tls.connect;
  const lookup = dns.lookup;
  const describe = (args: unknown[]): string => {
    const [first, second] = args as [unknown, unknown];
    if (Array.isArray(first)) return describe(first); // net.connect() passes its normalized arguments as one array
    if (typeof first === "object" && first !== null) {
      const options = first as { host?: string; port?: number; path?: string };
      return options.path ?? `${options.host ?? "localhost"}:${options.port}`;
    }
    return typeof first === "number" ? `${typeof second === "string" ? second : "localhost"}:${first}` : String(first);
  };
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(`connect ${describe(args)}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  tls.connect = (...args: unknown[]) => {
    attempts.push(`tls ${describe(args)}`);
    return (tlsConnect as (...a: unknown[]) => tls.TLSSocket)(...args);
  };
  dns.lookup = ((...args: unknown[]) => {
    attempts.push(`dns ${String(args[0])}`);
    return (lookup as (...a: unknown[]) => void)(...args);
  }) as typeof dns.lookup;
  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = connect;
      tls.connect = tlsConnect;
      dns.lookup = lookup;
    },
  };
}

const SOURCE = 'import yaml\n\n\ndef total_of(values):\n    """Return the sum of values."""\n';

describe("reliability: no network access except the explicit model download", function () {
  this.timeout(60_000);

  it("the watcher sees a connection and a name lookup (so its silence below means something)", async () => {
    const server = await startModelServer({ body: Buffer.from("GGUF") });
    const watch = watchConnections();
    try {
      const host = new URL(server.endpoint).host;
      await (await fetch(`${server.endpoint}x.gguf`)).arrayBuffer();
      await new Promise((resolve) => dns.lookup("localhost", resolve));
      assert.ok(watch.attempts.includes(`connect ${host}`), watch.attempts.join(", "));
      assert.ok(watch.attempts.includes("dns localhost"), watch.attempts.join(", "));
    } finally {
      watch.restore();
      await server.close();
    }
  });

  it("engine load, completion, lint and explain open no socket and resolve no name", async () => {
    const watch = watchConnections();
    const engine = new InferenceEngine(testEngineSettings(fixtureModel("sumBody")));
    try {
      const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => ({
        debounceMs: 0,
        maxTokens: 32,
        maxLines: 8,
        temperature: 0,
        timeCapMs: 10_000,
        promptTokenBudget: 512,
      }));
      const suggestion = await service.complete({
        documentId: "file:///offline.py",
        text: SOURCE,
        offset: SOURCE.length,
        signal: new AbortController().signal,
        explicit: true,
      });
      assert.ok(suggestion?.text, "the completion ran");
      assert.ok((await lintPython("import yaml\nyaml.load(open('x'))\n")).length > 0, "the lint ran");
      const target = await findExplainTarget(SOURCE, SOURCE.indexOf("):") + 3, SOURCE.indexOf("):") + 3);
      assert.ok(target, "a function to explain");
      const explanation = await explainCode(engine, target, { maxTokens: 16, temperature: 0 });
      assert.ok(explanation, "the explanation ran");
      assert.deepEqual(watch.attempts, []);
    } finally {
      watch.restore();
      await engine.dispose();
    }
  });

  it("the model download connects only to the configured loopback endpoint", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-network-"));
    const server = await startModelServer({ body: fs.readFileSync(fixtureModel("sumBody")) });
    const watch = watchConnections();
    try {
      await downloadModel({ uri: DEFAULT_MODEL_URI, directory, huggingFaceEndpoint: server.endpoint });
      const endpoint = new URL(server.endpoint).host;
      assert.ok(watch.attempts.length > 0, "the download connected");
      assert.deepEqual(
        watch.attempts.filter((attempt) => attempt !== `connect ${endpoint}`),
        [],
        `only ${endpoint} is contacted`,
      );
    } finally {
      watch.restore();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
