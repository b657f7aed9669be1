import type { Logger } from "../logger";
import { silentLogger } from "../logger";
import type {
  Engine,
  EngineState,
  GenerateRequest,
  GenerateResult,
  ServerApi,
  ServerInfo,
  WarmUpResult,
} from "./engine";
import { SERVER_DIALECTS, type CompletionCall, type ServerStats } from "./serverApi";
import { ServerError, isServerError, type ServerProblem } from "./serverErrors";
import { serverSentEvents } from "./serverEvents";
import { parseServerUrl } from "./serverUrl";

export interface ServerEngineSettings {
  /** https://… (or http:// on this machine); see parseServerUrl. */
  url: string;
  /** Sent as a bearer token; never part of a message or a log line. */
  apiKey?: string;
  /** The most context the prompt builders may fill; the server's own slot context may be smaller. */
  contextSize: number;
  /** How long connecting to the server and asking what it is may take. */
  connectTimeoutMs: number;
  /** The cap of a request without a time cap of its own (explain). */
  requestTimeoutMs: number;
  /** A stream that sends nothing for this long counts as a stalled server. */
  stallTimeoutMs: number;
  /** Which API to speak; undefined: detect at connect (llama-server's /props, else /v1/models). */
  api?: ServerApi;
  /** llama-server slot: -1 lets the server pick the one whose cached prompt is most similar (the bench compares 0). */
  slot: number;
}

export const DEFAULT_SERVER_LIMITS = {
  connectTimeoutMs: 5000,
  requestTimeoutMs: 120_000,
  stallTimeoutMs: 15_000,
  slot: -1,
} as const;

interface Connection {
  base: URL;
  info: ServerInfo;
  contextLength?: number;
  /** Characters per token of the server's tokenizer, measured at connect, for the synchronous token counter. */
  charsPerToken: number;
}

/** Why our own controller aborted a request. */
const TIME_CAP = Symbol("time-cap");
/** The caller's onText said the answer is complete. */
const ENOUGH = Symbol("enough");
const CANCELLED = Symbol("cancelled");
const STALLED = Symbol("stalled");
const CONNECT_TIMEOUT = Symbol("connect-timeout");

/**
 * Python with a docstring and indentation, tokenized by the server at connect to learn its characters per token
 * (the prompt builders count tokens synchronously; asking the server per count would cost a round trip each).
 */
const CALIBRATION_TEXT =
  'import os\nfrom typing import Iterable\n\n\ndef total_size(paths: Iterable[str]) -> int:\n    """Return the total size in bytes of the files in paths."""\n    total = 0\n    for path in paths:\n        if os.path.isfile(path):\n            total += os.path.getsize(path)\n    return total\n';
/** OpenAI-compatible servers have no tokenize endpoint in common; code in a GPT-2-style BPE is ≈ 3.5 characters a token. */
const DEFAULT_CHARS_PER_TOKEN = 3;
/** Room for prompts that tokenize worse than the calibration text. */
const TOKEN_ESTIMATE_MARGIN = 0.85;

const CERTIFICATE_ERRORS = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const UNREACHABLE_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/**
 * Sends of one request over connections the server may have closed, before the failure counts: more than the
 * kept-alive connections one engine's pool holds (one per request it had in flight at once), so the last send goes
 * out on a new connection. With 4, four users at once on a 4-slot server still lost one request in ~12 suite runs.
 */
const STALE_CONNECTION_RETRIES = 8;
/** Problems after which the next request connects again (the server may have been restarted or fixed). */
const RECONNECT_AFTER: ReadonlySet<ServerProblem> = new Set([
  "unreachable",
  "certificate",
  "timeout",
  "unauthorized",
  "connection-lost",
]);

/**
 * The engine on a shared server (issue 17): llama-server's native `/completion` (prompt cache, slot chosen by
 * prompt similarity, stats per request) or an OpenAI-compatible `/v1/completions` (vLLM and others), detected at
 * connect. Streaming; cancelling aborts the HTTP request, which makes the server stop generating; every request
 * has a time cap, so a slow or vanished server never hangs a caller.
 */
export class ServerEngine implements Engine {
  private connection: Promise<Connection> | undefined;
  private currentState: EngineState = { kind: "not-loaded" };
  private readonly stateListeners = new Set<(state: EngineState) => void>();
  private readonly inFlight = new Set<AbortController>();
  private warmUpController: AbortController | undefined;
  private disposed = false;

  constructor(
    readonly settings: Readonly<ServerEngineSettings>,
    private readonly logger: Logger = silentLogger,
  ) {}

  get state(): EngineState {
    return this.currentState;
  }

  onDidChangeState(listener: (state: EngineState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  private setState(state: EngineState): void {
    this.currentState = state;
    for (const listener of this.stateListeners) listener(state);
  }

  /** Connects: checks the URL, detects the API, reads the model and slots, calibrates the token counter. */
  load(): Promise<Connection> {
    if (this.disposed) return Promise.reject(new Error("The server engine was disposed"));
    this.connection ??= this.connect();
    return this.connection;
  }

  async tokenCounter(): Promise<(text: string) => number> {
    const { charsPerToken } = await this.load();
    return (text) => Math.ceil(text.length / charsPerToken);
  }

  private async connect(): Promise<Connection> {
    this.setState({ kind: "loading" });
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(CONNECT_TIMEOUT), this.settings.connectTimeoutMs);
    try {
      const base = parseServerUrl(this.settings.url);
      const connection = await this.detect(base, controller.signal);
      const loadMs = Math.round(performance.now() - started);
      const { info } = connection;
      this.logger.info(
        `Connected to ${info.api === "llama.cpp" ? "llama-server" : "an OpenAI-compatible server"} at ${info.url}: model ${info.model}` +
          `${info.slots === undefined ? "" : `, ${info.slots} slots`}${connection.contextLength === undefined ? "" : ` of ${connection.contextLength} tokens`}` +
          `, ${connection.charsPerToken.toFixed(2)} characters per token, in ${loadMs} ms`,
      );
      if (this.disposed) throw new Error("The server engine was disposed while connecting");
      this.setState({
        kind: "ready",
        model: {
          path: info.model,
          name: info.model,
          architecture: "unknown",
          sizeBytes: 0,
          contextLength: connection.contextLength,
        },
        backend: `server (${info.api})`,
        loadMs,
        server: info,
      });
      return connection;
    } catch (error) {
      const serverError = this.toServerError(error, controller.signal, this.originOf(), "connecting");
      this.connection = undefined; // the next request tries again
      if (!this.disposed) this.setState({ kind: "error", error: serverError });
      throw serverError;
    } finally {
      clearTimeout(timer);
    }
  }

  private async detect(base: URL, signal: AbortSignal): Promise<Connection> {
    const url = base.href;
    const props =
      this.settings.api === "openai"
        ? undefined
        : await this.getJson<LlamaProps>(base, "props", signal, { notFoundIsEmpty: true });
    if (props && (props.total_slots !== undefined || props.default_generation_settings !== undefined)) {
      const model = props.model_alias || lastPathPart(props.model_path) || "unknown model";
      const charsPerToken = await this.calibrate(base, signal);
      return {
        base,
        info: { url, api: "llama.cpp", model, slots: props.total_slots },
        contextLength: props.default_generation_settings?.n_ctx,
        charsPerToken,
      };
    }
    const models = await this.getJson<{ data?: { id?: string; max_model_len?: number }[] }>(base, "v1/models", signal, {
      notFoundIsEmpty: true,
    });
    const first = models?.data?.[0];
    if (!first?.id) {
      throw new ServerError(
        "not-a-completion-server",
        `${base.origin} answers neither llama-server's /props nor /v1/models: point phiPair.server.url at a llama-server or an OpenAI-compatible completion server (vLLM).`,
        base.origin,
      );
    }
    return {
      base,
      info: { url, api: "openai", model: first.id },
      contextLength: first.max_model_len,
      charsPerToken: DEFAULT_CHARS_PER_TOKEN,
    };
  }

  private async calibrate(base: URL, signal: AbortSignal): Promise<number> {
    const tokenized = await this.getJson<{ tokens?: unknown[] }>(base, "tokenize", signal, {
      body: { content: CALIBRATION_TEXT },
      notFoundIsEmpty: true,
    });
    const count = tokenized?.tokens?.length ?? 0;
    return count > 0 ? (TOKEN_ESTIMATE_MARGIN * CALIBRATION_TEXT.length) / count : DEFAULT_CHARS_PER_TOKEN;
  }

  /** Streams a completion. Cancelling (signal) or the time cap resolves with the text so far; failures reject with a ServerError. */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    const connection = await this.load();
    this.warmUpController?.abort(CANCELLED); // a real request goes first, to the slot the warm-up was filling
    const dialect = SERVER_DIALECTS[connection.info.api];
    const call: CompletionCall = {
      prompt: this.fitToContext(connection, request.prompt, request.maxTokens),
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      stopTriggers: request.stopTriggers ?? [],
      timeCapMs: request.timeCapMs,
      slot: this.settings.slot,
      model: connection.info.model,
    };
    const capMs = request.timeCapMs ?? this.settings.requestTimeoutMs;
    const controller = this.track(new AbortController());
    const cancel = () => controller.abort(CANCELLED);
    request.signal?.addEventListener("abort", cancel, { once: true });
    if (request.signal?.aborted) cancel();
    const capTimer = setTimeout(() => controller.abort(TIME_CAP), capMs);
    let stallTimer: NodeJS.Timeout | undefined;
    const heardFromServer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => controller.abort(STALLED), this.settings.stallTimeoutMs);
    };
    let text = "";
    let textEvents = 0;
    let firstTextAt: number | undefined;
    let done = false;
    const stats: ServerStats = {};
    const result = (stopReason: GenerateResult["stopReason"]): GenerateResult => {
      const finished = performance.now();
      const estimatedPrompt = Math.ceil(call.prompt.length / connection.charsPerToken);
      const promptTokens =
        stats.evaluatedPromptTokens === undefined
          ? estimatedPrompt
          : stats.evaluatedPromptTokens + (stats.cachedPromptTokens ?? 0);
      const prefillMs = stats.promptMs ?? (firstTextAt ?? finished) - started;
      return {
        text,
        stopReason,
        promptTokens,
        evaluatedPromptTokens: stats.evaluatedPromptTokens ?? promptTokens,
        generatedTokens: stats.generatedTokens ?? textEvents,
        prefillMs,
        generationMs: stats.generationMs ?? finished - (firstTextAt ?? finished),
        totalMs: finished - started,
      };
    };
    try {
      heardFromServer();
      const response = await this.call(connection.base, dialect.completionPath, controller.signal, {
        body: dialect.body(call),
      });
      if (!response.body)
        throw new ServerError(
          "request-failed",
          `${connection.base.origin} sent an empty answer.`,
          connection.base.origin,
        );
      for await (const event of serverSentEvents(response.body)) {
        heardFromServer();
        if (event.event === "error")
          throw new ServerError(
            "request-failed",
            `The server failed the request: ${errorDetail(event.data)}`,
            connection.base.origin,
          );
        const piece = dialect.parse(event.data, call);
        Object.assign(stats, definedOnly(piece.stats));
        if (piece.text.length > 0) {
          firstTextAt ??= performance.now();
          text += piece.text;
          textEvents++;
          if (request.onText?.(piece.text) === true) controller.abort(ENOUGH);
        }
        // Read on to the stream's end: cancelling a finished response's body would cost its kept-alive connection.
        done ||= piece.done;
      }
      if (!done)
        throw new ServerError(
          "connection-lost",
          `${connection.base.origin} closed the stream before the answer was complete.`,
          connection.base.origin,
        );
      const generated = result(stats.stopReason ?? "end-of-text");
      this.logGeneration(connection, generated, stats);
      return generated;
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason === ENOUGH) return result("stop-trigger");
      if (controller.signal.aborted && (reason === CANCELLED || reason === TIME_CAP)) {
        const partial = result(reason === TIME_CAP ? "time-cap" : "aborted");
        if (reason === TIME_CAP && text.length === 0) {
          this.logger.warn(
            `${connection.base.origin} sent nothing within the ${capMs} ms time cap: check the server's load (busy slots) and the network.`,
          );
        }
        return partial;
      }
      throw this.failed(this.toServerError(error, controller.signal, connection.base.origin, "generating"));
    } finally {
      clearTimeout(capTimer);
      clearTimeout(stallTimer);
      request.signal?.removeEventListener("abort", cancel);
      this.inFlight.delete(controller);
    }
  }

  /**
   * Fills a slot's prompt cache with the stable part of an upcoming prompt at idle (llama-server only: `n_predict: 0`),
   * so the next request only pays for what follows it. A real request cancels it.
   */
  async warmUp(prompt: string, signal?: AbortSignal): Promise<WarmUpResult> {
    const started = performance.now();
    const connection = await this.load();
    if (connection.info.api !== "llama.cpp")
      return { promptTokens: 0, evaluatedPromptTokens: 0, aborted: false, ms: 0 };
    this.warmUpController?.abort(CANCELLED);
    const controller = this.track(new AbortController());
    this.warmUpController = controller;
    const cancel = () => controller.abort(CANCELLED);
    signal?.addEventListener("abort", cancel, { once: true });
    if (signal?.aborted) cancel();
    const timer = setTimeout(() => controller.abort(TIME_CAP), this.settings.requestTimeoutMs);
    try {
      const body = {
        prompt: this.fitToContext(connection, prompt, 1),
        n_predict: 0,
        cache_prompt: true,
        id_slot: this.settings.slot,
        stream: false,
      };
      const response = await this.call(connection.base, "completion", controller.signal, { body });
      const { timings } = (await response.json()) as { timings?: { cache_n?: number; prompt_n?: number } };
      const evaluated = timings?.prompt_n ?? 0;
      return {
        promptTokens: evaluated + (timings?.cache_n ?? 0),
        evaluatedPromptTokens: evaluated,
        aborted: false,
        ms: performance.now() - started,
      };
    } catch (error) {
      if (
        controller.signal.aborted &&
        (controller.signal.reason === CANCELLED || controller.signal.reason === TIME_CAP)
      ) {
        return { promptTokens: 0, evaluatedPromptTokens: 0, aborted: true, ms: performance.now() - started };
      }
      throw this.failed(this.toServerError(error, controller.signal, connection.base.origin, "warming up"));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
      this.inFlight.delete(controller);
      if (this.warmUpController === controller) this.warmUpController = undefined;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const controller of this.inFlight) controller.abort(CANCELLED);
    this.connection = undefined;
    this.setState({ kind: "not-loaded" });
    this.stateListeners.clear();
  }

  private track(controller: AbortController): AbortController {
    this.inFlight.add(controller);
    return controller;
  }

  /** A failure that may mean the server is gone shows as the engine's state; the next request connects again. */
  private failed(error: ServerError): ServerError {
    if (RECONNECT_AFTER.has(error.problem) && !this.disposed) {
      this.connection = undefined;
      this.setState({ kind: "error", error });
    }
    this.logger.warn(error.message);
    return error;
  }

  /** Keeps the prompt's end within the server's context, leaving room for the answer; estimated in characters. */
  private fitToContext(connection: Connection, prompt: string, maxTokens: number): string {
    const contextSize = Math.min(this.settings.contextSize, connection.contextLength ?? this.settings.contextSize);
    const maxChars = Math.max(0, Math.floor((contextSize - maxTokens) * connection.charsPerToken));
    if (prompt.length <= maxChars) return prompt;
    this.logger.warn(
      `Prompt of ${prompt.length} characters cut to the last ${maxChars} to fit the server's ${contextSize}-token context`,
    );
    return prompt.slice(prompt.length - maxChars);
  }

  /** One HTTP request to the server; non-2xx answers become ServerErrors (401/403: the API key). */
  private async call(
    base: URL,
    path: string,
    signal: AbortSignal,
    options: { body?: unknown; notFoundIsEmpty?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(path, base);
    const headers: Record<string, string> = { Accept: "application/json, text/event-stream" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (this.settings.apiKey) headers.Authorization = `Bearer ${this.settings.apiKey}`;
    // No redirects: one to plain HTTP or another host would carry the code and the key where the URL does not say.
    const send = () =>
      fetch(url, {
        method: options.body === undefined ? "GET" : "POST",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
        redirect: "manual",
      });
    let response: Response | undefined;
    for (let attempt = 1; !response; attempt++) {
      try {
        response = await send();
      } catch (error) {
        // A kept-alive connection that the server had closed (llama-server does, without saying so, when several
        // users are served at once): the request never ran. Completion requests change nothing on the server, so
        // sending it again, on another connection, is safe.
        if (signal.aborted || attempt >= STALE_CONNECTION_RETRIES || !errorCodes(error).includes("UND_ERR_SOCKET"))
          throw error;
        this.logger.debug(`${base.origin} had closed a kept-alive connection; sending ${url.pathname} again`);
      }
    }
    if (response.ok || (options.notFoundIsEmpty && response.status === 404)) return response;
    const detail = errorDetail(await response.text().catch(() => ""));
    if (response.status === 401 || response.status === 403) {
      throw new ServerError(
        "unauthorized",
        `${base.origin} rejected the API key (HTTP ${response.status}${detail ? `: ${detail}` : ""}): set the key the server was started with${this.settings.apiKey ? "" : " (none is set)"}.`,
        base.origin,
      );
    }
    if (response.status >= 300 && response.status < 400) {
      throw new ServerError(
        "request-failed",
        `${url.pathname} on ${base.origin} redirects (HTTP ${response.status}); set phiPair.server.url to the server's final address.`,
        base.origin,
      );
    }
    throw new ServerError(
      "request-failed",
      `${url.pathname} on ${base.origin} answered HTTP ${response.status}${detail ? `: ${detail}` : ""}.`,
      base.origin,
    );
  }

  private async getJson<T>(
    base: URL,
    path: string,
    signal: AbortSignal,
    options: { body?: unknown; notFoundIsEmpty?: boolean },
  ): Promise<T | undefined> {
    const response = await this.call(base, path, signal, options);
    if (response.status === 404) return undefined;
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ServerError(
        "not-a-completion-server",
        `${new URL(path, base).pathname} on ${base.origin} did not answer JSON.`,
        base.origin,
        { cause: error },
      );
    }
  }

  private originOf(): string | undefined {
    try {
      return new URL(this.settings.url.trim()).origin;
    } catch {
      return undefined;
    }
  }

  /** Names what went wrong in terms of what to check; decided by error codes and our own abort reasons. */
  private toServerError(error: unknown, signal: AbortSignal, origin: string | undefined, doing: string): ServerError {
    if (isServerError(error)) return error;
    const where = origin ?? this.settings.url;
    if (signal.aborted && signal.reason === CONNECT_TIMEOUT) {
      return new ServerError(
        "timeout",
        `${where} did not answer within ${this.settings.connectTimeoutMs} ms: check that the server is running and reachable.`,
        origin,
        { cause: error },
      );
    }
    if (signal.aborted && signal.reason === STALLED) {
      return new ServerError(
        "timeout",
        `${where} stopped sending for ${this.settings.stallTimeoutMs} ms while ${doing}: check the server's load and log.`,
        origin,
        { cause: error },
      );
    }
    if (signal.aborted && signal.reason === TIME_CAP) {
      return new ServerError(
        "timeout",
        `${where} did not finish within ${this.settings.requestTimeoutMs} ms while ${doing}: check the server's load.`,
        origin,
        { cause: error },
      );
    }
    const code = errorCode(error);
    if (code !== undefined && CERTIFICATE_ERRORS.has(code)) {
      return new ServerError(
        "certificate",
        `The certificate of ${where} could not be verified (${code}). Phi Pair checks certificates: give the server one your system trusts (for a private CA, start VS Code with NODE_EXTRA_CA_CERTS).`,
        origin,
        { cause: error },
      );
    }
    if (doing === "connecting" || (code !== undefined && UNREACHABLE_ERRORS.has(code))) {
      return new ServerError(
        "unreachable",
        `Cannot reach the server at ${where}${code ? ` (${code})` : ""}: check phiPair.server.url and that the server is running.`,
        origin,
        { cause: error },
      );
    }
    return new ServerError(
      "connection-lost",
      `The connection to ${where} was lost while ${doing}${code ? ` (${code})` : ""}: the server stopped or restarted; the next request connects again.`,
      origin,
      { cause: error },
    );
  }

  private logGeneration(connection: Connection, result: GenerateResult, stats: ServerStats): void {
    const reused = result.promptTokens - result.evaluatedPromptTokens;
    const tokensPerSecond = result.generationMs > 0 ? (1000 * result.generatedTokens) / result.generationMs : 0;
    this.logger.debug(
      `Server ${connection.base.origin}${stats.slot === undefined ? "" : ` slot ${stats.slot}`}: prompt ${result.promptTokens} tokens (${reused} cached, ${result.evaluatedPromptTokens} evaluated in ${Math.round(result.prefillMs)} ms), ` +
        `${result.generatedTokens} tokens in ${Math.round(result.generationMs)} ms (${tokensPerSecond.toFixed(1)} tok/s), round trip ${Math.round(result.totalMs)} ms, stop: ${result.stopReason}`,
    );
  }
}

interface LlamaProps {
  total_slots?: number;
  model_alias?: string;
  model_path?: string;
  default_generation_settings?: { n_ctx?: number };
}

function lastPathPart(filePath: string | undefined): string | undefined {
  return filePath?.split(/[\\/]/).pop() || undefined;
}

/** The `code`s along a network error's causes (fetch wraps the socket's error in `cause`, sometimes twice). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** The operating system's or TLS's code for a network error (ECONNREFUSED, CERT_HAS_EXPIRED, …), not undici's own. */
function errorCode(error: unknown): string | undefined {
  return errorCodes(error).find((code) => !code.startsWith("UND_ERR_") && code !== "ABORT_ERR");
}

/** The message of an error answer (OpenAI and llama-server: `{ error: { message } }`), shortened. */
function errorDetail(body: string): string {
  let message = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    message = (typeof parsed.error === "string" ? parsed.error : parsed.error?.message) ?? parsed.message ?? body;
  } catch {
    // not JSON: the text itself
  }
  const trimmed = message.trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

function definedOnly(stats: ServerStats): ServerStats {
  return Object.fromEntries(Object.entries(stats).filter(([, value]) => value !== undefined));
}
