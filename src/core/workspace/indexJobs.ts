import { type ScanOptions, WorkspaceScanner } from "./scanner";
import type { ModuleSummary } from "./workspaceIndex";

export type IndexJobOptions = Omit<ScanOptions, "log" | "parser">;

/** Work for the index (sent to its worker thread). `generation` tells a folder's current scan from superseded ones. */
export type IndexRequest =
  | { type: "scan"; key: string; generation: number; folder: string; options: IndexJobOptions }
  | { type: "update"; key: string; generation: number; files: string[] }
  | { type: "drop"; key: string; generation: number };

export type IndexReply =
  | { type: "modules"; key: string; generation: number; summaries: ModuleSummary[]; removed: string[] }
  | { type: "scanned"; key: string; generation: number; files: number; ms: number }
  | { type: "log"; message: string };

/** Summaries sent per reply while a folder is scanned (one structured clone per batch). */
const BATCH_SIZE = 50;

/**
 * Runs index requests one at a time, in order, and answers with summaries: the body of the index
 * worker thread, and what the extension runs itself when no worker can start. A scan stops as soon as
 * a newer scan or a drop of its folder arrives.
 */
export class IndexJobs {
  private readonly scanners = new Map<string, WorkspaceScanner>();
  private readonly latest = new Map<string, number>();
  private queue = Promise.resolve();

  constructor(private readonly reply: (reply: IndexReply) => void) {}

  handle(request: IndexRequest): void {
    if (request.type !== "update") this.latest.set(request.key, request.generation);
    this.queue = this.queue
      .then(() => this.run(request))
      .catch((error: unknown) =>
        this.reply({
          type: "log",
          message: `Workspace index: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
  }

  private async run(request: IndexRequest): Promise<void> {
    if (request.type === "drop") {
      this.scanners.delete(request.key);
    } else if (request.type === "scan") {
      await this.scan(request);
    } else {
      const scanner = this.scanners.get(request.key);
      if (!scanner) return;
      const summaries: ModuleSummary[] = [];
      const removed: string[] = [];
      for (const file of request.files) {
        const summary = await scanner.summarize(file);
        if (summary) summaries.push(summary);
        else removed.push(file); // gone, now ignored, or too large
      }
      this.reply({ type: "modules", key: request.key, generation: request.generation, summaries, removed });
    }
  }

  private async scan(request: Extract<IndexRequest, { type: "scan" }>): Promise<void> {
    const { key, generation } = request;
    const scanner = new WorkspaceScanner(request.folder, {
      ...request.options,
      log: (message) => this.reply({ type: "log", message }),
    });
    this.scanners.set(key, scanner);
    const started = performance.now();
    let batch: ModuleSummary[] = [];
    let files = 0;
    for await (const summary of scanner.summaries()) {
      if (this.latest.get(key) !== generation) return; // rescanned or dropped meanwhile
      batch.push(summary);
      files++;
      if (batch.length >= BATCH_SIZE) {
        this.reply({ type: "modules", key, generation, summaries: batch, removed: [] });
        batch = [];
      }
    }
    this.reply({ type: "modules", key, generation, summaries: batch, removed: [] });
    this.reply({ type: "scanned", key, generation, files, ms: performance.now() - started });
  }
}
