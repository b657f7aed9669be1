import type {
  Llama,
  LlamaCompletion,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
  TokenBias,
} from "node-llama-cpp" with { "resolution-mode": "import" };
import type { Logger } from "../logger";
import { silentLogger } from "../logger";
import { ModelError, isModelError } from "../model/modelErrors";
import { validateModelFile } from "../model/ggufValidation";
import type { Engine, EngineState, GenerateRequest, GenerateResult, StopReason, WarmUpResult } from "./engine";
import { PRIORITY_RANK, PriorityLock, type WorkPriority } from "./priorityLock";
import { createSuggestionTokenPredictor } from "./suggestionPredictor";

// The contract types live with the interface; re-exported for the modules that import them from here.
export type { EngineState, GenerateRequest, GenerateResult, StopReason, WarmUpResult } from "./engine";

export interface EngineSettings {
  modelPath: string;
  /** CPU threads for evaluation; node-llama-cpp's own default (≥ 4) is 25× slower on a 2-core machine. */
  threads: number;
  /** "auto" uses a GPU backend when one is installed and usable; "off" forces the CPU. */
  gpu: "auto" | "off";
  contextSize: number;
  batchSize: number;
  /** Prompt tokens evaluated per step, so a long prefill can be preempted between steps. */
  prefillChunkTokens: number;
  /**
   * "auto": off on the CPU, llama.cpp's own choice on a GPU. On the CPU, llama.cpp's flash-attention kernel makes
   * decoding slow down with context (Phi-2-shaped, 2 threads: 11 tok/s at 512 tokens vs 17 without it), which
   * costs more than the ~10% it gains in prompt evaluation (README, Performance).
   */
  flashAttention: "auto" | "on" | "off";
  /**
   * "suggestion-draft": speculative decoding with drafts from the previous suggestion re-aligned to the new prompt
   * (suggestionPredictor.ts); verification is greedy, so the text is the same, only sooner where drafts hold.
   * Absent or "off": plain decoding. Teacher forcing (`forcedContinuation`) needs it off: node-llama-cpp does not
   * apply the forcing bias to drafted positions.
   */
  speculative?: "off" | "suggestion-draft";
}

interface LoadedModel {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
}

const TIME_CAP = Symbol("time-cap");
/** The caller's onText said the answer is complete. */
const ENOUGH = Symbol("enough");

/**
 * Owns the model: loads it lazily on first use, keeps one context with one long-lived sequence so that
 * consecutive prompts reuse their common KV prefix, and runs one piece of work at a time by priority
 * (explain > completion > warm-up; a higher priority preempts a running lower one).
 */
export class InferenceEngine implements Engine {
  private loaded: Promise<LoadedModel> | undefined;
  private currentState: EngineState = { kind: "not-loaded" };
  private readonly stateListeners = new Set<(state: EngineState) => void>();
  private readonly lock = new PriorityLock();
  private running: { priority: WorkPriority; controller: AbortController } | undefined;
  private disposed = false;
  private workInProgress = 0;
  private peakWork = 0;
  private clampLogged: number | undefined;

  constructor(
    readonly settings: Readonly<EngineSettings>,
    private readonly logger: Logger = silentLogger,
  ) {}

  get state(): EngineState {
    return this.currentState;
  }

  /** The most pieces of work (generations, warm-ups) that ever ran on the model at once; the lock keeps it at 1. */
  get peakConcurrentWork(): number {
    return this.peakWork;
  }

  onDidChangeState(listener: (state: EngineState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** Number of tokens `text` takes; loads the model if needed. */
  async countTokens(text: string): Promise<number> {
    return (await this.load()).model.tokenize(text).length;
  }

  /** A synchronous token counter for the prompt builder; loads the model if needed. */
  async tokenCounter(): Promise<(text: string) => number> {
    const { model } = await this.load();
    return (text) => model.tokenize(text).length;
  }

  load(): Promise<LoadedModel> {
    if (this.disposed) return Promise.reject(new Error("The inference engine was disposed"));
    this.loaded ??= this.loadModel();
    return this.loaded;
  }

  private setState(state: EngineState): void {
    this.currentState = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private async loadModel(): Promise<LoadedModel> {
    this.setState({ kind: "loading" });
    const started = performance.now();
    try {
      const validated = await validateModelFile(this.settings.modelPath);
      const { getLlama, LlamaCompletion, LlamaLogLevel } = await import("node-llama-cpp");
      const llama = await getLlama({
        build: "never",
        gpu: this.settings.gpu === "off" ? false : "auto",
        maxThreads: this.settings.threads,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => this.logger.debug(`llama.cpp [${level}] ${message.trim()}`),
      });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: validated.path });
      } catch (error) {
        await llama.dispose();
        throw new ModelError(
          "load-failed",
          `llama.cpp could not load ${validated.path}: ${errorText(error)}`,
          validated.path,
          { cause: error },
        );
      }
      let context: LlamaContext;
      try {
        context = await model.createContext({
          contextSize: Math.min(this.settings.contextSize, validated.contextLength ?? this.settings.contextSize),
          batchSize: this.settings.batchSize,
          threads: this.settings.threads,
          sequences: 1,
          flashAttention: flashAttentionFor(this.settings.flashAttention, llama.gpu !== false),
        });
      } catch (error) {
        await model.dispose();
        await llama.dispose();
        throw new ModelError(
          "out-of-memory",
          `Not enough memory for a ${this.settings.contextSize}-token context: ${errorText(error)}. Lower phiPair.inference.contextSize.`,
          validated.path,
          { cause: error },
        );
      }
      const sequence = context.getSequence(
        this.settings.speculative === "suggestion-draft"
          ? { tokenPredictor: await createSuggestionTokenPredictor() }
          : undefined,
      );
      const loaded = {
        llama,
        model,
        context,
        sequence,
        completion: new LlamaCompletion({ contextSequence: sequence }),
      };
      const loadMs = Math.round(performance.now() - started);
      this.logger.info(
        `Loaded ${validated.path} (${model.typeDescription}, ${(validated.sizeBytes / 1e6).toFixed(0)} MB) on ${llama.gpu || "CPU"} with ${this.settings.threads} threads, context ${context.contextSize}, flash attention ${context.flashAttention ? "on" : "off"}, in ${loadMs} ms`,
      );
      if (this.disposed) {
        await llama.dispose();
        throw new Error("The inference engine was disposed while loading");
      }
      this.setState({ kind: "ready", model: validated, backend: llama.gpu || "cpu", loadMs });
      return loaded;
    } catch (error) {
      const modelError = isModelError(error)
        ? error
        : new ModelError("load-failed", `Model failed to load: ${errorText(error)}`, this.settings.modelPath, {
            cause: error,
          });
      this.loaded = undefined; // a later request may retry (e.g. after the file was fixed)
      this.setState({ kind: "error", error: modelError });
      throw modelError;
    }
  }

  /** Aborts running work of lower priority, so that `priority` gets the model next. */
  private preemptBelow(priority: WorkPriority): void {
    if (this.running && PRIORITY_RANK[this.running.priority] < PRIORITY_RANK[priority]) {
      this.running.controller.abort(new Error(`preempted by ${priority}`));
    }
  }

  private async exclusive<T>(
    priority: WorkPriority,
    signal: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    this.preemptBelow(priority);
    const release = await this.lock.acquire(priority, signal);
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forwardAbort, { once: true });
    if (signal?.aborted) controller.abort(signal.reason);
    this.running = { priority, controller };
    this.workInProgress++;
    this.peakWork = Math.max(this.peakWork, this.workInProgress);
    try {
      return await work(controller.signal);
    } finally {
      this.workInProgress--;
      this.running = undefined;
      signal?.removeEventListener("abort", forwardAbort);
      release();
    }
  }

  /**
   * Brings the KV cache to `tokens` in chunks, keeping the common prefix already there.
   * Returns how many tokens were evaluated; stops early (without error) when the signal aborts.
   */
  private async prefill(loaded: LoadedModel, tokens: Token[], signal: AbortSignal): Promise<number> {
    const { sequence } = loaded;
    await sequence.adaptStateToTokens(tokens, false);
    let evaluated = 0;
    while (sequence.nextTokenIndex < tokens.length && !signal.aborted) {
      const chunk = tokens.slice(sequence.nextTokenIndex, sequence.nextTokenIndex + this.settings.prefillChunkTokens);
      await sequence.evaluateWithoutGeneratingNewTokens(chunk);
      evaluated += chunk.length;
    }
    return evaluated;
  }

  /**
   * `maxTokens`, but at most half the context: a `maxTokens` at or above the context size would leave no room
   * for the prompt, which `fitToContext` would then cut to nothing. Logged once per clamped value.
   */
  private limitGeneration(loaded: LoadedModel, maxTokens: number): number {
    const limit = generationLimit(loaded.context.contextSize, maxTokens);
    if (limit < maxTokens && this.clampLogged !== maxTokens) {
      this.clampLogged = maxTokens;
      this.logger.warn(
        `maxTokens ${maxTokens} would leave no room for the prompt in the ${loaded.context.contextSize}-token context: generating at most ${limit} tokens. Lower phiPair.completion.maxTokens (or phiPair.explain.maxTokens), or raise phiPair.inference.contextSize.`,
      );
    }
    return limit;
  }

  /** Keeps the prompt within the context, leaving room for `maxTokens`: the oldest tokens go first. */
  private fitToContext(loaded: LoadedModel, tokens: Token[], maxTokens: number): Token[] {
    const room = loaded.context.contextSize - maxTokens;
    if (tokens.length <= room) return tokens;
    this.logger.warn(`Prompt of ${tokens.length} tokens cut to the last ${room} to fit the context`);
    return tokens.slice(tokens.length - room);
  }

  /**
   * Evaluates the stable part of an upcoming prompt at idle, so the next request only pays for what
   * follows it. Any other request preempts it.
   */
  async warmUp(prompt: string, signal?: AbortSignal): Promise<WarmUpResult> {
    const loaded = await this.load();
    const started = performance.now();
    try {
      return await this.exclusive("warmup", signal, async (workSignal) => {
        // The last tokens of a prefix may merge differently once more text follows; leave them out.
        const tokens = this.fitToContext(loaded, loaded.model.tokenize(prompt), 1).slice(0, -1);
        const evaluated = await this.prefill(loaded, tokens, workSignal);
        return {
          promptTokens: tokens.length,
          evaluatedPromptTokens: evaluated,
          aborted: workSignal.aborted,
          ms: performance.now() - started,
        };
      });
    } catch (error) {
      if (signal?.aborted)
        return { promptTokens: 0, evaluatedPromptTokens: 0, aborted: true, ms: performance.now() - started };
      throw error;
    }
  }

  /** Generates a continuation of `prompt`. Aborting (signal, preemption) resolves with the text so far. */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const loaded = await this.load();
    const started = performance.now();
    const aborted = (): GenerateResult => ({
      text: "",
      stopReason: "aborted",
      promptTokens: 0,
      evaluatedPromptTokens: 0,
      generatedTokens: 0,
      prefillMs: 0,
      generationMs: 0,
      totalMs: performance.now() - started,
    });
    try {
      return await this.exclusive(request.priority, request.signal, async (workSignal) => {
        const controller = new AbortController();
        const stop = (reason: unknown) => controller.abort(reason);
        workSignal.addEventListener("abort", () => stop(workSignal.reason), { once: true });
        if (workSignal.aborted) stop(workSignal.reason);
        const timer = request.timeCapMs === undefined ? undefined : setTimeout(() => stop(TIME_CAP), request.timeCapMs);
        try {
          const maxTokens = this.limitGeneration(loaded, request.maxTokens);
          const tokens = this.fitToContext(loaded, loaded.model.tokenize(request.prompt), maxTokens);
          const meterBefore = loaded.sequence.tokenMeter.getState();
          // LlamaCompletion evaluates the last prompt token itself, to sample from it.
          const evaluated = (await this.prefill(loaded, tokens.slice(0, -1), controller.signal)) + 1;
          const prefillDone = performance.now();
          if (controller.signal.aborted) {
            return {
              ...aborted(),
              stopReason: controller.signal.reason === TIME_CAP ? "time-cap" : "aborted",
              promptTokens: tokens.length,
              evaluatedPromptTokens: evaluated - 1,
            };
          }
          if (request.forcedContinuation !== undefined && this.settings.speculative === "suggestion-draft")
            throw new Error("Teacher forcing needs speculative decoding off (drafted positions are not forced)");
          const forcing =
            request.forcedContinuation === undefined
              ? undefined
              : await teacherForcing(loaded.model, request.forcedContinuation);
          const { response, metadata } = await loaded.completion.generateCompletionWithMeta(tokens, {
            maxTokens: forcing ? Math.min(maxTokens, forcing.tokens) : maxTokens,
            tokenBias: forcing?.tokenBias,
            onToken: forcing?.onToken,
            temperature: request.temperature,
            // LlamaCompletion's default gathers the last 64 tokens on every token for a penalty of 1 (none):
            // JavaScript on the decode's cores that changes nothing (code repeats its names by nature anyway)
            repeatPenalty: false,
            customStopTriggers: request.stopTriggers ? [...request.stopTriggers] : undefined,
            signal: controller.signal,
            stopOnAbortSignal: true,
            onTextChunk: (chunk) => {
              if (request.onText?.(chunk) === true) stop(ENOUGH);
            },
          });
          const finished = performance.now();
          const used = loaded.sequence.tokenMeter.diff(meterBefore);
          return {
            text: response,
            stopReason: toStopReason(metadata.stopReason, controller.signal.reason),
            promptTokens: tokens.length,
            evaluatedPromptTokens: evaluated,
            generatedTokens: used.usedOutputTokens,
            prefillMs: prefillDone - started,
            generationMs: finished - prefillDone,
            totalMs: finished - started,
          };
        } finally {
          if (timer) clearTimeout(timer);
        }
      });
    } catch (error) {
      if (request.signal?.aborted) return aborted(); // aborted while waiting for the model
      throw error;
    }
  }

  /** Unloads the model and frees native memory; a later request loads it again. */
  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    this.running?.controller.abort(new Error("model unloaded"));
    if (loaded) {
      try {
        const { llama } = await loaded;
        await llama.dispose();
      } catch {
        // a failed load has nothing to free
      }
    }
    if (!this.disposed) this.setState({ kind: "not-loaded" });
  }

  async dispose(): Promise<void> {
    await this.unload();
    this.disposed = true;
    this.stateListeners.clear();
  }
}

/** The most tokens one request may generate in a context: the prompt always keeps at least half of it. */
export function generationLimit(contextSize: number, maxTokens: number): number {
  return Math.max(1, Math.min(maxTokens, Math.floor(contextSize / 2)));
}

function toStopReason(
  reason: "eogToken" | "stopGenerationTrigger" | "maxTokens" | "abort" | "customStopTrigger",
  abortReason: unknown,
): StopReason {
  switch (reason) {
    case "eogToken":
      return "end-of-text";
    case "stopGenerationTrigger":
    case "customStopTrigger":
      return "stop-trigger";
    case "maxTokens":
      return "max-tokens";
    case "abort":
      return abortReason === TIME_CAP ? "time-cap" : abortReason === ENOUGH ? "stop-trigger" : "aborted";
  }
}

/**
 * A per-token bias that makes the model write `text`'s tokens in order, tracking the position through onToken.
 * Exported for the bench's raw replay, which must do the same forced work as the engine it is compared with.
 */
export async function teacherForcing(
  model: LlamaModel,
  text: string,
): Promise<{ tokens: number; tokenBias: () => TokenBias; onToken: (tokens: Token[]) => void }> {
  const { TokenBias } = await import("node-llama-cpp");
  const forced = model.tokenize(text);
  let position = 0;
  return {
    tokens: forced.length,
    tokenBias: () => {
      const bias = new TokenBias(model.tokenizer);
      const next = forced[position];
      if (next !== undefined) bias.set(next, { logit: 1000 });
      return bias;
    },
    onToken: (tokens) => {
      position += tokens.length;
    },
  };
}

/** node-llama-cpp's flashAttention option for a setting on a CPU or GPU backend (see EngineSettings.flashAttention). */
export function flashAttentionFor(setting: EngineSettings["flashAttention"], onGpu: boolean): boolean | "auto" {
  if (setting === "auto") return onGpu ? "auto" : false;
  return setting === "on";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
