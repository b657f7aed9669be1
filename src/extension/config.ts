import * as os from "node:os";
import * as vscode from "vscode";
import type { CompletionOptions } from "../core/completion/completionService";
import type { EngineSettings } from "../core/engine/inferenceEngine";
import { DEFAULT_SERVER_LIMITS, type ServerEngineSettings } from "../core/engine/serverEngine";
import { DEFAULT_MODEL_URI } from "../core/model/modelDownload";
import type { SecurityPolicy } from "../core/review/policy";

export const SECTION = "phiPair";


export interface CompletionSettings extends CompletionOptions {
  trigger: "automatic" | "manual";
}

/** Typed view of the extension's settings; read on demand so changes apply without a reload. */
export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get modelPath(): string {
    return this.raw.get<string>("model.path", "").trim();
  }

  get modelUri(): string {
    return this.raw.get<string>("model.uri", DEFAULT_MODEL_URI).trim() || DEFAULT_MODEL_URI;
  }

  get downloadEndpoint(): string | undefined {
    return this.raw.get<string>("model.downloadEndpoint", "").trim() || undefined;
  }

  engineSettings(modelPath: string): EngineSettings {
    const threads = this.raw.get<number>("inference.threads", 0);
    return {
      modelPath,
      threads: threads > 0 ? threads : Math.max(1, os.availableParallelism()),
      gpu: this.raw.get<"auto" | "off">("inference.gpu", "auto"),
      contextSize: this.raw.get<number>("inference.contextSize", 2048),
      batchSize: this.raw.get<number>("inference.batchSize", 512),
      prefillChunkTokens: this.raw.get<number>("inference.prefillChunkTokens", 64),
      flashAttention: this.raw.get<EngineSettings["flashAttention"]>("inference.flashAttention", "auto"),
    };
  }

  /** `local`: the model in the extension host; `server`: a shared llama-server or OpenAI-compatible server. */
  get backend(): "local" | "server" {
    return this.raw.get<"local" | "server">("inference.backend", "local");
  }

  /** The server backend's settings; the API key comes from SecretStorage, never from settings. */
  serverEngineSettings(apiKey: string | undefined): ServerEngineSettings {
    return { ...DEFAULT_SERVER_LIMITS, url: this.raw.get<string>("server.url", ""), apiKey, contextSize: this.raw.get<number>("inference.contextSize", 2048) };
  }

  get completion(): CompletionSettings {
    const raw = this.raw;
    return {
      trigger: raw.get<"automatic" | "manual">("completion.trigger", "automatic"),
      debounceMs: raw.get<number>("completion.debounceMs", 0),
      maxTokens: raw.get<number>("completion.maxTokens", 64),
      maxLines: raw.get<number>("completion.maxLines", 8),
      temperature: raw.get<number>("completion.temperature", 0.1),
      timeCapMs: raw.get<number>("completion.timeCapMs", 6000),
      promptTokenBudget: raw.get<number>("completion.promptTokenBudget", 1024),
    };
  }

  get securityPolicy(): SecurityPolicy {
    return this.raw.get<SecurityPolicy>("security.policy", "annotate");
  }

  get lintOpenFiles(): boolean {
    return this.raw.get<boolean>("security.lintOpenFiles", true);
  }

  get explainMaxTokens(): number {
    return this.raw.get<number>("explain.maxTokens", 256);
  }

  /** Settings whose change needs a new engine (the model is reloaded lazily). */
  static affectsEngine(event: vscode.ConfigurationChangeEvent): boolean {
    return ["model.path", "model.uri", "inference", "server"].some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
  }
}
