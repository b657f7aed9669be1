import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { lintPython } from "../../core/lint/engine";
import type { Finding } from "../../core/lint/types";

/** A document to lint, sent to the worker (lintWorker.ts). */
export interface LintRequest {
  id: number;
  source: string;
}

/** The worker's answer to a request: a log line (any number) and then its findings. */
export type LintReply = { id: number; log: string } | { id: number; findings: Finding[] };

interface PendingLint {
  source: string;
  resolve: (findings: Finding[]) => void;
}

/**
 * Lints whole documents on a worker thread, the vscode-eslint model: a 10,000-line file takes a few hundred
 * milliseconds, which on the extension host's thread would hold up completions and every other extension.
 * If the worker cannot start or dies, documents are linted in-process from then on (slower for the UI, still right).
 * Not for suggestions: their lint takes about a millisecond, less than a round trip to a worker costs.
 */
export class DocumentLinter {
  private worker?: Worker;
  private workerFailed = false;
  private nextId = 0;
  private readonly pending = new Map<number, PendingLint>();

  constructor(
    private readonly log: (message: string) => void,
    /** The compiled lintWorker.ts, beside this file (or the bundle) by default. */
    private readonly workerScript = path.join(__dirname, "lintWorker.js"),
  ) {}

  /** Findings of `lintPython(source)`; never rejects. */
  lint(source: string): Promise<Finding[]> {
    const worker = this.startedWorker();
    if (!worker) return lintPython(source, { log: this.log });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { source, resolve });
      worker.postMessage({ id, source } satisfies LintRequest);
    });
  }

  /** Stops the worker; lints still waiting for it resolve with no findings. */
  dispose(): void {
    this.workerFailed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const { resolve } of this.pending.values()) resolve([]);
    this.pending.clear();
  }

  private startedWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      const worker = new Worker(this.workerScript);
      worker.unref(); // an idle worker must not keep a CLI or test process alive
      worker.on("message", (reply: LintReply) => this.receive(reply));
      worker.on("error", (error) => this.fail(`lint worker failed, linting in-process from now on: ${error.message}`));
      worker.on("exit", (code) => this.worker === worker && this.fail(`lint worker exited (code ${code}), linting in-process from now on`));
      this.worker = worker;
    } catch (error) {
      this.fail(`lint worker could not start, linting in-process: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.worker;
  }

  private receive(reply: LintReply): void {
    if ("log" in reply) {
      this.log(reply.log);
      return;
    }
    this.pending.get(reply.id)?.resolve(reply.findings);
    this.pending.delete(reply.id);
  }

  private fail(message: string): void {
    this.log(message);
    this.workerFailed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    this.lintPendingInProcess();
  }

  /** Requests the worker will not answer any more are linted here, so no caller waits forever. */
  private lintPendingInProcess(): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { source, resolve } of pending) void lintPython(source, { log: this.log }).then(resolve);
  }
}
