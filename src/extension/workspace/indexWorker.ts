import { parentPort } from "node:worker_threads";
import { IndexJobs, type IndexRequest } from "../../core/workspace/indexJobs";

/** The worker thread of WorkspaceIndexer: reads and parses the workspace's Python files off the extension host's event loop. */
const port = parentPort;
if (port) {
  const jobs = new IndexJobs((reply) => port.postMessage(reply));
  port.on("message", (request: IndexRequest) => jobs.handle(request));
}
