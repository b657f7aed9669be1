import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";

export interface LlamaServerOptions {
  model: string;
  /** Parallel slots (`-np`); each gets `slotContext` tokens. */
  slots?: number;
  slotContext?: number;
  apiKey?: string;
  /** More llama-server arguments (e.g. `--ignore-eos`, which makes a scripted fixture loop forever). */
  extraArgs?: readonly string[];
  port?: number;
}

/**
 * The real llama-server (built by scripts/build-llama-server.sh; `npm run test:server` passes its path in
 * PHI_PAIR_LLAMA_SERVER) on a free loopback port, with the project's fixture models.
 */
export class LlamaServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** The server's recent output, for a failing test's message. */
  output = "";

  private constructor(
    private readonly options: LlamaServerOptions,
    readonly port: number,
  ) {}

  static binary(): string {
    const binary = process.env.PHI_PAIR_LLAMA_SERVER;
    if (!binary)
      throw new Error(
        "PHI_PAIR_LLAMA_SERVER is not set: run the server tests with `npm run test:server`, which builds llama-server first",
      );
    return binary;
  }

  static async start(options: LlamaServerOptions): Promise<LlamaServer> {
    const server = new LlamaServer(options, options.port ?? (await freePort()));
    await server.launch();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    const slots = this.options.slots ?? 1;
    const args = [
      ...["-m", this.options.model, "--host", "127.0.0.1", "--port", String(this.port)],
      ...[
        "-np",
        String(slots),
        "-c",
        String(slots * (this.options.slotContext ?? 2048)),
        // One thread: ggml's threads spin while they wait for each other, so on a busy machine two of them stall
        // (the 4-user test: 1.5–1.7 s with one, 6.5–18 s with two, beside two busy loops on 2 cores; equal when idle).
        "-t",
        "1",
      ],
      "--no-webui",
      ...(this.options.apiKey ? ["--api-key", this.options.apiKey] : []),
      ...(this.options.extraArgs ?? []),
    ];
    const child = spawn(LlamaServer.binary(), args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const record = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000));
    child.stdout?.on("data", record);
    child.stderr?.on("data", record);
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      // a crash ends it by a signal (SIGSEGV), with no exit code
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`llama-server exited with ${child.exitCode ?? child.signalCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`llama-server did not become healthy within 60 s:\n${this.output}`);
      const healthy = await fetch(`${this.url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Slots as GET /slots reports them (is_processing, n_decoded of the current or last task). */
  async slots(): Promise<{ id: number; is_processing: boolean; next_token?: { n_decoded: number }[] }[]> {
    const headers: Record<string, string> = this.options.apiKey
      ? { Authorization: `Bearer ${this.options.apiKey}` }
      : {};
    const response = await fetch(`${this.url}/slots`, { headers });
    return (await response.json()) as { id: number; is_processing: boolean; next_token?: { n_decoded: number }[] }[];
  }

  /** SIGKILL: the server vanishes mid-request, as when its machine or process dies. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  /** Starts the same server again on the same port. */
  async restart(): Promise<void> {
    await this.launch();
  }

  /** SIGSTOP / SIGCONT: the server keeps its socket open but answers nothing (an overloaded or stuck server). */
  freeze(): void {
    this.child?.kill("SIGSTOP");
  }

  thaw(): void {
    this.child?.kill("SIGCONT");
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s: a stuck shutdown must not hang the suite. */
  async stop(): Promise<void> {
    this.thaw();
    this.child?.kill("SIGTERM");
    const forced = setTimeout(() => this.child?.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(forced);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
