#!/usr/bin/env node
/**
 * phi-pair-complete: the extension's completion pipeline from a terminal (scripts, benchmarks, headless demo).
 *
 *   phi-pair-complete FILE LINE:COL --model PATH [--threads N] [--max-tokens N] [--json]
 *
 * LINE and COL are 1-based, as editors show them. Prints the suggestion, its security findings and timings.
 * Exit codes: 0 a suggestion was printed, 1 no suggestion, 2 usage, file or model error.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { parseArgs } from "node:util";
import { CompletionService, type CompletionEvent } from "../core/completion/completionService";
import { pythonPipeline } from "../core/completion/pythonPipeline";
import { InferenceEngine } from "../core/engine/inferenceEngine";
import { lintSuggestion } from "../core/lint/engine";
import { isModelError } from "../core/model/modelErrors";

const USAGE = `Usage: phi-pair-complete FILE LINE:COL --model PATH [--threads N] [--max-tokens N] [--max-lines N] [--json]

Prints the inline suggestion Phi Pair would show at LINE:COL (1-based) of a Python FILE.
  --model PATH      GGUF model file (Phi-2 or another phi2-architecture model); default $PHI_PAIR_MODEL
  --threads N       CPU threads (default: available cores)
  --max-tokens N    most tokens to generate (default 64)
  --max-lines N     most lines in the suggestion (default 8)
  --json            machine-readable output
Exit codes: 0 suggestion printed, 1 no suggestion, 2 usage, file or model error.`;

/** UTF-16 offset of a 1-based LINE:COL position in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) throw new Error(`line ${line} is past the end of the file (${current} lines)`);
    offset = next + 1;
  }
  const lineEnd = text.indexOf("\n", offset) < 0 ? text.length : text.indexOf("\n", offset);
  if (column - 1 > lineEnd - offset) throw new Error(`column ${column} is past the end of line ${line}`);
  return offset + column - 1;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: "string", default: process.env.PHI_PAIR_MODEL },
      threads: { type: "string" },
      "max-tokens": { type: "string", default: "64" },
      "max-lines": { type: "string", default: "8" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, position] = positionals;
  const match = /^(\d+):(\d+)$/.exec(position ?? "");
  if (!file || !match || !values.model) {
    console.error(USAGE);
    return 2;
  }
  const text = fs.readFileSync(file, "utf8");
  const offset = offsetOf(text, Number(match[1]), Number(match[2]));
  const engine = new InferenceEngine({
    modelPath: values.model,
    threads: values.threads ? Number(values.threads) : os.availableParallelism(),
    gpu: "auto",
    contextSize: 2048,
    batchSize: 512,
    prefillChunkTokens: 64,
    flashAttention: "auto",
  });
  try {
    const loadStarted = performance.now();
    await engine.load();
    const loadMs = performance.now() - loadStarted;
    const options = {
      debounceMs: 0,
      maxTokens: Number(values["max-tokens"]),
      maxLines: Number(values["max-lines"]),
      temperature: 0,
      timeCapMs: 60_000,
      promptTokenBudget: 1024,
    };
    const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => options);
    let event: CompletionEvent | undefined;
    service.onDidComplete((e) => (event = e));
    const suggestion = await service.complete({ documentId: file, text, offset, signal: new AbortController().signal, explicit: true });
    const generation = event?.generation;
    if (values.json) {
      console.log(JSON.stringify({ file, offset, suggestion: suggestion?.text ?? null, findings: suggestion?.findings ?? [], loadMs, totalMs: event?.totalMs, generation }, null, 2));
    } else {
      console.log(suggestion ? suggestion.text : "(no suggestion)");
      for (const finding of suggestion?.findings ?? []) {
        console.log(`  ! ${finding.severity} ${finding.ruleId} (CWE-${finding.cwe}) line ${finding.range.startLine + 1}: ${finding.message}`);
      }
      if (generation) {
        console.error(
          `model load ${loadMs.toFixed(0)} ms; prompt ${generation.promptTokens} tokens (${generation.evaluatedPromptTokens} evaluated) in ${generation.prefillMs.toFixed(0)} ms; ` +
            `${generation.generatedTokens} tokens generated in ${generation.generationMs.toFixed(0)} ms; total ${event?.totalMs.toFixed(0)} ms (${generation.stopReason})`,
        );
      }
    }
    return suggestion ? 0 : 1;
  } catch (error) {
    console.error(isModelError(error) ? `Model error (${error.problem}): ${error.message}` : `Error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await engine.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
