import { parentPort } from "node:worker_threads";
import { lintPython } from "../../core/lint/engine";
import type { LintReply, LintRequest } from "./documentLinter";

/** The worker thread of DocumentLinter: lints each document it is sent and answers with its findings. */
const port = parentPort;
if (port) {
  const reply = (message: LintReply) => port.postMessage(message);
  port.on("message", (request: LintRequest) => {
    void lintPython(request.source, { log: (log) => reply({ id: request.id, log }) }).then((findings) =>
      reply({ id: request.id, findings }),
    );
  });
}
