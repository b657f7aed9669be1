/**
 * `npm run stress`: the long variants of the reliability suite (test/unit/reliability), with their counts.
 * Typing storm of 5,000 requests at ~20/s, 10,000 lint fuzz inputs, and a model whose context passes
 * node-llama-cpp's memory check and fails inside llama.cpp. Exits 1 when any check fails.
 * Run with --expose-gc (the npm script does) so the RSS after the storm is measured after a collection.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InferenceEngine } from "../../src/core/engine/inferenceEngine";
import { isModelError } from "../../src/core/model/modelErrors";
import { fixtureModel, testEngineSettings } from "../support/fixtureModels";
import { runLintFuzz } from "./lintFuzz";
import { withHugeContextLength } from "./modelFaults";
import { runTypingStorm } from "./typingStorm";

const failures: string[] = [];
let faultsInjected = 0;

function check(condition: boolean, message: string): void {
  if (!condition) failures.push(message);
}

async function typingStorm(): Promise<void> {
  console.log("typing storm: 5,000 requests at ~20/s with cancellations and edits …");
  const report = await runTypingStorm({
    requests: 5000,
    meanIntervalMs: 40,
    pauseChance: 0.02,
    seed: 2026,
    settleAfterCancelMs: 5000,
    onProgress: (issued) => console.log(`  ${issued} issued`),
  });
  faultsInjected += report.cancelledByNextKeystroke + report.cancelledByTimer;
  console.log(
    `  ${report.requests} requests, ${report.documentEdits} edits in ${(report.durationMs / 1000).toFixed(0)} s (${((1000 * report.requests) / report.durationMs).toFixed(1)}/s); ` +
      `cancelled: ${report.cancelledByNextKeystroke} by the next keystroke, ${report.cancelledByTimer} by a timer; ${report.generations} generations; ` +
      `suggestions ${JSON.stringify(report.suggestions)}, ${report.empty} empty; max settle after cancel ${report.maxSettleAfterCancelMs.toFixed(0)} ms; ` +
      `peak concurrent work ${report.peakConcurrentWork}; RSS ${report.rssBeforeMb} → ${report.rssAfterMb} MB, heap ${report.heapBeforeMb} → ${report.heapAfterMb} MB`,
  );
  check(
    report.unhandledRejections.length === 0,
    `typing storm: unhandled rejections ${report.unhandledRejections.join("; ")}`,
  );
  check(report.rejected.length === 0, `typing storm: rejected requests ${report.rejected.slice(0, 5).join("; ")}`);
  check(report.unsettled === 0, `typing storm: ${report.unsettled} requests never settled`);
  check(report.peakConcurrentWork === 1, `typing storm: peak concurrent work ${report.peakConcurrentWork}`);
  check(
    report.rssAfterMb - report.rssBeforeMb < 300,
    `typing storm: RSS grew ${report.rssBeforeMb} → ${report.rssAfterMb} MB`,
  );
}

async function lintFuzz(): Promise<void> {
  console.log("lint fuzzing: 10,000 inputs (5 of 10 MB, 50 single lines of 0.1–1 MB) …");
  const report = await runLintFuzz({
    inputs: 10_000,
    seed: 2026,
    hugeFiles: 5,
    longLines: 50,
    onProgress: (done) => console.log(`  ${done} linted`),
  });
  faultsInjected += report.inputs;
  console.log(
    `  ${report.inputs} inputs (${report.inputMegabytes} MB) in ${(report.durationMs / 1000).toFixed(0)} s: ${JSON.stringify(report.byKind)}; ` +
      `${report.findings} findings; ${report.escaped.length} escaped exceptions, ${report.ruleCrashes.length} rule crashes; ` +
      `slowest ${report.slowest.ms} ms (${report.slowest.kind}), slowest 10 MB file ${report.slowestHuge.ms} ms`,
  );
  check(report.escaped.length === 0, `lint fuzz: escaped ${report.escaped.slice(0, 3).join("; ")}`);
  check(report.ruleCrashes.length === 0, `lint fuzz: rule crashes ${report.ruleCrashes.slice(0, 3).join("; ")}`);
  check(report.slowest.ms < 5000, `lint fuzz: an input took ${report.slowest.ms} ms`);
  check(report.slowestHuge.ms < 10_000, `lint fuzz: a 10 MB file took ${report.slowestHuge.ms} ms`);
}

async function contextBeyondMemory(): Promise<void> {
  console.log("model fault: a 2^31-token context that passes the memory check and fails in llama.cpp (40–90 s) …");
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-stress-"));
  const file = path.join(directory, "huge-context.gguf");
  fs.writeFileSync(file, withHugeContextLength(fs.readFileSync(fixtureModel("sumBody"))));
  const engine = new InferenceEngine(testEngineSettings(file, { contextSize: 2 ** 31 }));
  const started = performance.now();
  try {
    faultsInjected++;
    await engine.load();
    check(false, "context beyond memory: the load succeeded");
  } catch (error) {
    console.log(
      `  failed after ${((performance.now() - started) / 1000).toFixed(0)} s: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`,
    );
    check(isModelError(error) && error.problem === "out-of-memory", `context beyond memory: ${String(error)}`);
  } finally {
    await engine.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  await typingStorm();
  await lintFuzz();
  await contextBeyondMemory();
  console.log(
    `\nfaults injected: ${faultsInjected} (cancellations, fuzz inputs, model faults); failures: ${failures.length}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  for (const failure of failures) console.log(`FAIL ${failure}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

void main();
