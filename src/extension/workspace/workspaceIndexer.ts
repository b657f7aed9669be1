import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as vscode from "vscode";
import type { Logger } from "../../core/logger";
import type { PromptWorkspace } from "../../core/prompt";
import { enabledExcludeGlobs } from "../../core/workspace/ignoreRules";
import { workspaceRelativePath } from "../../core/workspace/folder";
import { IndexJobs, type IndexReply, type IndexRequest } from "../../core/workspace/indexJobs";
import { DEFAULT_SCAN_OPTIONS } from "../../core/workspace/scanner";
import { WorkspaceIndex } from "../../core/workspace/workspaceIndex";
import type { Config } from "../config";
import { RecentFiles } from "./recentFiles";

interface FolderIndex {
  folder: vscode.WorkspaceFolder;
  index: WorkspaceIndex;
  generation: number;
}

/** File events are gathered this long before the worker re-reads them (a save of many files, a branch switch). */
const UPDATE_BATCH_MS = 300;

/**
 * The workspace index for the prompt: one WorkspaceIndex (stubs only) per local workspace folder, filled
 * by a worker thread so reading and parsing thousands of files never blocks the extension host, and kept
 * up to date from file-system events. Settings or `.gitignore` changes rescan. When the worker cannot
 * run, the same scan runs here (slower for the UI, still right).
 */
export class WorkspaceIndexer implements vscode.Disposable {
  private readonly folders = new Map<string, FolderIndex>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pendingUpdates = new Map<string, Set<string>>();
  private updateTimer: NodeJS.Timeout | undefined;
  private worker: Worker | undefined;
  private workerFailed = false;
  private nextGeneration = 1;
  private readonly scanned = new Map<string, { resolve: () => void; done: Promise<void> }>();
  private readonly recentFiles = new RecentFiles();

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    /** The compiled indexWorker.ts, beside the bundle by default. */
    private readonly workerScript = path.join(__dirname, "indexWorker.js"),
  ) {
    const pythonFiles = vscode.workspace.createFileSystemWatcher("**/*.py");
    const gitignores = vscode.workspace.createFileSystemWatcher("**/.gitignore");
    this.disposables.push(
      this.recentFiles,
      pythonFiles,
      gitignores,
      pythonFiles.onDidCreate((uri) => this.fileChanged(uri)),
      pythonFiles.onDidChange((uri) => this.fileChanged(uri)),
      pythonFiles.onDidDelete((uri) => this.fileDeleted(uri)),
      gitignores.onDidCreate(() => this.rescan()),
      gitignores.onDidChange(() => this.rescan()),
      gitignores.onDidDelete(() => this.rescan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("phiPair.workspace") || event.affectsConfiguration("files.exclude"))
          this.rescan();
      }),
    );
    this.rescan();
  }

  /** The document's workspace and path for the prompt, or undefined (turned off, no folder, not a local file). */
  workspaceFor(documentId: string): PromptWorkspace | undefined {
    const settings = this.config.workspace;
    if (!settings.context) return undefined;
    const uri = vscode.Uri.parse(documentId);
    const folder = uri.scheme === "file" ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const entry = folder && this.folders.get(folder.uri.toString());
    const file = entry && workspaceRelativePath(folder.uri.fsPath, uri.fsPath);
    if (!entry || !file) return undefined;
    const neighbours = settings.similarCode ? this.recentFiles.neighbours(entry.folder, documentId) : undefined;
    return { index: entry.index, file, maxTokens: settings.maxTokens, neighbours };
  }

  /** Settles when every folder's current scan has finished (tests, the bench). */
  async whenScanned(): Promise<void> {
    await Promise.all([...this.scanned.values()].map((scan) => scan.done));
  }

  /** Modules indexed, over all folders. */
  get size(): number {
    return [...this.folders.values()].reduce((sum, entry) => sum + entry.index.size, 0);
  }

  private rescan(): void {
    for (const [key, entry] of this.folders) this.post({ type: "drop", key, generation: entry.generation });
    this.folders.clear();
    for (const scan of this.scanned.values()) scan.resolve();
    this.scanned.clear();
    const settings = this.config.workspace;
    if (!settings.context) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== "file") continue; // a virtual folder has no files to read here
      const key = folder.uri.toString();
      const entry: FolderIndex = {
        folder,
        index: new WorkspaceIndex(settings.maxFiles),
        generation: this.nextGeneration++,
      };
      this.folders.set(key, entry);
      let resolve = () => undefined as void;
      const done = new Promise<void>((settle) => (resolve = settle));
      this.scanned.set(key, { resolve, done });
      const exclude = enabledExcludeGlobs(
        vscode.workspace.getConfiguration("files", folder.uri).get<Record<string, unknown>>("exclude"),
      );
      this.post({
        type: "scan",
        key,
        generation: entry.generation,
        folder: folder.uri.fsPath,
        options: { ...DEFAULT_SCAN_OPTIONS, maxFiles: settings.maxFiles, exclude },
      });
    }
  }

  private fileChanged(uri: vscode.Uri): void {
    const located = this.locate(uri);
    if (!located) return;
    const files = this.pendingUpdates.get(located.key) ?? new Set<string>();
    files.add(located.file);
    this.pendingUpdates.set(located.key, files);
    this.updateTimer ??= setTimeout(() => {
      this.updateTimer = undefined;
      for (const [key, changed] of this.pendingUpdates) {
        const entry = this.folders.get(key);
        if (entry) this.post({ type: "update", key, generation: entry.generation, files: [...changed] });
      }
      this.pendingUpdates.clear();
    }, UPDATE_BATCH_MS);
  }

  private fileDeleted(uri: vscode.Uri): void {
    const located = this.locate(uri);
    if (located) this.folders.get(located.key)?.index.delete(located.file);
  }

  private locate(uri: vscode.Uri): { key: string; file: string } | undefined {
    const folder = uri.scheme === "file" ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (!folder || !this.folders.has(folder.uri.toString())) return undefined;
    const file = workspaceRelativePath(folder.uri.fsPath, uri.fsPath);
    return file ? { key: folder.uri.toString(), file } : undefined;
  }

  private receive(reply: IndexReply): void {
    if (reply.type === "log") {
      this.log.info(reply.message);
      return;
    }
    const entry = this.folders.get(reply.key);
    if (!entry || entry.generation !== reply.generation) return; // a superseded scan
    if (reply.type === "scanned") {
      this.log.info(
        `Workspace index: ${entry.index.size} Python modules of ${entry.folder.name} in ${reply.ms.toFixed(0)} ms`,
      );
      this.scanned.get(reply.key)?.resolve();
      return;
    }
    for (const file of reply.removed) entry.index.delete(file);
    for (const summary of reply.summaries) entry.index.set(summary);
  }

  private post(request: IndexRequest): void {
    const worker = this.startedWorker();
    if (worker) worker.postMessage(request);
    else (this.inProcess ??= new IndexJobs((reply) => this.receive(reply))).handle(request);
  }

  /** The worker's job, done on this thread when no worker can run. */
  private inProcess: IndexJobs | undefined;

  private startedWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      const worker = new Worker(this.workerScript);
      worker.unref();
      worker.on("message", (reply: IndexReply) => this.receive(reply));
      worker.on("error", (error) =>
        this.fail(`workspace index worker failed, indexing in-process from now on: ${error.message}`),
      );
      worker.on(
        "exit",
        (code) =>
          this.worker === worker &&
          this.fail(`workspace index worker exited (code ${code}), indexing in-process from now on`),
      );
      this.worker = worker;
    } catch (error) {
      this.fail(
        `workspace index worker could not start, indexing in-process: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return this.worker;
  }

  private fail(message: string): void {
    this.log.warn(message);
    this.workerFailed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    this.rescan();
  }

  dispose(): void {
    clearTimeout(this.updateTimer);
    this.workerFailed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const scan of this.scanned.values()) scan.resolve();
    for (const [key, entry] of this.folders)
      this.inProcess?.handle({ type: "drop", key, generation: entry.generation });
    this.folders.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
