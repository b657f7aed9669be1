#!/usr/bin/env node
/**
 * phi-pair-complete: the extension's completion pipeline from a terminal (scripts, benchmarks, headless demo).
 *
 *   phi-pair-complete FILE LINE:COL --model PATH [--threads N] [--max-tokens N] [--json]
 *   phi-pair-complete --prompt-only [--workspace DIR] [--model PATH] FILE LINE:COL
 *
 * LINE and COL are 1-based, as editors show them. Prints the suggestion, its security findings and timings.
 * Exit codes: 0 a suggestion was printed, 1 no suggestion, 2 usage, file or model error.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CompletionService, type CompletionEvent } from "../core/completion/completionService";
import { createPythonPipeline } from "../core/completion/pythonPipeline";
import { InferenceEngine } from "../core/engine/inferenceEngine";
import { lintSuggestion } from "../core/lint/engine";
import { isModelError } from "../core/model/modelErrors";
import type { PromptWorkspace } from "../core/prompt";
import { DEFAULT_WORKSPACE_TOKENS } from "../core/workspace/context";
import { findWorkspaceFolder, workspaceRelativePath } from "../core/workspace/folder";
import { buildWorkspaceIndex, DEFAULT_SCAN_OPTIONS } from "../core/workspace/scanner";

/** The extension's defaults (package.json): the CLI sends the prompt the extension would. */
const PROMPT_TOKEN_BUDGET = 1024;

const USAGE = `Usage: phi-pair-complete FILE LINE:COL --model PATH [--threads N] [--max-tokens N] [--max-lines N] [--json]
       phi-pair-complete --prompt-only [--workspace DIR] [--open OTHER.py]... [--model PATH] FILE LINE:COL

Prints the inline suggestion Phi Pair would show at LINE:COL (1-based) of a Python FILE.
  --model PATH      GGUF model file (Phi-2 or another phi2-architecture model); default $PHI_PAIR_MODEL
  --threads N       CPU threads (default: available cores)
  --max-tokens N    most tokens to generate (default 64)
  --max-lines N     most lines in the suggestion (default 8)
  --workspace DIR   workspace folder whose modules go into the prompt (default: the nearest folder
                    above FILE holding pyproject.toml, setup.py or .git); --no-workspace: the file alone
  --open OTHER.py   a file of the workspace taken as open in the editor, most recent first (repeatable):
                    similar code comes from these, as in the editor
  --prompt-only     print the exact prompt instead (no generation; with --model only its tokenizer is
                    loaded, without one token counts are GPT-2's BPE, close to Phi-2's)
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
      workspace: { type: "string" },
      "no-workspace": { type: "boolean", default: false },
      open: { type: "string", multiple: true, default: [] },
      "prompt-only": { type: "boolean", default: false },
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
  if (!file || !match || (!values.model && !values["prompt-only"])) {
    console.error(USAGE);
    return 2;
  }
  const text = fs.readFileSync(file, "utf8");
  const offset = offsetOf(text, Number(match[1]), Number(match[2]));
  const workspace = values["no-workspace"] ? undefined : await workspaceOf(file, values.workspace, values.open);
  if (values["prompt-only"]) {
    const countTokens = values.model ? await modelTokenCounter(values.model) : await gpt2TokenCounter();
    const built = await createPythonPipeline(() => workspace).plan(
      text,
      offset,
      PROMPT_TOKEN_BUDGET,
      countTokens,
      file,
    );
    process.stdout.write(built.prompt);
    console.error(
      `${built.built.promptTokens} prompt tokens (${values.model ? "the model's tokenizer" : "GPT-2 BPE estimate; pass --model for Phi-2's own"}), ` +
        `stable prefix ${built.stablePrefix.length} characters${workspace ? `, workspace ${workspace.index.size} modules` : ""}`,
    );
    return 0;
  }
  if (!values.model) {
    console.error(USAGE);
    return 2;
  }
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
      promptTokenBudget: PROMPT_TOKEN_BUDGET,
    };
    const service = new CompletionService(
      engine,
      createPythonPipeline(() => workspace),
      lintSuggestion,
      () => options,
    );
    let event: CompletionEvent | undefined;
    service.onDidComplete((e) => (event = e));
    const suggestion = await service.complete({
      documentId: file,
      text,
      offset,
      signal: new AbortController().signal,
      explicit: true,
    });
    const generation = event?.generation;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file,
            offset,
            suggestion: suggestion?.text ?? null,
            findings: suggestion?.findings ?? [],
            loadMs,
            totalMs: event?.totalMs,
            generation,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(suggestion ? suggestion.text : "(no suggestion)");
      for (const finding of suggestion?.findings ?? []) {
        console.log(
          `  ! ${finding.severity} ${finding.ruleId} (CWE-${finding.cwe}) line ${finding.range.startLine + 1}: ${finding.message}`,
        );
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
    console.error(
      isModelError(error)
        ? `Model error (${error.problem}): ${error.message}`
        : `Error: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  } finally {
    await engine.dispose();
  }
}

/** The index of the file's workspace folder (given, or found above the file), read in this process. */
async function workspaceOf(
  file: string,
  folder: string | undefined,
  openFiles: readonly string[],
): Promise<PromptWorkspace | undefined> {
  const root = folder ?? findWorkspaceFolder(file);
  const relative = workspaceRelativePath(root, file);
  if (relative === undefined) throw new Error(`${file} is not inside the workspace folder ${root}`);
  const index = await buildWorkspaceIndex(root, { ...DEFAULT_SCAN_OPTIONS, log: (message) => console.error(message) });
  const neighbours = openFiles.map((open) => {
    const neighbour = workspaceRelativePath(root, path.resolve(open));
    if (neighbour === undefined) throw new Error(`${open} is not inside the workspace folder ${root}`);
    return { file: neighbour, text: fs.readFileSync(open, "utf8"), version: 0 };
  });
  return { index, file: relative, maxTokens: DEFAULT_WORKSPACE_TOKENS, neighbours };
}

/** The model's own tokenizer, loaded without weights or context (vocabulary only: fast, little memory). */
async function modelTokenCounter(modelPath: string): Promise<(text: string) => number> {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ build: "never", gpu: false, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath, vocabOnly: true });
  return (text) => model.tokenize(text).length;
}

/** GPT-2's BPE (r50k), which Phi-2's tokenizer extends with tokens for whitespace runs: counts a little high on indentation. */
async function gpt2TokenCounter(): Promise<(text: string) => number> {
  const { encode } = await import("gpt-tokenizer/encoding/r50k_base");
  return (text) => encode(text).length;
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
