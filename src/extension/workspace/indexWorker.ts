import { parentPort } from "node:worker_threads";
import { WorkspaceScanner } from "../../core/workspace/scanner";
import type { IndexReply, IndexRequest } from "./workspaceIndexer";

/** Summaries sent per message while a folder is scanned (one structured clone per batch). */
const BATCH_SIZE = 50;

/**
 * The worker thread of WorkspaceIndexer: reads and parses a workspace folder's Python files into stubs,
 * off the extension host's event loop. Requests run one at a time, in order.
 */
const port = parentPort;
if (port) {
  const reply = (message: IndexReply) => port.postMessage(message);
  const scanners = new Map<string, WorkspaceScanner>();
  /** The newest generation asked for per folder: a scan stops as soon as a newer rescan or a drop arrives. */
  const latest = new Map<string, number>();
  let queue = Promise.resolve();

  const handle = async (request: IndexRequest) => {
    if (request.type === "scan") {
      const scanner = new WorkspaceScanner(request.folder, { ...request.options, log: (message) => reply({ type: "log", message }) });
      scanners.set(request.key, scanner);
      const started = performance.now();
      let batch = [];
      let files = 0;
      for await (const summary of scanner.summaries()) {
        if (latest.get(request.key) !== request.generation) return; // rescanned or dropped meanwhile
        batch.push(summary);
        files++;
        if (batch.length >= BATCH_SIZE) {
          reply({ type: "modules", key: request.key, generation: request.generation, summaries: batch, removed: [] });
          batch = [];
        }
      }
      reply({ type: "modules", key: request.key, generation: request.generation, summaries: batch, removed: [] });
      reply({ type: "scanned", key: request.key, generation: request.generation, files, ms: performance.now() - started });
    } else if (request.type === "update") {
      const scanner = scanners.get(request.key);
      if (!scanner) return;
      const summaries = [];
      const removed = [];
      for (const file of request.files) {
        const summary = await scanner.summarize(file);
        if (summary) summaries.push(summary);
        else removed.push(file); // gone, now ignored, or too large
      }
      reply({ type: "modules", key: request.key, generation: request.generation, summaries, removed });
    } else {
      scanners.delete(request.key);
    }
  };

  port.on("message", (request: IndexRequest) => {
    if (request.type !== "update") latest.set(request.key, request.generation);
    queue = queue.then(() => handle(request)).catch((error: unknown) => reply({ type: "log", message: `Workspace index: ${error instanceof Error ? error.message : String(error)}` }));
  });
}
