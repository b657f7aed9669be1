import type { ModelError } from "../model/modelErrors";
import type { ValidatedModel } from "../model/ggufValidation";
import type { WorkPriority } from "./priorityLock";
import type { ServerError } from "./serverErrors";

/** The two ways of asking a server for a completion: llama-server's native API, or the OpenAI-compatible one. */
export type ServerApi = "llama.cpp" | "openai";

/** The server behind the server backend (issue 17), as it described itself at connect. */
export interface ServerInfo {
  /** The server's base URL (never with credentials). */
  url: string;
  api: ServerApi;
  /** The model's name as the server reports it. */
  model: string;
  /** llama-server's parallel slots (`-np`); unknown for OpenAI-compatible servers. */
  slots?: number;
}

export type EngineState =
  | { kind: "not-loaded" }
  | { kind: "loading" }
  | { kind: "ready"; model: ValidatedModel; backend: string; loadMs: number; server?: ServerInfo }
  | { kind: "error"; error: ModelError | ServerError };

export type StopReason = "end-of-text" | "stop-trigger" | "max-tokens" | "time-cap" | "aborted";

export interface GenerateRequest {
  prompt: string;
  priority: Exclude<WorkPriority, "warmup">;
  maxTokens: number;
  temperature: number;
  stopTriggers?: readonly string[];
  /** Generation stops with the text so far after this many milliseconds (prefill included). */
  timeCapMs?: number;
  signal?: AbortSignal;
  /**
   * Each chunk of text as it is generated. Returning true ends the generation with the text so far (stop reason
   * "stop-trigger"): the caller already has all of the answer it can use.
   */
  onText?: (chunk: string) => boolean | void;
  /**
   * Bench only (teacher forcing): each next token is biased (+1000 logits) to this text's tokens, so a model with
   * random weights writes real code at its normal per-token cost; the generation ends after them (or earlier by
   * the usual stop rules). Forcing the EOS token would not stop it, hence the token limit.
   */
  forcedContinuation?: string;
}

export interface GenerateResult {
  text: string;
  stopReason: StopReason;
  promptTokens: number;
  /** Prompt tokens that had to be evaluated; the rest came from the KV cache. */
  evaluatedPromptTokens: number;
  generatedTokens: number;
  prefillMs: number;
  generationMs: number;
  totalMs: number;
}

export interface WarmUpResult {
  promptTokens: number;
  evaluatedPromptTokens: number;
  aborted: boolean;
  ms: number;
}

/**
 * What completion, explain and the extension need from whatever runs the model: the in-process model
 * (InferenceEngine) or a shared server (ServerEngine, issue 17). Features depend on this, never on an implementation.
 */
export interface Engine {
  readonly state: EngineState;
  /** The context window the prompt builders fit into (the model's own may be smaller, see `state`). */
  readonly settings: Readonly<{ contextSize: number }>;
  onDidChangeState(listener: (state: EngineState) => void): { dispose(): void };
  /** Makes the engine ready (loads the model); rejects with the reason it cannot be. */
  load(): Promise<unknown>;
  /** A synchronous token counter for the prompt builders; makes the engine ready if needed. */
  tokenCounter(): Promise<(text: string) => number>;
  /** Evaluates the stable part of an upcoming prompt at idle; any other request preempts it. */
  warmUp(prompt: string, signal?: AbortSignal): Promise<WarmUpResult>;
  /** Generates a continuation of `prompt`. Aborting resolves with the text so far. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  dispose(): Promise<void>;
}
