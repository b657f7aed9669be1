import * as path from "node:path";
import * as vscode from "vscode";
import { CompletionService, WARM_UP_IDLE_MS } from "../core/completion/completionService";
import { pythonPipeline } from "../core/completion/pythonPipeline";
import type { Engine } from "../core/engine/engine";
import { lintSuggestion } from "../core/lint/engine";
import { primeLinter, type PrimingResult } from "../core/lint/primer";
import { COMMANDS } from "./commands";
import { Config } from "./config";
import { PhiInlineCompletionProvider, type ProviderHost, type RequestCounts, type SuggestionGate } from "./inlineCompletionProvider";
import { ReviewController } from "./review/reviewController";
import { ModelManager } from "./modelManager";
import { StatusBar } from "./statusBar";

const PAUSED_KEY = "phiPair.paused";
/** Priming waits for activation's burst of work (other extensions, the first document) to pass. */
const LINT_PRIMING_DELAY_MS = 1500;

/**
 * The extension's one context object: it owns every disposable, the model, the completion service built on it,
 * and the UI pieces. Features get what they need from it; nothing else holds global state.
 */
export class Ctx implements ProviderHost, vscode.Disposable {
  readonly config = new Config();
  readonly log = vscode.window.createOutputChannel("Phi Pair", { log: true });
  readonly statusBar = new StatusBar();
  readonly models: ModelManager;
  /** Security review of suggestions: the provider's gate, the Flagged Suggestions view, diagnostics. */
  readonly review: ReviewController;
  readonly completions = new PhiInlineCompletionProvider(this);
  private readonly disposables: vscode.Disposable[] = [];
  private service: { engine: Engine; service: CompletionService } | undefined;
  private warmUpTimer: NodeJS.Timeout | undefined;
  private warmUpController: AbortController | undefined;
  private readonly lintPriming = new AbortController();
  /** Settles when the security lint has been primed (or priming was skipped or stopped). */
  readonly lintPrimed: Promise<PrimingResult | undefined>;

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    this.models = new ModelManager(this.config, path.join(extensionContext.globalStorageUri.fsPath, "models"), this.log, extensionContext.secrets);
    this.review = new ReviewController(this);
    this.disposables.push(this.log, this.statusBar, this.models, this.review);
    this.statusBar.setPaused(this.paused);
    this.disposables.push(
      this.models.onDidChangeState((state) => this.statusBar.setState(state)),
      this.models.onDidChangeEngine(() => this.dropService()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (Config.affectsEngine(event)) void this.models.reset();
      }),
      vscode.languages.registerInlineCompletionItemProvider({ language: "python" }, this.completions),
      vscode.window.onDidChangeTextEditorSelection((event) => this.scheduleWarmUp(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.scheduleWarmUp(editor)),
    );
    for (const [id, factory] of Object.entries(COMMANDS)) this.registerCommand(id, factory(this));
    this.lintPrimed = this.primeLint();
  }

  /**
   * Lints sample suggestions (built-in modules and the open Python files) on idle after activation, while no
   * suggestion can exist yet (the model loads on the first request), so the lint of the first real suggestions
   * runs as optimized code: bench/lint-bench.ts measures p99 primed vs cold.
   */
  private async primeLint(): Promise<PrimingResult | undefined> {
    await new Promise((resolve) => setTimeout(resolve, LINT_PRIMING_DELAY_MS));
    if (this.lintPriming.signal.aborted || this.config.securityPolicy === "off") return undefined;
    const documents = vscode.workspace.textDocuments.filter((document) => document.languageId === "python").map((document) => document.getText());
    try {
      const result = await primeLinter({ documents, signal: this.lintPriming.signal });
      this.log.info(`Security lint primed: ${result.rounds} lints of ${result.samples} sample suggestions in ${result.elapsedMs.toFixed(0)} ms`);
      return result;
    } catch (error) {
      this.log.warn(`Security lint priming stopped: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  get gate(): SuggestionGate {
    return this.review;
  }

  requestsChanged(requests: Readonly<RequestCounts>): void {
    this.statusBar.setRequests(requests);
  }

  registerCommand(id: string, handler: (...args: unknown[]) => unknown): void {
    this.disposables.push(vscode.commands.registerCommand(id, handler));
  }

  /** Adds a disposable to the context's lifetime. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  get paused(): boolean {
    return this.extensionContext.globalState.get<boolean>(PAUSED_KEY, false);
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.extensionContext.globalState.update(PAUSED_KEY, paused);
    this.statusBar.setPaused(paused);
  }

  /** The completion service for the current model; loads the model on first use. */
  async completionService(): Promise<CompletionService | undefined> {
    const engine = await this.models.getEngine();
    if (!engine) return undefined;
    if (this.service?.engine !== engine) {
      const service = new CompletionService(engine, pythonPipeline, (prefix, suggestion, suffix) => lintSuggestion(prefix, suggestion, suffix), () => this.config.completion, this.log);
      service.onDidComplete((event) => this.statusBar.setLastCompletion(event));
      this.service = { engine, service };
    }
    try {
      await engine.load();
    } catch (error) {
      this.models.reportFailure(error);
      return undefined;
    }
    return this.service.service;
  }

  private dropService(): void {
    this.service?.service.reset();
    this.service = undefined;
  }

  /**
   * At idle, pre-evaluates the stable part of the prompt for where the cursor is (file opened, cursor moved
   * into another function). Only once the model is loaded: opening a file must not load a 1.8 GB model.
   */
  private scheduleWarmUp(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== "python" || this.paused) return;
    clearTimeout(this.warmUpTimer);
    this.warmUpTimer = setTimeout(() => {
      const service = this.service;
      if (!service || service.engine.state.kind !== "ready") return;
      this.warmUpController?.abort();
      const controller = (this.warmUpController = new AbortController());
      const document = editor.document;
      service.service.warmUp(document.getText(), document.offsetAt(editor.selection.active), controller.signal).catch((error: unknown) => {
        this.log.debug(`Warm-up skipped: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, WARM_UP_IDLE_MS);
  }

  dispose(): void {
    this.lintPriming.abort();
    clearTimeout(this.warmUpTimer);
    this.warmUpController?.abort();
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
