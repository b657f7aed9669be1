import * as path from "node:path";
import * as vscode from "vscode";
import { InferenceEngine, type EngineState } from "../core/engine/inferenceEngine";
import { downloadModel, findDownloadedModel } from "../core/model/modelDownload";
import { ModelError, isModelError } from "../core/model/modelErrors";
import { Config, SECTION } from "./config";
import { showError, showInformation, withNotificationProgress } from "./notifications";

const ACTION_DOWNLOAD = "Download Phi-2";
const ACTION_CHOOSE = "Choose GGUF File…";
const ACTION_SETTINGS = "Open Settings";

/**
 * Finds the model file (setting, else an earlier download), owns the engine built on it, and leads the user to
 * a working model: it offers Download / Choose / Settings once per problem, never on every keystroke.
 */
export class ModelManager implements vscode.Disposable {
  private engine: InferenceEngine | undefined;
  private engineListener: { dispose(): void } | undefined;
  private readonly offeredProblems = new Set<string>();
  /** Problems the user was offered a fix for, in order (observable for tests and the log). */
  readonly offers: string[] = [];
  private readonly changed = new vscode.EventEmitter<InferenceEngine | undefined>();
  private readonly stateChanged = new vscode.EventEmitter<EngineState>();
  private downloading: Promise<string | undefined> | undefined;
  /** Fires when the engine is replaced (model or inference settings changed). */
  readonly onDidChangeEngine = this.changed.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly config: Config,
    private readonly modelsDirectory: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): EngineState {
    return this.engine?.state ?? { kind: "not-loaded" };
  }

  get currentEngine(): InferenceEngine | undefined {
    return this.engine;
  }

  async resolveModelPath(): Promise<string | undefined> {
    return this.config.modelPath || (await findDownloadedModel(this.modelsDirectory, this.config.modelUri));
  }

  /** The engine for the configured model, or undefined (after offering a way to get one) when there is none. */
  async getEngine(): Promise<InferenceEngine | undefined> {
    const modelPath = await this.resolveModelPath();
    if (!modelPath) {
      this.offerSetup(new ModelError("not-configured", "Phi Pair has no model yet: download Phi-2 (1.8 GB) or choose a GGUF file."));
      return undefined;
    }
    if (this.engine?.settings.modelPath !== modelPath) await this.replaceEngine(modelPath);
    return this.engine;
  }

  /** Loads the model now; failures are reported to the user once and leave the extension working. */
  async loadEngine(): Promise<InferenceEngine | undefined> {
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

  private async replaceEngine(modelPath: string | undefined): Promise<void> {
    const previous = this.engine;
    this.engineListener?.dispose();
    this.engine = modelPath ? new InferenceEngine(this.config.engineSettings(modelPath), this.log) : undefined;
    this.engineListener = this.engine?.onDidChangeState((state) => this.stateChanged.fire(state));
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
      else if (choice === ACTION_SETTINGS) void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.model`);
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
      const filePath = await withNotificationProgress(
        `Downloading ${uri}`,
        async (progress, token) => {
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
        },
      );
      this.log.info(`Downloaded ${uri} to ${filePath}`);
      this.offeredProblems.clear();
      await this.replaceEngine(filePath);
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
