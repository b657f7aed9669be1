import * as path from "node:path";
import * as vscode from "vscode";
import type { Engine } from "../core/engine/engine";
import { InferenceEngine, type EngineState } from "../core/engine/inferenceEngine";
import { ServerEngine } from "../core/engine/serverEngine";
import { isServerError, type ServerError } from "../core/engine/serverErrors";
import { downloadModel, findDownloadedModel } from "../core/model/modelDownload";
import { ModelError, isModelError } from "../core/model/modelErrors";
import { Config, SECTION } from "./config";
import { showError, showInformation, withNotificationProgress } from "./notifications";

const ACTION_DOWNLOAD = "Download Phi-2";
const ACTION_CHOOSE = "Choose GGUF File…";
const ACTION_SETTINGS = "Open Settings";
const ACTION_API_KEY = "Set API Key";
const ACTION_LOG = "Show Log";
/** Where the server backend's API key is kept (SecretStorage: the OS keychain, never settings.json). */
export const SERVER_API_KEY_SECRET = "phiPair.server.apiKey";

/**
 * Finds the model file (setting, else an earlier download), owns the engine built on it, and leads the user to
 * a working model: it offers Download / Choose / Settings once per problem, never on every keystroke.
 * With `phiPair.inference.backend: server` the engine is a ServerEngine instead, and no local model is loaded.
 */
export class ModelManager implements vscode.Disposable {
  private engine: InferenceEngine | ServerEngine | undefined;
  private engineListener: { dispose(): void } | undefined;
  private readonly offeredProblems = new Set<string>();
  /** Problems the user was offered a fix for, in order (observable for tests and the log). */
  readonly offers: string[] = [];
  private readonly changed = new vscode.EventEmitter<Engine | undefined>();
  private readonly stateChanged = new vscode.EventEmitter<EngineState>();
  private downloading: Promise<string | undefined> | undefined;
  /** Fires when the engine is replaced (model or inference settings changed). */
  readonly onDidChangeEngine = this.changed.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly config: Config,
    private readonly modelsDirectory: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  get state(): EngineState {
    return this.engine?.state ?? { kind: "not-loaded" };
  }

  /** The local engine, when that is the one in use. */
  get currentEngine(): InferenceEngine | undefined {
    return this.engine instanceof InferenceEngine ? this.engine : undefined;
  }

  /** The engine in use, local or server. */
  get activeEngine(): Engine | undefined {
    return this.engine;
  }

  async resolveModelPath(): Promise<string | undefined> {
    return this.config.modelPath || (await findDownloadedModel(this.modelsDirectory, this.config.modelUri));
  }

  /** The engine for the configured model, or undefined (after offering a way to get one) when there is none. */
  async getEngine(): Promise<Engine | undefined> {
    if (this.config.backend === "server") {
      if (!(this.engine instanceof ServerEngine)) {
        const apiKey = await this.secrets.get(SERVER_API_KEY_SECRET);
        await this.replaceEngine(new ServerEngine(this.config.serverEngineSettings(apiKey), this.log));
      }
      return this.engine;
    }
    const modelPath = await this.resolveModelPath();
    if (!modelPath) {
      this.offerSetup(
        new ModelError("not-configured", "Phi Pair has no model yet: download Phi-2 (1.8 GB) or choose a GGUF file."),
      );
      return undefined;
    }
    if (!(this.engine instanceof InferenceEngine) || this.engine.settings.modelPath !== modelPath) {
      await this.replaceEngine(new InferenceEngine(this.config.engineSettings(modelPath), this.log));
    }
    return this.engine;
  }

  /** Asks for the server's API key and keeps it in SecretStorage (empty: remove it); the next request uses it. */
  async setServerApiKey(): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: "Phi Pair: API key of the completion server",
      prompt:
        "The key the server was started with (llama-server --api-key, vLLM --api-key). Stored in the system keychain, never in settings. Empty: remove it.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === "") await this.secrets.delete(SERVER_API_KEY_SECRET);
    else await this.secrets.store(SERVER_API_KEY_SECRET, key.trim());
    this.log.info(key.trim() === "" ? "Server API key removed" : "Server API key stored in SecretStorage");
    await this.reset();
  }

  /** Loads the model now; failures are reported to the user once and leave the extension working. */
  async loadEngine(): Promise<Engine | undefined> {
    const engine = await this.getEngine();
    if (!engine) return undefined;
    try {
      await engine.load();
      return engine;
    } catch (error) {
      this.reportFailure(error);
      return undefined;
    }
  }

  private async replaceEngine(engine: InferenceEngine | ServerEngine | undefined): Promise<void> {
    const previous = this.engine;
    this.engineListener?.dispose();
    this.engine = engine;
    this.engineListener = this.engine?.onDidChangeState((state) => {
      if (state.kind === "ready") this.offeredProblems.clear(); // a later outage is offered again
      if (state.kind === "error" && isServerError(state.error)) this.offerServerFix(state.error);
      this.stateChanged.fire(state);
    });
    this.stateChanged.fire(this.state);
    this.changed.fire(this.engine);
    await previous?.dispose();
  }

  /** Settings changed: drop the engine; the next request builds one with the new settings. */
  async reset(): Promise<void> {
    this.offeredProblems.clear();
    await this.replaceEngine(undefined);
  }

  reportFailure(error: unknown): void {
    if (isModelError(error)) this.offerSetup(error);
    else if (isServerError(error)) this.offerServerFix(error);
    else this.log.error(`Model error: ${error instanceof Error ? error.message : String(error)}`);
  }

  private offerSetup(error: ModelError): void {
    const key = `${error.problem}:${error.modelPath ?? ""}`;
    if (this.offeredProblems.has(key)) return;
    this.offeredProblems.add(key);
    this.offers.push(error.problem);
    this.log.warn(error.message);
    const show = error.problem === "not-configured" ? showInformation : showError;
    void show(error.message, ACTION_DOWNLOAD, ACTION_CHOOSE, ACTION_SETTINGS).then((choice) => {
      if (choice === ACTION_DOWNLOAD) void vscode.commands.executeCommand("phiPair.downloadModel");
      else if (choice === ACTION_CHOOSE) void vscode.commands.executeCommand("phiPair.chooseModelFile");
      else if (choice === ACTION_SETTINGS)
        void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.model`);
    });
  }

  /** A server problem, once per problem until the server works again, with the action that fixes it. */
  private offerServerFix(error: ServerError): void {
    const key = `server:${error.problem}`;
    if (this.offeredProblems.has(key)) return;
    this.offeredProblems.add(key);
    this.offers.push(error.problem);
    this.log.warn(error.message);
    const actions = error.problem === "unauthorized" ? [ACTION_API_KEY, ACTION_LOG] : [ACTION_SETTINGS, ACTION_LOG];
    void showError(`Phi Pair server: ${error.message}`, ...actions).then((choice) => {
      if (choice === ACTION_API_KEY) void vscode.commands.executeCommand("phiPair.setServerApiKey");
      else if (choice === ACTION_SETTINGS)
        void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server`);
      else if (choice === ACTION_LOG) this.log.show();
    });
  }

  /** Downloads the configured model URI with a cancellable progress notification; resumes a partial download. */
  download(): Promise<string | undefined> {
    this.downloading ??= this.runDownload().finally(() => (this.downloading = undefined));
    return this.downloading;
  }

  private async runDownload(): Promise<string | undefined> {
    const uri = this.config.modelUri;
    try {
      const filePath = await withNotificationProgress(`Downloading ${uri}`, async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort(new Error("Download cancelled")));
        let reported = 0;
        return downloadModel({
          uri,
          directory: this.modelsDirectory,
          huggingFaceEndpoint: this.config.downloadEndpoint,
          signal: controller.signal,
          onProgress: ({ downloadedBytes, totalBytes }) => {
            if (totalBytes <= 0) return;
            const percent = (100 * downloadedBytes) / totalBytes;
            progress.report({
              increment: percent - reported,
              message: `${percent.toFixed(0)} % of ${formatBytes(totalBytes)}`,
            });
            reported = percent;
          },
        });
      });
      this.log.info(`Downloaded ${uri} to ${filePath}`);
      this.offeredProblems.clear();
      if (this.config.backend === "local")
        await this.replaceEngine(new InferenceEngine(this.config.engineSettings(filePath), this.log));
      void showInformation(`Phi-2 is ready (${path.basename(filePath)}).`);
      return filePath;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Download of ${uri} failed: ${message}`);
      void showError(`Model download failed: ${message}. Run "Phi Pair: Download Phi-2 Model" again to resume.`);
      return undefined;
    }
  }

  /** Lets the user pick a .gguf file and stores it in the (machine-scoped) model path setting. */
  async chooseFile(): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: "Use this model",
      filters: { "GGUF model": ["gguf"] },
    });
    const filePath = picked?.[0]?.fsPath;
    if (!filePath) return undefined;
    await vscode.workspace.getConfiguration(SECTION).update("model.path", filePath, vscode.ConfigurationTarget.Global);
    return filePath;
  }

  dispose(): void {
    this.engineListener?.dispose();
    void this.engine?.dispose();
    this.changed.dispose();
    this.stateChanged.dispose();
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}
