import type { ServerApi, StopReason } from "./engine";

export interface CompletionCall {
  prompt: string;
  maxTokens: number;
  temperature: number;
  stopTriggers: readonly string[];
  timeCapMs?: number;
  /** llama.cpp: -1 lets the server pick the slot whose cached prompt is most similar; ≥ 0 pins one slot. */
  slot: number;
  model: string;
}

/** What a finished generation reports, as far as the server says (each field is optional: servers differ). */
export interface ServerStats {
  stopReason?: StopReason;
  /** Prompt tokens the server evaluated; the rest came from its cache. */
  evaluatedPromptTokens?: number;
  cachedPromptTokens?: number;
  generatedTokens?: number;
  promptMs?: number;
  generationMs?: number;
  slot?: number;
}

export interface StreamPiece {
  text: string;
  stats: ServerStats;
  /** The server said the generation is over. */
  done: boolean;
}

export interface ServerDialect {
  completionPath: string;
  /** Plain functions, no `this`: callers may take them off the table. */
  body: (call: CompletionCall) => Record<string, unknown>;
  /** One streamed event's data; "[DONE]" ends an OpenAI stream. */
  parse: (data: string, call: CompletionCall) => StreamPiece;
}

/** llama-server's `timings` object (tools/server: server_slot_stats::to_json). */
interface LlamaTimings {
  cache_n?: number;
  prompt_n?: number;
  prompt_ms?: number;
  predicted_n?: number;
  predicted_ms?: number;
}

const statsFromTimings = (timings: LlamaTimings | undefined): ServerStats =>
  timings === undefined
    ? {}
    : {
        cachedPromptTokens: timings.cache_n,
        evaluatedPromptTokens: timings.prompt_n,
        generatedTokens: timings.predicted_n,
        promptMs: timings.prompt_ms,
        generationMs: timings.predicted_ms,
      };

/** llama-server `/completion`: slots, prompt cache, a time limit for the generation phase, stats per request. */
const llamaCppDialect: ServerDialect = {
  completionPath: "completion",
  body: (call) => ({
    prompt: call.prompt,
    n_predict: call.maxTokens,
    temperature: call.temperature,
    stop: call.stopTriggers,
    stream: true,
    cache_prompt: true,
    id_slot: call.slot,
    // The server ends the generation at a new line once this much time went by (our own cap still holds).
    ...(call.timeCapMs === undefined ? {} : { t_max_predict_ms: call.timeCapMs }),
  }),
  parse: (data, call) => {
    const event = JSON.parse(data) as {
      content?: string;
      stop?: boolean;
      stop_type?: "eos" | "word" | "limit" | "none";
      tokens_predicted?: number;
      id_slot?: number;
      timings?: LlamaTimings;
    };
    const stats: ServerStats = { ...statsFromTimings(event.timings), slot: event.id_slot };
    if (event.stop === true)
      stats.stopReason = llamaStopReason(event.stop_type, event.tokens_predicted ?? 0, call.maxTokens);
    return { text: event.content ?? "", stats, done: event.stop === true };
  },
};

function llamaStopReason(stopType: string | undefined, predicted: number, maxTokens: number): StopReason {
  switch (stopType) {
    case "eos":
      return "end-of-text";
    case "word":
      return "stop-trigger";
    case "limit":
      // n_predict, or t_max_predict_ms (the server reports both as "limit")
      return predicted >= maxTokens ? "max-tokens" : "time-cap";
    default:
      return "aborted";
  }
}

/** OpenAI-compatible `/v1/completions` (vLLM, llama-server, others): prompt in, text out; usage if the server sends it. */
const openAiDialect: ServerDialect = {
  completionPath: "v1/completions",
  body: (call) => ({
    model: call.model,
    prompt: call.prompt,
    max_tokens: call.maxTokens,
    temperature: call.temperature,
    ...(call.stopTriggers.length > 0 ? { stop: call.stopTriggers } : {}),
    stream: true,
    stream_options: { include_usage: true },
  }),
  parse: (data) => {
    if (data === "[DONE]") return { text: "", stats: {}, done: true };
    const event = JSON.parse(data) as {
      choices?: { text?: string; finish_reason?: string | null }[];
      usage?: {
        prompt_tokens?: number;
        completion_tokens?: number;
        prompt_tokens_details?: { cached_tokens?: number } | null;
      } | null;
      timings?: LlamaTimings;
    };
    const choice = event.choices?.[0];
    const stats: ServerStats = statsFromTimings(event.timings);
    if (choice?.finish_reason) stats.stopReason = choice.finish_reason === "length" ? "max-tokens" : "end-of-text";
    const usage = event.usage;
    if (usage) {
      const cached = usage.prompt_tokens_details?.cached_tokens;
      stats.generatedTokens ??= usage.completion_tokens;
      if (usage.prompt_tokens !== undefined) {
        stats.cachedPromptTokens ??= cached ?? 0;
        stats.evaluatedPromptTokens ??= usage.prompt_tokens - (cached ?? 0);
      }
    }
    return { text: choice?.text ?? "", stats, done: false };
  },
};

export const SERVER_DIALECTS: Record<ServerApi, ServerDialect> = {
  "llama.cpp": llamaCppDialect,
  openai: openAiDialect,
};
