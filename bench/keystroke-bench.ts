/**
 * P1/P2: replays a typing session through the extension's real completion path (CompletionService +
 * pythonPipeline + InferenceEngine + lint, the objects the inline provider uses, minus vscode), then replays
 * the same model work directly on a node-llama-cpp LlamaContextSequence, keystroke for keystroke.
 */
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { CompletionService, WARM_UP_IDLE_MS, type CompletionEvent, type CompletionOptions } from "../src/core/completion/completionService";
import { sleep } from "../src/core/completion/adaptiveDebounce";
import { pythonPipeline } from "../src/core/completion/pythonPipeline";
import { flashAttentionFor, InferenceEngine, type EngineSettings, type GenerateRequest, type GenerateResult, type WarmUpResult } from "../src/core/engine/inferenceEngine";
import { lintSuggestion } from "../src/core/lint/engine";
import { typingSession } from "./typing-session";

/** How long the user reads a suggestion they stopped for before typing on. */
const READING_MS = 400;
/** A suggestion the user stops for is given this long before they give up and type on. */
const WAIT_LIMIT_MS = 30_000;

/** Other processes share the CPU: every phase says how busy the machine was. */
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

/** The engine with a record of the work it was asked to do (what the raw replay repeats). */
class RecordingEngine extends InferenceEngine {
  readonly generations: { prompt: string; temperature: number; result: GenerateResult }[] = [];
  readonly warmUps: WarmUpResult[] = [];
  /** When the service asked for the token counter: the moment a request's work starts, after the debounce. */
  readonly workStarts: number[] = [];

  override async tokenCounter(): Promise<(text: string) => number> {
    this.workStarts.push(performance.now());
    return super.tokenCounter();
  }

  override async generate(request: GenerateRequest): Promise<GenerateResult> {
    const result = await super.generate(request);
    this.generations.push({ prompt: request.prompt, temperature: request.temperature, result });
    return result;
  }

  override async warmUp(prompt: string, signal?: AbortSignal): Promise<WarmUpResult> {
    const result = await super.warmUp(prompt, signal);
    this.warmUps.push(result);
    return result;
  }
}

export interface KeystrokeRecord {
  index: number;
  /** Milliseconds since the session started. */
  at: number;
  /** Keystroke to suggestion (debounce included); undefined when the next keystroke cancelled the request. */
  latencyMs?: number;
  source?: "model" | "in-flight" | "cache" | "empty";
  /** For requests that ran the model themselves: their work after the debounce, and the raw replay of it. */
  pipelineMs?: number;
  rawMs?: number;
  promptTokens?: number;
  evaluatedPromptTokens?: number;
  generatedTokens?: number;
}

export interface KeystrokeBenchResult {
  model: string;
  keystrokes: KeystrokeRecord[];
  /** P2 over every generation of the replay: 1 − evaluated / prompt tokens. */
  kvReuse: { promptTokens: number; evaluatedPromptTokens: number; fraction: number; warmUpEvaluatedTokens: number; warmUps: number };
  loadMs: number;
  /** Resident set of this process with the model loaded and the replay done. */
  rssBytes: number;
  sessionMs: number;
}

type ModelWork = Required<Pick<KeystrokeRecord, "promptTokens" | "evaluatedPromptTokens" | "generatedTokens">> & { prompt: string; temperature: number };

export async function runKeystrokeBench(options: {
  modelPath: string;
  engine: Omit<EngineSettings, "modelPath">;
  completion: CompletionOptions;
  functions: number;
  log: (line: string) => void;
}): Promise<KeystrokeBenchResult> {
  const engine = new RecordingEngine({ ...options.engine, modelPath: options.modelPath });
  const loadStarted = performance.now();
  await engine.load();
  const loadMs = performance.now() - loadStarted;
  const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => options.completion);
  const session = typingSession({ functions: options.functions });
  const records: KeystrokeRecord[] = [];
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
  scheduleWarmUp(session.startText, session.startOffset); // the file was just opened
  let previous: AbortController | undefined;
  const pending: Promise<void>[] = [];
  for (const [index, keystroke] of session.keystrokes.entries()) {
    await sleep(keystroke.delayMs);
    previous?.abort(new Error("next keystroke")); // VS Code cancels the request of the previous keystroke
    const controller = (previous = new AbortController());
    scheduleWarmUp(keystroke.text, keystroke.offset);
    const keyAt = performance.now();
    const record: KeystrokeRecord = { index, at: keyAt - sessionStarted };
    records.push(record);
    const answered = service.complete({ documentId: "session.py", text: keystroke.text, offset: keystroke.offset, signal: controller.signal }).then((suggestion) => {
      const event = lastEvent;
      lastEvent = undefined;
      if (controller.signal.aborted || !event) return;
      const endAt = performance.now();
      record.latencyMs = endAt - keyAt;
      record.source = suggestion?.source ?? "empty";
      const generation = event.generation;
      const startedItsOwn = generation && (suggestion === undefined || suggestion.source === "model");
      const workStart = engine.workStarts.find((at) => at >= keyAt);
      if (startedItsOwn && workStart !== undefined) {
        const generated = engine.generations.find((entry) => entry.result === generation)!;
        record.pipelineMs = endAt - workStart;
        record.promptTokens = generation.promptTokens;
        record.evaluatedPromptTokens = generation.evaluatedPromptTokens;
        record.generatedTokens = generation.generatedTokens;
        work.set(index, { ...generation, prompt: generated.prompt, temperature: generated.temperature });
      }
    });
    pending.push(answered);
    if (keystroke.waitsForSuggestion) {
      await Promise.race([answered, sleep(WAIT_LIMIT_MS)]);
      await sleep(READING_MS);
    }
  }
  await Promise.all(pending);
  clearTimeout(warmUpTimer);
  warmUpController?.abort();
  const sessionMs = performance.now() - sessionStarted;
  const rssBytes = process.memoryUsage().rss;

  const generations = engine.generations.map((entry) => entry.result);
  const promptTokens = generations.reduce((sum, result) => sum + result.promptTokens, 0);
  const evaluatedPromptTokens = generations.reduce((sum, result) => sum + result.evaluatedPromptTokens, 0);
  const kvReuse = {
    promptTokens,
    evaluatedPromptTokens,
    fraction: promptTokens === 0 ? 0 : 1 - evaluatedPromptTokens / promptTokens,
    warmUpEvaluatedTokens: engine.warmUps.reduce((sum, result) => sum + result.evaluatedPromptTokens, 0),
    warmUps: engine.warmUps.length,
  };
  const answered = records.filter((record) => record.latencyMs !== undefined).length;
  options.log(`  pipeline: ${session.keystrokes.length} keystrokes in ${(sessionMs / 1000).toFixed(1)} s, ${answered} answered, ${work.size} by their own generation; load average ${loadAverage()}`);
  await engine.dispose();

  await replayRaw(options, work, records);
  options.log(`  raw replay done; load average ${loadAverage()}`);
  return { model: options.modelPath, keystrokes: records, kvReuse, loadMs, rssBytes, sessionMs };
}

/**
 * The same model work straight on a LlamaContextSequence: for each keystroke answered by its own generation,
 * the sequence is first brought (untimed) to the KV state the engine found (the prompt's first
 * promptTokens − evaluatedPromptTokens tokens); then the timed part tokenizes the prompt, evaluates the rest
 * and samples as many tokens as the engine generated, at the same temperature.
 */
async function replayRaw(
  options: { modelPath: string; engine: Omit<EngineSettings, "modelPath"> },
  work: ReadonlyMap<number, ModelWork>,
  records: KeystrokeRecord[],
): Promise<void> {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ build: "never", gpu: options.engine.gpu === "off" ? false : "auto", maxThreads: options.engine.threads, logLevel: LlamaLogLevel.error });
  try {
    const model = await llama.loadModel({ modelPath: options.modelPath });
    const context = await model.createContext({
      contextSize: options.engine.contextSize,
      batchSize: options.engine.batchSize,
      threads: options.engine.threads,
      sequences: 1,
      flashAttention: flashAttentionFor(options.engine.flashAttention, llama.gpu !== false), // as the engine does
    });
    const sequence = context.getSequence();
    for (const [index, item] of work) {
      const tokens = model.tokenize(item.prompt);
      const cached = item.promptTokens - item.evaluatedPromptTokens;
      const held = sequence.contextTokens;
      let common = 0;
      while (common < Math.min(held.length, cached) && held[common] === tokens[common]) common++;
      if (held.length > common) await sequence.eraseContextTokenRanges([{ start: common, end: held.length }]);
      if (common < cached) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(common, cached));

      const started = performance.now();
      const remaining = model.tokenize(item.prompt).slice(cached);
      let generated = 0;
      for await (const token of sequence.evaluate(remaining, { temperature: item.temperature })) {
        void token;
        if (++generated >= Math.max(1, item.generatedTokens)) break;
      }
      records[index]!.rawMs = performance.now() - started;
    }
  } finally {
    await llama.dispose();
  }
}
