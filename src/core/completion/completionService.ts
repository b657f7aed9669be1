import type { Engine, GenerateResult } from "../engine/engine";
import type { Finding } from "../lint/types";
import type { Logger } from "../logger";
import { silentLogger } from "../logger";
import { AdaptiveDebounce, sleep } from "./adaptiveDebounce";
import { Progress } from "./progress";
import { positionKeys, SuggestionCache, type PositionKeys } from "./suggestionCache";

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
  plan(
    text: string,
    offset: number,
    tokenBudget: number,
    countTokens: (text: string) => number,
    documentId?: string,
  ): Promise<Plan>;
  /** The suggestion to show for raw model output, or undefined when nothing useful is left. */
  finish(raw: string, plan: Plan, text: string, offset: number, maxLines: number): string | undefined;
  /**
   * `finish` for the complete lines of a generation still running, and whether more output cannot change that
   * suggestion (a stop rule ended it), so the model may stop. Without it the generation runs to its own end.
   */
  finishCompleteLines?(
    completeLines: string,
    plan: Plan,
    text: string,
    offset: number,
    maxLines: number,
  ): { text: string | undefined; final: boolean };
}

export type SuggestionLinter = (
  documentPrefix: string,
  suggestion: string,
  documentSuffix: string,
) => Promise<Finding[]>;

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
  /**
   * Progressive reveal: answer with the complete lines of a block as soon as they are post-processed and linted,
   * while the model goes on; the rest lands in the cache, and the suggestion's `longer` says when it is there.
   */
  progressive?: boolean;
}

export type SuggestionSource = "model" | "in-flight" | "cache";

export interface Suggestion {
  text: string;
  source: SuggestionSource;
  findings: Finding[];
  /** Model statistics of the generation behind it (absent for cache hits). */
  generation?: GenerateResult;
  lintMs: number;
  /**
   * Only on the first part of a block still being generated (progressive requests): resolves true once a longer
   * suggestion for this position is in the cache (ask again to show it), false when none will come.
   */
  longer?: Promise<boolean>;
}

/**
 * When a request's text became visible (`onDidReveal`), for the bench's first-visible figures and the editor:
 * "first" when the request returns text (the first part of a block, or all of it), "whole" once the whole
 * suggestion for that position is known (at once for cache hits and whole answers). Times are `performance.now()`.
 */
export interface RevealEvent {
  stage: "first" | "whole";
  documentId: string;
  offset: number;
  /** The text at that stage; undefined for a "whole" stage whose generation left nothing to add. */
  text: string | undefined;
  source: SuggestionSource;
  /** "first" only: the text is the first part of a block that is still being generated. */
  partial: boolean;
  requestedAt: number;
  at: number;
  /** "whole" only: the generation behind it, when this request ran or joined one. */
  generation?: GenerateResult;
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
  /** For the first part of a block: the whole suggestion for the request's position, once the generation ended. */
  whole?: Promise<Whole>;
}

interface Whole {
  text: string | undefined;
  generation: GenerateResult | undefined;
}

interface InFlight {
  documentId: string;
  prefix: string;
  suffix: string;
  /** Cache keys of its position (document, prefix and the text after the cursor). */
  keys: PositionKeys;
  streamed: string;
  /** The post-processed suggestion of the complete lines streamed so far: text that no later token changes. */
  completeLines: string | undefined;
  /** Wakes the requests waiting on it whenever `completeLines` grows and when the generation ends. */
  progress: Progress;
  ended: boolean;
  controller: AbortController;
  result: Promise<GenerateResult | undefined>;
}

const TYPED_AHEAD_LIMIT = 64;
/** Suggestions are a few hundred characters: 1 MiB holds well over a thousand, whatever the document's size. */
const CACHE_MAX_BYTES = 1024 * 1024;
/** The editor warms the prompt up after this long without cursor moves (see `CompletionService.warmUp`). */
export const WARM_UP_IDLE_MS = 600;

/**
 * Turns "text + cursor" into a suggestion as cheaply as possible: a cache that follows typed-ahead characters,
 * reuse of the generation already running when the new text extends what it is producing, an adaptive debounce,
 * then one model call on a stable-first prompt. Progressive requests get a block's complete lines while the model
 * writes the rest (Copilot's first-block reveal). Every text returned is linted in its context first.
 */
export class CompletionService {
  private readonly cache = new SuggestionCache(CACHE_MAX_BYTES);
  private readonly debounce = new AdaptiveDebounce();
  private inFlight: InFlight | undefined;
  private warmedPrefix: string | undefined;
  private readonly listeners = new Set<(event: CompletionEvent) => void>();
  private readonly revealListeners = new Set<(event: RevealEvent) => void>();

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

  /** The reveal hook: when each request's text became visible, first part and whole (see `RevealEvent`). */
  onDidReveal(listener: (event: RevealEvent) => void): { dispose(): void } {
    this.revealListeners.add(listener);
    return { dispose: () => this.revealListeners.delete(listener) };
  }

  async complete(request: CompletionRequest): Promise<Suggestion | undefined> {
    const started = performance.now();
    const outcome = await this.resolve(request);
    if (request.signal.aborted && outcome.suggestion?.source !== "cache") return undefined;
    const event: CompletionEvent = { ...outcome, totalMs: performance.now() - started };
    for (const listener of this.listeners) listener(event);
    if (outcome.suggestion) this.revealed(request, outcome.suggestion, started, outcome.whole);
    return outcome.suggestion;
  }

  private revealed(
    request: CompletionRequest,
    suggestion: Suggestion,
    requestedAt: number,
    whole: Promise<Whole> | undefined,
  ): void {
    const base = { documentId: request.documentId, offset: request.offset, source: suggestion.source, requestedAt };
    const emit = (event: RevealEvent) => this.revealListeners.forEach((listener) => listener(event));
    const first: RevealEvent = {
      ...base,
      stage: "first",
      text: suggestion.text,
      partial: whole !== undefined,
      at: performance.now(),
    };
    emit(first);
    if (!whole) emit({ ...first, stage: "whole", partial: false, generation: suggestion.generation });
    else
      void whole.then(({ text, generation }) =>
        emit({ ...base, stage: "whole", text, partial: false, at: performance.now(), generation }),
      );
  }

  private async resolve(request: CompletionRequest): Promise<Outcome> {
    const prefix = request.text.slice(0, request.offset);
    const suffix = request.text.slice(request.offset);
    const keys = positionKeys(request.documentId, prefix, suffix, TYPED_AHEAD_LIMIT);
    const cached = this.fromCache(keys, prefix);
    if (cached !== undefined) return { suggestion: await this.linted(request, cached, "cache") };

    const reusable = this.reusableInFlight(request.documentId, prefix, suffix);
    if (reusable) {
      // Its finished suggestion lands in the cache under its own prefix; the typed-ahead lookup does the rest.
      const joined = await this.visibleFrom(reusable, request, keys, "in-flight");
      if (joined.suggestion || request.signal.aborted) return joined;
    }

    const options = this.options();
    const wait = this.debounce.next(options.debounceMs);
    if (!request.explicit && !(await sleep(wait, request.signal))) return {};

    this.inFlight?.controller.abort(new Error("superseded"));
    // Registered before any await, so a keystroke arriving while the prompt is built can join it.
    const inFlight: InFlight = {
      documentId: request.documentId,
      prefix,
      suffix,
      keys,
      streamed: "",
      completeLines: undefined,
      progress: new Progress(),
      ended: false,
      controller: new AbortController(),
      result: Promise.resolve(undefined),
    };
    this.inFlight = inFlight;
    inFlight.result = this.generateInto(inFlight, request, options).finally(() => {
      if (this.inFlight === inFlight) this.inFlight = undefined;
      inFlight.ended = true;
      inFlight.progress.wake();
    });
    return this.visibleFrom(inFlight, request, keys, "model");
  }

  /**
   * What a request gets from a generation it started or joined: with `progressive`, the complete lines past what
   * was typed since the generation's prefix as soon as there are some; otherwise (or once it ended) its cached
   * suggestion for the request's position.
   */
  private async visibleFrom(
    inFlight: InFlight,
    request: CompletionRequest,
    keys: PositionKeys,
    source: SuggestionSource,
  ): Promise<Outcome> {
    const prefix = request.text.slice(0, request.offset);
    const typed = prefix.slice(inFlight.prefix.length);
    for (;;) {
      if (inFlight.ended) {
        const generation = await inFlight.result;
        if (request.signal.aborted || !generation || generation.stopReason === "aborted") return {};
        const text = this.fromCache(keys, prefix);
        return text === undefined
          ? { generation }
          : { suggestion: await this.linted(request, text, source, generation), generation };
      }
      const part = request.progressive ? partAfter(inFlight.completeLines, typed) : undefined;
      if (part !== undefined) {
        const whole = inFlight.result.then(
          (generation): Whole => ({
            text: generation && generation.stopReason !== "aborted" ? this.fromCache(keys, prefix) : undefined,
            generation,
          }),
          (): Whole => ({ text: undefined, generation: undefined }),
        );
        const longer = whole.then(({ text }) => text !== undefined && text.length > part.length);
        const suggestion = await this.linted(request, part, source);
        return { suggestion: { ...suggestion, longer }, whole };
      }
      if (!(await inFlight.progress.next(request.signal))) return {};
    }
  }

  /** Builds the prompt, runs the model and caches the post-processed suggestion under the request's prefix. */
  private async generateInto(
    inFlight: InFlight,
    request: CompletionRequest,
    options: CompletionOptions,
  ): Promise<GenerateResult | undefined> {
    const signal = inFlight.controller.signal;
    try {
      const countTokens = await this.engine.tokenCounter();
      const plan = await this.pipeline.plan(
        request.text,
        request.offset,
        options.promptTokenBudget,
        countTokens,
        request.documentId,
      );
      if (signal.aborted) return undefined;
      this.warmedPrefix = warmUpTarget(plan);
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
          if (!chunk.includes("\n")) return false;
          // the decode after a final suggestion is work nobody sees (the defaults sweep: most of the wait)
          return this.updateCompleteLines(inFlight, plan, request.text, request.offset, options.maxLines);
        },
      });
      const text =
        result.text.length > 0
          ? this.pipeline.finish(result.text, plan, request.text, request.offset, options.maxLines)
          : undefined;
      if (text !== undefined && result.stopReason !== "aborted") this.cacheSuggestion(inFlight.keys, text);
      return result;
    } catch (error) {
      this.logger.error(`Completion failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  /**
   * Post-processes the lines the model has finished so far (everything before its last line break); true when the
   * suggestion is final, so the generation can end.
   */
  private updateCompleteLines(
    inFlight: InFlight,
    plan: PromptPlan,
    text: string,
    offset: number,
    maxLines: number,
  ): boolean {
    const raw = inFlight.streamed.slice(0, inFlight.streamed.lastIndexOf("\n"));
    if (raw.length === 0) return false;
    const { text: completeLines, final } = this.pipeline.finishCompleteLines?.(raw, plan, text, offset, maxLines) ?? {
      text: this.pipeline.finish(raw, plan, text, offset, maxLines),
      final: false,
    };
    if (completeLines !== undefined && completeLines !== inFlight.completeLines) {
      inFlight.completeLines = completeLines;
      inFlight.progress.wake();
    }
    return final;
  }

  /**
   * Caches a suggestion under its position, and its rest under the position after each of its lines of code, so
   * the request after accepting a shown part with Tab finds the next one however long the lines are.
   */
  private cacheSuggestion(keys: PositionKeys, text: string): void {
    this.cache.set(keys.typedAhead[0], text);
    for (const end of codeLineEnds(text)) this.cache.set(keys.after(text.slice(0, end)), text.slice(end));
  }

  /** A cached suggestion for this prefix, or for a shorter one whose suggestion starts with what was typed since. */
  private fromCache(keys: PositionKeys, prefix: string): string | undefined {
    for (let typedLength = 0; typedLength < keys.typedAhead.length; typedLength++) {
      const suggestion = this.cache.get(keys.typedAhead[typedLength]);
      if (suggestion === undefined) continue;
      const typed = prefix.slice(prefix.length - typedLength);
      if (!suggestion.startsWith(typed)) continue;
      const rest = suggestion.slice(typed.length);
      if (rest.trim().length > 0) return rest;
    }
    return undefined;
  }

  /** The running generation, if the request only typed (or accepted) what it is producing at the same place. */
  private reusableInFlight(documentId: string, prefix: string, suffix: string): InFlight | undefined {
    const running = this.inFlight;
    if (
      !running ||
      running.documentId !== documentId ||
      running.suffix !== suffix ||
      !prefix.startsWith(running.prefix)
    )
      return undefined;
    const typed = prefix.slice(running.prefix.length);
    const consistent =
      running.streamed.startsWith(typed) ||
      typed.startsWith(running.streamed) ||
      running.completeLines?.startsWith(typed) === true;
    return consistent ? running : undefined;
  }

  private async linted(
    request: CompletionRequest,
    text: string,
    source: SuggestionSource,
    generation?: GenerateResult,
  ): Promise<Suggestion> {
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
   * Evaluates the prompt for this position at idle (file opened, cursor moved, a pause in typing) up to the
   * cursor's line, so the next real request only pays for that line and what follows. Real requests preempt it.
   */
  async warmUp(text: string, offset: number, signal?: AbortSignal, documentId?: string): Promise<boolean> {
    const countTokens = await this.engine.tokenCounter();
    const plan = await this.pipeline.plan(text, offset, this.options().promptTokenBudget, countTokens, documentId);
    const target = warmUpTarget(plan);
    if (target.length === 0 || target === this.warmedPrefix) return false;
    const result = await this.engine.warmUp(target, signal);
    if (!result.aborted) this.warmedPrefix = target;
    this.logger.debug(
      `Warm-up: ${result.evaluatedPromptTokens}/${result.promptTokens} prompt tokens evaluated in ${result.ms.toFixed(0)} ms${result.aborted ? " (preempted)" : ""}`,
    );
    return !result.aborted;
  }

  /** Forgets cached suggestions (e.g. after the model changed). */
  reset(): void {
    this.inFlight?.controller.abort(new Error("reset"));
    this.cache.clear();
    this.warmedPrefix = undefined;
  }
}

/**
 * What to pre-evaluate for a plan: the stable prefix and the lines of the body above the cursor's line. Only the
 * line being typed is left out; the body above it is what the user wrote and will be in the next prompt too
 * (measured: warming the stable prefix alone left a just-written docstring, 67–75 tokens, ~2 s of Phi-2
 * prefill on 2 cores, to every docstring-to-body pause).
 */
export function warmUpTarget(plan: PromptPlan): string {
  const lineStart = plan.prompt.lastIndexOf("\n") + 1;
  return lineStart > plan.stablePrefix.length ? plan.prompt.slice(0, lineStart) : plan.stablePrefix;
}

/** What `completeLines` shows past the typed text, if it starts with it and has more code. */
function partAfter(completeLines: string | undefined, typed: string): string | undefined {
  if (completeLines === undefined || !completeLines.startsWith(typed)) return undefined;
  const part = completeLines.slice(typed.length);
  return part.trim().length > 0 ? part : undefined;
}

/** Offsets in `text` where a line with code ends and more text follows (where a shown part can end). */
function codeLineEnds(text: string): number[] {
  const ends: number[] = [];
  let lineStart = 0;
  for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", lineStart)) {
    const end = newline > 0 && text[newline - 1] === "\r" ? newline - 1 : newline;
    if (text.slice(lineStart, end).trim().length > 0 && text.slice(end).trim().length > 0) ends.push(end);
    lineStart = newline + 1;
  }
  return ends;
}
