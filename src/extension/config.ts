import * as os from "node:os";
import * as vscode from "vscode";
import type { CompletionOptions } from "../core/completion/completionService";
import type { ControlSettings } from "../core/controls/suggestionControls";
import type { EngineSettings } from "../core/engine/inferenceEngine";
import { DEFAULT_SERVER_LIMITS, type ServerEngineSettings } from "../core/engine/serverEngine";
import type { SecurityPolicy } from "../core/review/policy";

export const SECTION = "phiPair";

export interface WorkspaceSettings {
  /** Workspace stubs in the prompt (off also when maxTokens is 0). */
  context: boolean;
  maxTokens: number;
  maxFiles: number;
  /** Similar code from the recently used open files, in what the stubs leave of the block. */
  similarCode: boolean;
}

/**
 * Typed view of the extension's settings; read on demand so changes apply without a reload. The defaults live in
 * package.json only: VS Code answers every contributed setting with its manifest default when nobody set it.
 */
export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** A contributed setting's value (the manifest's default when unset); `scope`: the document, for resource settings. */
  private value<T>(key: string, scope?: vscode.ConfigurationScope): T {
    const value = (scope ? vscode.workspace.getConfiguration(SECTION, scope) : this.raw).get<T>(key);
    if (value === undefined)
      throw new Error(`${SECTION}.${key} is not a setting of package.json's contributes.configuration`);
    return value;
  }

  get modelPath(): string {
    return this.value<string>("model.path").trim();
  }

  /** A blank `phiPair.model.uri` means the default model. */
  get modelUri(): string {
    return this.value<string>("model.uri").trim() || (this.raw.inspect<string>("model.uri")?.defaultValue ?? "");
  }

  get downloadEndpoint(): string | undefined {
    return this.value<string>("model.downloadEndpoint").trim() || undefined;
  }

  engineSettings(modelPath: string): EngineSettings {
    const threads = this.value<number>("inference.threads");
    return {
      modelPath,
      threads: threads > 0 ? threads : Math.max(1, os.availableParallelism()),
      gpu: this.value<EngineSettings["gpu"]>("inference.gpu"),
      contextSize: this.value<number>("inference.contextSize"),
      batchSize: this.value<number>("inference.batchSize"),
      prefillChunkTokens: this.value<number>("inference.prefillChunkTokens"),
      flashAttention: this.value<EngineSettings["flashAttention"]>("inference.flashAttention"),
      speculative: this.value<NonNullable<EngineSettings["speculative"]>>("inference.speculative"),
    };
  }

  /** `local`: the model in the extension host; `server`: a shared llama-server or OpenAI-compatible server. */
  get backend(): "local" | "server" {
    return this.value<"local" | "server">("inference.backend");
  }

  /** The server backend's settings; the API key comes from SecretStorage, never from settings. */
  serverEngineSettings(apiKey: string | undefined): ServerEngineSettings {
    return {
      ...DEFAULT_SERVER_LIMITS,
      url: this.value<string>("server.url"),
      apiKey,
      contextSize: this.value<number>("inference.contextSize"),
    };
  }

  get completion(): CompletionOptions {
    return {
      debounceMs: this.value<number>("completion.debounceMs"),
      maxTokens: this.value<number>("completion.maxTokens"),
      maxLines: this.value<number>("completion.maxLines"),
      temperature: this.value<number>("completion.temperature"),
      timeCapMs: this.value<number>("completion.timeCapMs"),
      promptTokenBudget: this.value<number>("completion.promptTokenBudget"),
    };
  }

  /** Where and when suggestions may show (src/core/controls). */
  get controls(): ControlSettings {
    return {
      trigger: this.value<ControlSettings["trigger"]>("completion.trigger"),
      enable: this.value<ControlSettings["enable"]>("completion.enable"),
      inCommentsAndStrings: this.value<boolean>("completion.inCommentsAndStrings"),
    };
  }

  /** `phiPair.completion.exclude` as it applies to `document` (a workspace folder may set its own). */
  exclude(document: vscode.TextDocument): string[] {
    return this.value<string[]>("completion.exclude", document);
  }

  get securityPolicy(): SecurityPolicy {
    return this.value<SecurityPolicy>("security.policy");
  }

  get lintOpenFiles(): boolean {
    return this.value<boolean>("security.lintOpenFiles");
  }

  get workspace(): WorkspaceSettings {
    const maxTokens = this.value<number>("workspace.maxTokens");
    return {
      context: this.value<boolean>("workspace.context") && maxTokens > 0,
      maxTokens,
      maxFiles: this.value<number>("workspace.maxFiles"),
      similarCode: this.value<boolean>("workspace.similarCode"),
    };
  }

  get explainMaxTokens(): number {
    return this.value<number>("explain.maxTokens");
  }

  /** Settings whose change needs a new engine (the model is reloaded lazily). */
  static affectsEngine(event: vscode.ConfigurationChangeEvent): boolean {
    return ["model.path", "model.uri", "inference", "server"].some((key) =>
      event.affectsConfiguration(`${SECTION}.${key}`),
    );
  }
}
