import * as path from "node:path";
import * as vscode from "vscode";
import { CompletionService } from "../core/completion/completionService";
import { createPythonPipeline } from "../core/completion/pythonPipeline";
import type { Engine } from "../core/engine/engine";
import { lintSuggestion } from "../core/lint/engine";
import type { PrimingResult } from "../core/lint/primer";
import { Config } from "./config";
import { SuggestionControls } from "./controls";
import { ExplainController } from "./explain/explainController";
import {
  PhiInlineCompletionProvider,
  type ProviderHost,
  type RequestCounts,
  type SuggestionGate,
} from "./inlineCompletionProvider";
import { LintPriming } from "./lintPriming";
import { ReviewController } from "./review/reviewController";
import { ModelManager } from "./modelManager";
import { StatusBar } from "./statusBar";
import { WarmUpScheduler } from "./warmUp";
import { WorkspaceIndexer } from "./workspace/workspaceIndexer";

const PAUSED_KEY = "phiPair.paused";

/**
 * The extension's one context object: it owns every disposable, the model, the completion service built on it,
 * and the UI pieces, and wires them (the command table comes from extension.ts, so no feature imports this module's
 * value). Features get what they need from it; nothing else holds global state.
 */
export class Ctx implements ProviderHost, vscode.Disposable {
  readonly config = new Config();
  readonly log = vscode.window.createOutputChannel("Phi Pair", { log: true });
  readonly statusBar = new StatusBar();
  readonly models: ModelManager;
  /** Security review of suggestions: the provider's gate, the Flagged Suggestions view, diagnostics. */
  readonly review: ReviewController;
  readonly explain: ExplainController;
  readonly controls: SuggestionControls;
  readonly completions = new PhiInlineCompletionProvider(this);
  /** Stubs of the workspace's Python modules for the prompt, indexed on a worker thread. */
  readonly workspaceIndex: WorkspaceIndexer;
  private readonly disposables: vscode.Disposable[] = [];
  private service: { engine: Engine; service: CompletionService } | undefined;
  private readonly lintPriming: LintPriming;

  constructor(
    readonly extensionContext: vscode.ExtensionContext,
    /** Command id → factory of its handler: commands/index.ts's COMMANDS (passed in, so that no module imports ctx.ts back). */
    commands: Readonly<Record<string, (ctx: Ctx) => (...args: unknown[]) => unknown>>,
  ) {
    this.models = new ModelManager(
      this.config,
      path.join(extensionContext.globalStorageUri.fsPath, "models"),
      this.log,
      extensionContext.secrets,
    );
    this.review = new ReviewController(this);
    this.explain = new ExplainController(this);
    this.controls = new SuggestionControls(this);
    this.lintPriming = new LintPriming(this.config, this.log);
    this.workspaceIndex = new WorkspaceIndexer(this.config, this.log);
    this.disposables.push(
      this.log,
      this.statusBar,
      this.models,
      this.review,
      this.explain,
      this.controls,
      this.lintPriming,
      this.workspaceIndex,
    );
    this.statusBar.setPaused(this.paused);
    this.disposables.push(
      this.models.onDidChangeState((state) => this.statusBar.setState(state)),
      this.models.onDidChangeEngine(() => this.dropService()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (Config.affectsEngine(event)) void this.models.reset();
      }),
      vscode.languages.registerInlineCompletionItemProvider({ language: "python" }, this.completions),
      new WarmUpScheduler({
        log: this.log,
        loadedService: () => (this.service?.engine.state.kind === "ready" ? this.service.service : undefined),
        mayWarmUp: (document) => !this.paused && this.controls.allowsModel(document),
      }),
    );
    for (const [id, factory] of Object.entries(commands))
      this.disposables.push(vscode.commands.registerCommand(id, factory(this)));
  }

  /** Settles when the security lint has been primed (or priming was skipped or stopped). */
  get lintPrimed(): Promise<PrimingResult | undefined> {
    return this.lintPriming.primed;
  }

  get gate(): SuggestionGate {
    return this.review;
  }

  requestsChanged(requests: Readonly<RequestCounts>): void {
    this.statusBar.setRequests(requests);
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
      const pipeline = createPythonPipeline((documentId) => this.workspaceIndex.workspaceFor(documentId));
      const service = new CompletionService(
        engine,
        pipeline,
        (prefix, suggestion, suffix) => lintSuggestion(prefix, suggestion, suffix),
        () => this.config.completion,
        this.log,
      );
      service.onDidComplete((event) => this.statusBar.setLastCompletion(event));
      service.onDidReveal(
        (event) => event.stage === "whole" && event.generation && this.statusBar.setLastGeneration(event.generation),
      );
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

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
