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
  resolve: (findings: Finding[] | undefined) => void;
}

/** Documents waiting for the worker at most; beyond it the longest-waiting one is dropped. */
export const MAX_QUEUED_DOCUMENTS = 64;

/**
 * Lints whole documents on a worker thread, the vscode-eslint model: a 10,000-line file takes a few hundred
 * milliseconds, which on the extension host's thread would hold up completions and every other extension.
 * The worker gets one document at a time. While it works, each document keeps only its latest text waiting
 * (latest wins: a superseded text is dropped, never linted), and at most MAX_QUEUED_DOCUMENTS documents wait, so
 * a burst of edits costs at most the lint already running plus one lint of the newest text.
 * If the worker cannot start or dies, documents are linted in-process from then on (slower for the UI, still right).
 * Not for suggestions: their lint takes about a millisecond, less than a round trip to a worker costs.
 */
export class DocumentLinter {
  private worker?: Worker;
  private workerFailed = false;
  private nextId = 0;
  /** The request the worker is linting, by its id. */
  private running: { id: number; lint: PendingLint } | undefined;
  /** The latest text of each document waiting for the worker, longest-waiting first. */
  private readonly queued = new Map<string, PendingLint>();

  constructor(
    private readonly log: (message: string) => void,
    /** The compiled lintWorker.ts, beside this file (or the bundle) by default. */
    private readonly workerScript = path.join(__dirname, "lintWorker.js"),
  ) {}

  /**
   * Findings of `lintPython(source)`, or undefined when a newer text of the same `documentKey` replaced this one
   * before the worker reached it (or the queue was full); never rejects. Without a key, a request replaces none.
   */
  lint(source: string, documentKey = `request-${this.nextId++}`): Promise<Finding[] | undefined> {
    if (!this.startedWorker()) return lintPython(source, { log: this.log });
    return new Promise((resolve) => {
      const superseded = this.queued.get(documentKey);
      this.queued.delete(documentKey);
      superseded?.resolve(undefined);
      this.queued.set(documentKey, { source, resolve });
      if (this.queued.size > MAX_QUEUED_DOCUMENTS) {
        const [oldestKey, oldest] = this.queued.entries().next().value!;
        this.queued.delete(oldestKey);
        oldest.resolve(undefined);
        this.log(
          `lint queue full (${MAX_QUEUED_DOCUMENTS} documents): skipped ${oldestKey}, linted again on its next edit or save`,
        );
      }
      this.sendNext();
    });
  }

  /** Stops the worker; lints still waiting for it resolve with no findings. */
  dispose(): void {
    this.workerFailed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const { resolve } of this.takeAll()) resolve([]);
  }

  private sendNext(): void {
    if (this.running || !this.worker) return;
    const next = this.queued.entries().next().value;
    if (!next) return;
    this.queued.delete(next[0]);
    const id = this.nextId++;
    this.running = { id, lint: next[1] };
    this.worker.postMessage({ id, source: next[1].source } satisfies LintRequest);
  }

  /** The running and the waiting requests, taken out of the queue. */
  private takeAll(): PendingLint[] {
    const all = [...(this.running ? [this.running.lint] : []), ...this.queued.values()];
    this.running = undefined;
    this.queued.clear();
    return all;
  }

  private startedWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      const worker = new Worker(this.workerScript);
      worker.unref(); // an idle worker must not keep a CLI or test process alive
      worker.on("message", (reply: LintReply) => this.receive(reply));
      worker.on("error", (error) => this.fail(`lint worker failed, linting in-process from now on: ${error.message}`));
      worker.on(
        "exit",
        (code) =>
          this.worker === worker && this.fail(`lint worker exited (code ${code}), linting in-process from now on`),
      );
      this.worker = worker;
    } catch (error) {
      this.fail(
        `lint worker could not start, linting in-process: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return this.worker;
  }

  private receive(reply: LintReply): void {
    if ("log" in reply) {
      this.log(reply.log);
      return;
    }
    if (this.running?.id !== reply.id) return;
    this.running.lint.resolve(reply.findings);
    this.running = undefined;
    this.sendNext();
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
    for (const { source, resolve } of this.takeAll()) void lintPython(source, { log: this.log }).then(resolve);
  }
}
