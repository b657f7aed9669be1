import * as os from "node:os";
import { performance } from "node:perf_hooks";
import type { LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import {
  CompletionService,
  WARM_UP_IDLE_MS,
  type CompletionEvent,
  type CompletionOptions,
  type CompletionPipeline,
  type PromptPlan,
  type RevealEvent,
} from "../src/core/completion/completionService";
import { sleep } from "../src/core/completion/adaptiveDebounce";
import { pythonPipeline } from "../src/core/completion/pythonPipeline";
import {
  flashAttentionFor,
  InferenceEngine,
  teacherForcing,
  type EngineSettings,
  type GenerateRequest,
  type GenerateResult,
  type WarmUpResult,
} from "../src/core/engine/inferenceEngine";
import type { StopReason } from "../src/core/engine/engine";
import { lintSuggestion } from "../src/core/lint/engine";
import type { PauseKind, TypingSession } from "./typing-session";

/** How long the user reads a suggestion they stopped for before typing on. */
const READING_MS = 400;
/** At a pause the bench waits this long at most for the whole suggestion (to time it) before typing on. */
const WAIT_LIMIT_MS = 30_000;
/**
 * The forced text is the real code's first characters: several times what any generation writes (max tokens ≤ 512,
 * code averages ~4 characters a token). Forcing the whole rest of a module tokenized it inside every timed
 * generation (27 ms per 53k characters of doctest.py), bench work counted as the pipeline's.
 */
const FORCED_TEXT_CHARS = 8_000;
/** A freshly opened module is read at most this long while its prompt is warmed up. */
const OPEN_WARM_UP_LIMIT_MS = 120_000;

/** Other processes share the CPU: every phase says how busy the machine was. */
const loadAverage = () => os.loadavg()[0].toFixed(1);

/** Where a prompt was planned: the document around the cursor and the code that really follows it. */
interface PromptOrigin {
  prefix: string;
  suffix: string;
  oracle: string;
}

/** One engine generation as the speculative-decoding replay needs it (bench/speculative.ts). */
export interface GenerationTrace {
  prompt: string;
  output: string;
}

/**
 * The engine with a record of the work it was asked to do (what the raw replay repeats), forcing each generation
 * to write the code that really follows the cursor, and timing the first complete line of the stream (generated
 * and linted): first-visible ghost text until the completion service reveals lines itself.
 */
class RecordingEngine extends InferenceEngine {
  readonly generations: {
    prompt: string;
    temperature: number;
    /** The real code the generation was forced to write (undefined: unforced). */
    forced: string | undefined;
    result: GenerateResult;
    /** Milliseconds this process's JavaScript ran while the generation ran (it shares the cores with the decode). */
    mainThreadBusyMs: number;
  }[] = [];
  readonly warmUps: WarmUpResult[] = [];
  /** When the service asked for the token counter: the moment a request's work starts, after the debounce. */
  readonly workStarts: number[] = [];
  readonly origins = new Map<string, PromptOrigin>();

  override async tokenCounter(): Promise<(text: string) => number> {
    this.workStarts.push(performance.now());
    return super.tokenCounter();
  }

  override async generate(request: GenerateRequest): Promise<GenerateResult> {
    const origin = this.origins.get(request.prompt);
    const entry: (typeof this.generations)[number] = {
      prompt: request.prompt,
      temperature: request.temperature,
      forced: origin?.oracle.slice(0, FORCED_TEXT_CHARS),
      result: undefined!,
      mainThreadBusyMs: 0,
    };
    const before = performance.eventLoopUtilization();
    entry.result = await super.generate({ ...request, forcedContinuation: entry.forced });
    entry.mainThreadBusyMs = performance.eventLoopUtilization(before).active;
    this.generations.push(entry);
    return entry.result;
  }

  override async warmUp(prompt: string, signal?: AbortSignal): Promise<WarmUpResult> {
    const result = await super.warmUp(prompt, signal);
    this.warmUps.push(result);
    return result;
  }
}

/** pythonPipeline, telling the engine which document and oracle each prompt it plans comes from. */
function tracingPipeline(
  origins: Map<string, PromptOrigin>,
  oracleOf: (text: string, offset: number) => string | undefined,
): CompletionPipeline {
  return {
    async plan(text, offset, tokenBudget, countTokens): Promise<PromptPlan> {
      const plan = await pythonPipeline.plan(text, offset, tokenBudget, countTokens);
      const oracle = oracleOf(text, offset);
      if (oracle !== undefined)
        origins.set(plan.prompt, { prefix: text.slice(0, offset), suffix: text.slice(offset), oracle });
      return plan;
    },
    finish: (raw, plan, text, offset, maxLines) =>
      pythonPipeline.finish(raw, plan as Parameters<typeof pythonPipeline.finish>[1], text, offset, maxLines),
    finishCompleteLines: (completeLines, plan, text, offset, maxLines) =>
      pythonPipeline.finishCompleteLines!(
        completeLines,
        plan as Parameters<typeof pythonPipeline.finish>[1],
        text,
        offset,
        maxLines,
      ),
  };
}

export interface KeystrokeRecord {
  index: number;
  /** Milliseconds since the session started. */
  at: number;
  /** Keystroke to the whole linted suggestion (debounce included); undefined when the next keystroke cancelled it. */
  latencyMs?: number;
  /** Keystroke to the first complete line of the suggestion, generated and linted (≤ latencyMs). */
  firstVisibleMs?: number;
  source?: "model" | "in-flight" | "cache" | "empty";
  pause?: { ms: number; kind: PauseKind; answered: boolean; acceptedChars: number; waitedMs: number };
  /** For requests that ran the model themselves: their work after the debounce, and the raw replay of it. */
  pipelineMs?: number;
  rawMs?: number;
  promptTokens?: number;
  evaluatedPromptTokens?: number;
  generatedTokens?: number;
  generationMs?: number;
  /** JavaScript time of this process during its generation (see RecordingEngine.generations). */
  mainThreadBusyMs?: number;
  stopReason?: StopReason;
  /** Raw replay: tokens after the first sampled one and the time they took. */
  rawDecode?: { tokens: number; ms: number };
}

export interface KeystrokeBenchResult {
  model: string;
  keystrokes: KeystrokeRecord[];
  /** P2 over every generation of the replay: 1 − evaluated / prompt tokens. */
  kvReuse: {
    promptTokens: number;
    evaluatedPromptTokens: number;
    fraction: number;
    warmUpEvaluatedTokens: number;
    warmUps: number;
  };
  /** Every generation in order, with its forced output (for the speculative-decoding replay). */
  generations: GenerationTrace[];
  loadMs: number;
  /** Resident set of this process with the model loaded and the replay done. */
  rssBytes: number;
  sessionMs: number;
}

type ModelWork = Required<Pick<KeystrokeRecord, "promptTokens" | "evaluatedPromptTokens" | "generatedTokens">> & {
  prompt: string;
  temperature: number;
  forced: string | undefined;
};

/**
 * Characters a user who presses Tab at each line takes from `suggestion`: all of it when the real code goes on
 * with it, else its leading lines that equal the real code's.
 */
export function acceptedCharacters(suggestion: string, oracle: string): number {
  if (oracle.startsWith(suggestion)) return suggestion.length;
  let accepted = 0;
  const realLines = oracle.split("\n");
  for (const [index, line] of suggestion.split("\n").entries()) {
    if (line !== realLines[index]) break;
    accepted += line.length + 1;
  }
  return Math.min(accepted, suggestion.length);
}

export async function runKeystrokeBench(options: {
  modelPath: string;
  engine: Omit<EngineSettings, "modelPath">;
  completion: CompletionOptions;
  session: TypingSession;
  log: (line: string) => void;
  /**
   * Settings per opened module (0 for the first): the defaults sweep types each function once per variant. Each
   * opening then starts with an empty suggestion cache, so a variant never sees an earlier variant's suggestions.
   */
  completionFor?: (opened: number) => CompletionOptions;
  /** Replay each own generation on raw node-llama-cpp (P1); the defaults sweep compares settings instead. */
  rawReplay?: boolean;
}): Promise<KeystrokeBenchResult> {
  const engine = new RecordingEngine({ ...options.engine, modelPath: options.modelPath });
  const loadStarted = performance.now();
  const loaded = await engine.load();
  const loadMs = performance.now() - loadStarted;
  const { session } = options;
  const oracles = new Map(
    session.keystrokes.map((keystroke) => [`${keystroke.offset}\u0000${keystroke.text}`, keystroke.oracle]),
  );
  const pipeline = tracingPipeline(engine.origins, (text, offset) => oracles.get(`${offset}\u0000${text}`));
  let opened = -1;
  const { completionFor } = options;
  const service = new CompletionService(engine, pipeline, lintSuggestion, () =>
    completionFor ? completionFor(Math.max(0, opened)) : options.completion,
  );
  const raw = options.rawReplay === false ? undefined : await RawReplay.open(loaded.model, options.engine);
  const records: KeystrokeRecord[] = [];
  // Progressive reveal (issue 13.2), as the extension asks for it: a request answers with the first lines of a block
  // ("first") while the model goes on, and the whole suggestion follows ("whole", with its generation). Both events
  // carry the request's start time, which ties them to the keystroke.
  const reveals = new Map<
    number,
    {
      record: KeystrokeRecord;
      firstAt?: number;
      whole?: RevealEvent;
      wholeArrived: () => void;
      wholeReady: Promise<void>;
    }
  >();
  let current: KeystrokeRecord | undefined;
  service.onDidReveal((event) => {
    if (event.stage === "first" && current && !reveals.has(event.requestedAt)) {
      let wholeArrived = () => {};
      const wholeReady = new Promise<void>((resolve) => (wholeArrived = resolve));
      reveals.set(event.requestedAt, { record: current, firstAt: event.at, wholeArrived, wholeReady });
    }
    const reveal = reveals.get(event.requestedAt);
    if (event.stage === "whole" && reveal) {
      reveal.whole = event;
      reveal.wholeArrived();
    }
  });
  const work = new Map<number, ModelWork>();
  let lastEvent: CompletionEvent | undefined;
  service.onDidComplete((event) => (lastEvent = event));

  // The extension warms up after WARM_UP_IDLE_MS without cursor moves (ctx.ts scheduleWarmUp).
  let warmUpTimer: NodeJS.Timeout | undefined;
  let warmUpController: AbortController | undefined;
  const scheduleWarmUp = (text: string, offset: number) => {
    clearTimeout(warmUpTimer);
    warmUpTimer = setTimeout(() => {
      warmUpController?.abort();
      warmUpController = new AbortController();
      void service.warmUp(text, offset, warmUpController.signal);
    }, WARM_UP_IDLE_MS);
  };

  const sessionStarted = performance.now();
  let previous: AbortController | undefined;
  let pausedMs = 0; // time the session stood still (warm-up at open, raw replays), left out of `at`
  const pending: Promise<void>[] = [];
  for (const [index, keystroke] of session.keystrokes.entries()) {
    if (keystroke.opened) {
      opened++;
      if (completionFor) service.reset();
      // The user has the module open and reads it until the extension's warm-up has evaluated its prompt:
      // the figures are for editing an open file, not for the first seconds after opening one.
      clearTimeout(warmUpTimer);
      warmUpController?.abort();
      const openedAt = performance.now();
      await Promise.race([
        service.warmUp(keystroke.opened.text, keystroke.opened.offset),
        sleep(OPEN_WARM_UP_LIMIT_MS),
      ]);
      pausedMs += performance.now() - openedAt;
    }
    await sleep(keystroke.delayMs);
    previous?.abort(new Error("next keystroke")); // VS Code cancels the request of the previous keystroke
    const controller = (previous = new AbortController());
    scheduleWarmUp(keystroke.text, keystroke.offset);
    const keyAt = performance.now();
    const record: KeystrokeRecord = { index, at: keyAt - sessionStarted - pausedMs };
    records.push(record);
    current = record;
    const answered = service
      .complete({
        documentId: keystroke.documentId,
        text: keystroke.text,
        offset: keystroke.offset,
        signal: controller.signal,
        progressive: true,
      })
      .then(async (first) => {
        const event = lastEvent;
        lastEvent = undefined;
        if (controller.signal.aborted || !event) return;
        const reveal = [...reveals.values()].find((entry) => entry.record === record);
        // A first part: the whole suggestion (and its generation) arrives with the "whole" reveal.
        if (first?.longer && reveal)
          await Promise.race([
            reveal.wholeReady,
            controller.signal.aborted
              ? Promise.resolve()
              : new Promise<void>((resolve) => controller.signal.addEventListener("abort", () => resolve())),
          ]);
        if (controller.signal.aborted && first?.longer) return;
        const whole = reveal?.whole;
        const endAt = whole?.at ?? performance.now();
        const text = whole?.text ?? first?.text;
        const suggestion = first && text !== undefined ? { ...first, text } : first;
        record.latencyMs = endAt - keyAt;
        record.source = suggestion?.source ?? "empty";
        const generation = whole?.generation ?? event.generation;
        const generated = generation && engine.generations.find((entry) => entry.result === generation);
        const firstShownAt = reveal?.firstAt;
        record.firstVisibleMs =
          suggestion && firstShownAt !== undefined && firstShownAt > keyAt && firstShownAt <= endAt
            ? firstShownAt - keyAt
            : suggestion
              ? record.latencyMs
              : undefined;
        if (keystroke.pause && suggestion)
          record.pause = {
            ...keystroke.pause,
            answered: false,
            acceptedChars: acceptedCharacters(suggestion.text, keystroke.oracle),
            waitedMs: record.latencyMs,
          };
        const startedItsOwn = generation && generated && (suggestion === undefined || suggestion.source === "model");
        const workStart = engine.workStarts.find((at) => at >= keyAt);
        if (startedItsOwn && workStart !== undefined) {
          record.pipelineMs = endAt - workStart;
          record.promptTokens = generation.promptTokens;
          record.evaluatedPromptTokens = generation.evaluatedPromptTokens;
          record.generatedTokens = generation.generatedTokens;
          record.generationMs = generation.generationMs;
          record.mainThreadBusyMs = generated.mainThreadBusyMs;
          record.stopReason = generation.stopReason;
          work.set(index, {
            ...generation,
            prompt: generated.prompt,
            temperature: generated.temperature,
            forced: generated.forced,
          });
        }
      });
    pending.push(answered);
    if (keystroke.pause) {
      await Promise.all([sleep(keystroke.pause.ms), Promise.race([answered, sleep(WAIT_LIMIT_MS)])]);
      record.pause ??= { ...keystroke.pause, answered: false, acceptedChars: 0, waitedMs: performance.now() - keyAt };
      record.pause.answered = record.firstVisibleMs !== undefined && record.firstVisibleMs <= keystroke.pause.ms;
      await sleep(READING_MS);
      // A/B interleaved: the raw replay of the generations since the last pause, while the session stands still.
      clearTimeout(warmUpTimer);
      const replayStarted = performance.now();
      for (const [workIndex, item] of work) {
        await raw?.replay(item, records[workIndex]);
        work.delete(workIndex);
      }
      pausedMs += performance.now() - replayStarted;
      scheduleWarmUp(keystroke.text, keystroke.offset);
    }
  }
  await Promise.all(pending);
  clearTimeout(warmUpTimer);
  warmUpController?.abort();
  for (const [workIndex, item] of work) await raw?.replay(item, records[workIndex]);
  const sessionMs = performance.now() - sessionStarted - pausedMs;
  const rssBytes = process.memoryUsage().rss;

  const results = engine.generations.map((entry) => entry.result);
  const promptTokens = results.reduce((sum, result) => sum + result.promptTokens, 0);
  const evaluatedPromptTokens = results.reduce((sum, result) => sum + result.evaluatedPromptTokens, 0);
  const kvReuse = {
    promptTokens,
    evaluatedPromptTokens,
    fraction: promptTokens === 0 ? 0 : 1 - evaluatedPromptTokens / promptTokens,
    warmUpEvaluatedTokens: engine.warmUps.reduce((sum, result) => sum + result.evaluatedPromptTokens, 0),
    warmUps: engine.warmUps.length,
  };
  const answeredCount = records.filter((record) => record.latencyMs !== undefined).length;
  const own = records.filter((record) => record.pipelineMs !== undefined).length;
  options.log(
    `  ${session.keystrokes.length} keystrokes in ${(sessionMs / 1000).toFixed(1)} s, ${answeredCount} answered, ${own} by their own generation${raw ? " (each replayed raw)" : ""}; load average ${loadAverage()}`,
  );
  await raw?.dispose();
  await engine.dispose();
  const generations = engine.generations.map((entry) => ({ prompt: entry.prompt, output: entry.result.text }));
  return { model: options.modelPath, keystrokes: records, kvReuse, generations, loadMs, rssBytes, sessionMs };
}

/**
 * The same model work straight on a LlamaContextSequence of a second context on the engine's model: for a
 * keystroke answered by its own generation, the sequence is first brought (untimed) to the KV state the engine
 * found (the prompt's first promptTokens − evaluatedPromptTokens tokens); then the timed part tokenizes the
 * prompt, evaluates the rest and samples as many tokens as the engine generated, at the same temperature and with
 * the same teacher forcing (the bench's work, not the pipeline's: it belongs on both sides of the ratio).
 */
class RawReplay {
  private constructor(
    private readonly model: LlamaModel,
    private readonly sequence: LlamaContextSequence,
    private readonly release: () => Promise<void>,
  ) {}

  static async open(model: LlamaModel, engine: Omit<EngineSettings, "modelPath">): Promise<RawReplay> {
    const context = await model.createContext({
      contextSize: engine.contextSize,
      batchSize: engine.batchSize,
      threads: engine.threads,
      sequences: 1,
      flashAttention: flashAttentionFor(engine.flashAttention, engine.gpu !== "off"), // as the engine does
    });
    return new RawReplay(model, context.getSequence(), () => context.dispose());
  }

  async replay(item: ModelWork, record: KeystrokeRecord): Promise<void> {
    const { model, sequence } = this;
    const tokens = model.tokenize(item.prompt);
    const cached = item.promptTokens - item.evaluatedPromptTokens;
    const held = sequence.contextTokens;
    let common = 0;
    while (common < Math.min(held.length, cached) && held[common] === tokens[common]) common++;
    if (held.length > common) await sequence.eraseContextTokenRanges([{ start: common, end: held.length }]);
    if (common < cached) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(common, cached));

    const started = performance.now(); // the forcing's set-up is timed, as it is inside the engine's generation
    const forcing = item.forced === undefined ? undefined : await teacherForcing(model, item.forced);
    const remaining: Token[] = model.tokenize(item.prompt).slice(cached);
    let generated = 0;
    let firstTokenAt = 0;
    for await (const token of sequence.evaluate(remaining, {
      temperature: item.temperature,
      tokenBias: forcing?.tokenBias,
    })) {
      forcing?.onToken([token]);
      if (generated === 0) firstTokenAt = performance.now();
      if (++generated >= Math.max(1, item.generatedTokens)) break;
    }
    const finished = performance.now();
    record.rawMs = finished - started;
    record.rawDecode = { tokens: generated - 1, ms: finished - firstTokenAt };
  }

  dispose(): Promise<void> {
    return this.release();
  }
}
