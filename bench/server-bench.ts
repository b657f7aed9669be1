/**
 * Shared server (issue 17): 4 simulated users type in 4 different files at once against one llama-server started
 * with `-np 4`, through the extension's completion path (CompletionService + pythonPipeline + lint) on a
 * ServerEngine. Measures each user's prompt-token reuse from the server's own timings (cached ÷ prompt tokens,
 * after each user's first request), with `id_slot: -1` (the server picks the slot with the most similar cached
 * prompt; what Phi Pair sends) against `id_slot: 0` (one slot for everybody, as llama.vscode sends), and the
 * latency per keystroke against the local engine (InferenceEngine) on the same fixture model and keystrokes.
 * Prints a table and writes .bench/server-results-<time>.json. Run: `npm run bench:server`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { CompletionService, type CompletionOptions } from "../src/core/completion/completionService";
import { pythonPipeline } from "../src/core/completion/pythonPipeline";
import type { Engine } from "../src/core/engine/engine";
import { InferenceEngine } from "../src/core/engine/inferenceEngine";
import { DEFAULT_SERVER_LIMITS, ServerEngine } from "../src/core/engine/serverEngine";
import { lintSuggestion } from "../src/core/lint/engine";
import { fixtureModel, testEngineSettings } from "../test/support/fixtureModels";
import { LlamaServer } from "../test/support/llamaServer";

const USERS = 4;
const KEYSTROKES = Number(process.env.SERVER_BENCH_KEYSTROKES ?? 40);
const BENCH_DIR = path.resolve(__dirname, "../../.bench");
const OPTIONS: CompletionOptions = {
  debounceMs: 0,
  maxTokens: 16,
  maxLines: 8,
  temperature: 0,
  timeCapMs: 30_000,
  promptTokenBudget: 1024,
};

/** A different module per user and run (~3,000 characters, several hundred tokens): what each one types after. */
function userFile(user: number): string {
  const topics = ["invoice", "sensor", "playlist", "ticket"];
  const topic = topics[user % topics.length];
  const functions = Array.from({ length: 12 }, (_, i) =>
    [
      `def ${topic}_${user}_step_${i}(records, limit=${i + 3}):`,
      `    """Return the ${topic} records of step ${i}, at most limit of them."""`,
      `    chosen = [r for r in records if r.get("${topic}_${user}_${i}")]`,
      "    return chosen[:limit]",
      "",
      "",
    ].join("\n"),
  );
  return `import json\nimport logging\n\nlog = logging.getLogger("${topic}")\n\n\n${functions.join("")}`;
}

/** What each user types at the end of their file, one character a keystroke. */
const typed = (user: number) =>
  `def summary_${user}(rows):\n    """Summarize the rows."""\n    total = len(rows)\n`.slice(0, KEYSTROKES);

interface UserRun {
  user: number;
  latenciesMs: number[];
  promptTokens: number;
  cachedTokens: number;
  requests: number;
}

/** One user typing: a request per keystroke, waiting for each suggestion (explicit requests, no debounce). */
async function typeAlong(engine: Engine, user: number): Promise<UserRun> {
  const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
  const file = userFile(user);
  const text = typed(user);
  const run: UserRun = { user, latenciesMs: [], promptTokens: 0, cachedTokens: 0, requests: 0 };
  for (let i = 1; i <= text.length; i++) {
    const document = file + text.slice(0, i);
    const started = performance.now();
    const suggestion = await service.complete({
      documentId: `file:///user${user}.py`,
      text: document,
      offset: document.length,
      signal: new AbortController().signal,
      explicit: true,
    });
    run.latenciesMs.push(performance.now() - started);
    const generation = suggestion?.generation;
    // The first request of each user fills its slot; reuse counts from the second one on.
    if (generation && suggestion.source === "model" && i > 1) {
      run.promptTokens += generation.promptTokens;
      run.cachedTokens += generation.promptTokens - generation.evaluatedPromptTokens;
      run.requests++;
    }
  }
  return run;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

function llamaServerBinary(): string {
  if (process.env.PHI_PAIR_LLAMA_SERVER) return process.env.PHI_PAIR_LLAMA_SERVER;
  const output = execFileSync("bash", [path.resolve(__dirname, "../../scripts/build-llama-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return output.trim().split("\n").pop()!;
}

async function main(): Promise<void> {
  process.env.PHI_PAIR_LLAMA_SERVER = llamaServerBinary();
  const model = fixtureModel("sumBody");
  const log = (line: string) => console.log(line);
  log(
    `server bench: ${USERS} users × ${KEYSTROKES} keystrokes, fixture ${path.basename(model)}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`,
  );

  const server = await LlamaServer.start({ model, slots: USERS, slotContext: 2048 });
  const results: Record<string, UserRun[]> = {};
  try {
    // Interleaved: each configuration runs twice, so a change in the machine's load shows as a spread.
    for (const round of [1, 2]) {
      for (const slot of [-1, 0]) {
        const engine = new ServerEngine({ ...DEFAULT_SERVER_LIMITS, url: server.url, contextSize: 2048, slot });
        const runs = await Promise.all(
          Array.from({ length: USERS }, (_, user) => typeAlong(engine, user + USERS * round * (slot + 2))),
        );
        (results[`server, ${USERS} users, id_slot ${slot}`] ??= []).push(...runs);
        await engine.dispose();
      }
      const alone = new ServerEngine({ ...DEFAULT_SERVER_LIMITS, url: server.url, contextSize: 2048 });
      (results["server, 1 user, id_slot -1"] ??= []).push(await typeAlong(alone, 100 + round));
      await alone.dispose();
      const local = new InferenceEngine(testEngineSettings(model));
      (results["local engine, 1 user"] ??= []).push(await typeAlong(local, 200 + round));
      await local.dispose();
      log(`round ${round} done, load average ${os.loadavg()[0].toFixed(1)}`);
    }
  } catch (error) {
    console.error(`llama-server's last output:\n${server.output}`);
    throw error;
  } finally {
    await server.stop();
  }

  log("");
  log(
    "configuration                  │ reuse per user (cached ÷ prompt tokens)     │ latency per keystroke: median (range), n",
  );
  const summary = Object.entries(results).map(([name, runs]) => {
    const reuse = runs.map((run) => (run.promptTokens > 0 ? run.cachedTokens / run.promptTokens : NaN));
    const latencies = runs.flatMap((run) => run.latenciesMs);
    log(
      `${name.padEnd(30)} │ ${reuse
        .map((value) => value.toFixed(3))
        .join(" ")
        .padEnd(43)} │ ${median(latencies).toFixed(1)} ms (${range(latencies)}), n = ${latencies.length}`,
    );
    return {
      name,
      reusePerUser: reuse,
      minReuse: Math.min(...reuse),
      medianLatencyMs: median(latencies),
      latencyRangeMs: [Math.min(...latencies), Math.max(...latencies)],
      n: latencies.length,
    };
  });
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const jsonPath = path.join(BENCH_DIR, `server-results-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        users: USERS,
        keystrokes: KEYSTROKES,
        machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
        summary,
        runs: results,
      },
      null,
      2,
    ),
  );
  log(`\nWrote ${jsonPath}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
