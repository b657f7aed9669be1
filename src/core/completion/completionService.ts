import type { Engine, GenerateResult } from "../engine/engine";
import type { Finding } from "../lint/types";
import type { Logger } from "../logger";
import { silentLogger } from "../logger";
import { AdaptiveDebounce, sleep } from "./adaptiveDebounce";
import { LruCache } from "./lruCache";

/** What the prompt builder made of the editing context. */
export interface PromptPlan {
  prompt: string;
  /** The start of `prompt` that stays the same while the user types in this scope (warm-up target). */
  stablePrefix: string;
  /** Where the engine should stop generating for this prompt. */
  stopTriggers: readonly string[];
}

/** Language-specific steps around the model: build the prompt, then turn raw output into a suggestion. */
export interface CompletionPipeline<Plan extends PromptPlan = PromptPlan> {
  /** `documentId` lets the pipeline add context from the document's workspace. */
  plan(text: string, offset: number, tokenBudget: number, countTokens: (text: string) => number, documentId?: string): Promise<Plan>;
  /** The suggestion to show for raw model output, or undefined when nothing useful is left. */
  finish(raw: string, plan: Plan, text: string, offset: number, maxLines: number): string | undefined;
}

export type SuggestionLinter = (documentPrefix: string, suggestion: string, documentSuffix: string) => Promise<Finding[]>;

export interface CompletionOptions {
  /** 0 = adaptive to typing speed. */
  debounceMs: number;
  maxTokens: number;
  maxLines: number;
  temperature: number;
  timeCapMs: number;
  promptTokenBudget: number;
}

export interface CompletionRequest {
  documentId: string;
  text: string;
  offset: number;
  signal: AbortSignal;
  /** Explicit requests skip the debounce. */
  explicit?: boolean;
}

export type SuggestionSource = "model" | "in-flight" | "cache";

export interface Suggestion {
  text: string;
  source: SuggestionSource;
  findings: Finding[];
  /** Model statistics of the generation behind it (absent for cache hits). */
  generation?: GenerateResult;
  lintMs: number;
}

export interface CompletionEvent {
  suggestion?: Suggestion;
  /** The generation this request started or joined, also when it produced nothing usable. */
  generation?: GenerateResult;
  totalMs: number;
}

interface Outcome {
  suggestion?: Suggestion;
  generation?: GenerateResult;
}

interface InFlight {
  documentId: string;
  prefix: string;
  streamed: string;
  controller: AbortController;
  result: Promise<GenerateResult | undefined>;
}

const TYPED_AHEAD_LIMIT = 64;
/** The editor warms the prompt up after this long without cursor moves (see `CompletionService.warmUp`). */
export const WARM_UP_IDLE_MS = 600;

/**
 * Turns "text + cursor" into a suggestion as cheaply as possible: a cache that follows typed-ahead characters,
 * reuse of the generation already running when the new text extends what it is producing, an adaptive debounce,
 * then one model call on a stable-first prompt. Every suggestion is linted before it is returned.
 */
export class CompletionService {
  private readonly cache = new LruCache<string, string>(200);
  private readonly debounce = new AdaptiveDebounce();
  private inFlight: InFlight | undefined;
  private warmedPrefix: string | undefined;
  private readonly listeners = new Set<(event: CompletionEvent) => void>();

  constructor(
    private readonly engine: Engine,
    private readonly pipeline: CompletionPipeline,
    private readonly lint: SuggestionLinter,
    private readonly options: () => CompletionOptions,
    private readonly logger: Logger = silentLogger,
  ) {}

  onDidComplete(listener: (event: CompletionEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async complete(request: CompletionRequest): Promise<Suggestion | undefined> {
    const started = performance.now();
    const outcome = await this.resolve(request);
    if (request.signal.aborted && outcome.suggestion?.source !== "cache") return undefined;
    const event: CompletionEvent = { ...outcome, totalMs: performance.now() - started };
    for (const listener of this.listeners) listener(event);
    return outcome.suggestion;
  }

  private async resolve(request: CompletionRequest): Promise<Outcome> {
    const prefix = request.text.slice(0, request.offset);
    const cached = this.fromCache(request.documentId, prefix);
    if (cached !== undefined) return { suggestion: await this.linted(request, cached, "cache") };

    const reusable = this.reusableInFlight(request.documentId, prefix);
    if (reusable) {
      // Its finished suggestion lands in the cache under its own prefix; the typed-ahead lookup does the rest.
      const generation = await raceAbort(reusable.result, request.signal);
      if (request.signal.aborted) return {};
      const joined = this.fromCache(request.documentId, prefix);
      if (joined !== undefined) return { suggestion: await this.linted(request, joined, "in-flight", generation), generation };
    }

    const options = this.options();
    const wait = this.debounce.next(options.debounceMs);
    if (!request.explicit && !(await sleep(wait, request.signal))) return {};

    this.inFlight?.controller.abort(new Error("superseded"));
    // Registered before any await, so a keystroke arriving while the prompt is built can join it.
    const inFlight: InFlight = {
      documentId: request.documentId,
      prefix,
      streamed: "",
      controller: new AbortController(),
      result: Promise.resolve(undefined),
    };
    this.inFlight = inFlight;
    inFlight.result = this.generateInto(inFlight, request, options).finally(() => {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    });

    const generation = await raceAbort(inFlight.result, request.signal);
    if (!generation || generation.stopReason === "aborted") return {};
    const text = this.cache.get(cacheKey(request.documentId, prefix));
    return text === undefined ? { generation } : { suggestion: await this.linted(request, text, "model", generation), generation };
  }

  /** Builds the prompt, runs the model and caches the post-processed suggestion under the request's prefix. */
  private async generateInto(inFlight: InFlight, request: CompletionRequest, options: CompletionOptions): Promise<GenerateResult | undefined> {
    const signal = inFlight.controller.signal;
    try {
      const countTokens = await this.engine.tokenCounter();
      const plan = await this.pipeline.plan(request.text, request.offset, options.promptTokenBudget, countTokens, request.documentId);
      if (signal.aborted) return undefined;
      this.warmedPrefix = plan.stablePrefix;
      const result = await this.engine.generate({
        prompt: plan.prompt,
        priority: "completion",
        maxTokens: options.maxTokens,
        temperature: options.temperature,
        stopTriggers: plan.stopTriggers,
        timeCapMs: options.timeCapMs,
        signal,
        onText: (chunk) => {
          inFlight.streamed += chunk;
        },
      });
      const text = result.text.length > 0 ? this.pipeline.finish(result.text, plan, request.text, request.offset, options.maxLines) : undefined;
      if (text !== undefined && result.stopReason !== "aborted") this.cache.set(cacheKey(request.documentId, inFlight.prefix), text);
      return result;
    } catch (error) {
      this.logger.error(`Completion failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  /** A cached suggestion for this prefix, or for a shorter one whose suggestion starts with what was typed since. */
  private fromCache(documentId: string, prefix: string): string | undefined {
    for (let typedLength = 0; typedLength <= Math.min(TYPED_AHEAD_LIMIT, prefix.length); typedLength++) {
      const earlier = prefix.slice(0, prefix.length - typedLength);
      const suggestion = this.cache.get(cacheKey(documentId, earlier));
      if (suggestion === undefined) continue;
      const typed = prefix.slice(earlier.length);
      if (!suggestion.startsWith(typed)) continue;
      const rest = suggestion.slice(typed.length);
      if (rest.trim().length > 0) return rest;
    }
    return undefined;
  }

  private reusableInFlight(documentId: string, prefix: string): InFlight | undefined {
    const running = this.inFlight;
    if (!running || running.documentId !== documentId || !prefix.startsWith(running.prefix)) return undefined;
    const typed = prefix.slice(running.prefix.length);
    const consistent = running.streamed.startsWith(typed) || typed.startsWith(running.streamed);
    return consistent ? running : undefined;
  }

  private async linted(request: CompletionRequest, text: string, source: SuggestionSource, generation?: GenerateResult): Promise<Suggestion> {
    const started = performance.now();
    let findings: Finding[] = [];
    try {
      findings = await this.lint(request.text.slice(0, request.offset), text, request.text.slice(request.offset));
    } catch (error) {
      this.logger.error(`Lint of a suggestion failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { text, source, findings, generation, lintMs: performance.now() - started };
  }

  /**
   * Evaluates the stable part of the prompt for this position at idle (file opened, cursor moved into a
   * function), so the first real request only pays for the tokens after it. Real requests preempt it.
   */
  async warmUp(text: string, offset: number, signal?: AbortSignal, documentId?: string): Promise<boolean> {
    const countTokens = await this.engine.tokenCounter();
    const plan = await this.pipeline.plan(text, offset, this.options().promptTokenBudget, countTokens, documentId);
    if (plan.stablePrefix.length === 0 || plan.stablePrefix === this.warmedPrefix) return false;
    const result = await this.engine.warmUp(plan.stablePrefix, signal);
    if (!result.aborted) this.warmedPrefix = plan.stablePrefix;
    this.logger.debug(`Warm-up: ${result.evaluatedPromptTokens}/${result.promptTokens} prompt tokens evaluated in ${result.ms.toFixed(0)} ms${result.aborted ? " (preempted)" : ""}`);
    return !result.aborted;
  }

  /** Forgets cached suggestions (e.g. after the model changed). */
  reset(): void {
    this.inFlight?.controller.abort(new Error("reset"));
    this.cache.clear();
    this.warmedPrefix = undefined;
  }
}

const cacheKey = (documentId: string, prefix: string) => `${documentId}\u0000${prefix}`;

/** The promise's value, or undefined as soon as the signal aborts (the promise keeps running). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
