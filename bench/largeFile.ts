/**
 * Typing in a large file: the extension host's event-loop stall per keystroke. Each step a suggestion request runs
 * on the host thread is timed on its own (each is one synchronous stretch, so the longest is the stall): the cursor
 * check of the controls (incremental tree-sitter parse, controls.ts), the cache keys, the prompt build (parse +
 * outline + assembly of the bounded window, python/window.ts), the post-processing of the model's output and the lint of a suggestion in its context. The first
 * request in a document (no tree kept yet) is reported apart. Documents of 1, 2 and 10 MB in two shapes: many
 * functions, and module-level data (long assignments, the shape of generated tables). The prompt is also built,
 * interleaved keystroke by keystroke, from the whole document (what every request did before the window).
 * Prints a table and writes .bench/large-file-<time>.json.
 *
 *   node out/bench/largeFile.js [--keystrokes N]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { positionKeys } from "../src/core/completion/suggestionCache";
import { documentCursorSyntax } from "../src/core/controls/cursorSyntax";
import { DocumentTrees } from "../src/core/controls/documentTrees";
import { pythonPipeline } from "../src/core/completion/pythonPipeline";
import { lintSuggestion } from "../src/core/lint/engine";
import { buildPrompt } from "../src/core/prompt";
import { DEFAULT_WINDOW_LIMITS, type WindowLimits } from "../src/core/python/window";
import { summarize, type Summary } from "./stats";

const WHOLE_DOCUMENT: WindowLimits = { ...DEFAULT_WINDOW_LIMITS, wholeDocumentChars: Number.POSITIVE_INFINITY };
const HEADER = '"""A large generated module."""\nimport os\nimport sqlite3\nimport sys\nfrom pathlib import Path\n';
/** The suggestion linted at each keystroke: a flagged one, so the rules do their whole work. */
const SUGGESTION = 'os.system(f"echo {value}")\n    return result';
/** The model output post-processed at each keystroke (the cursor is at the start of a body line). */
const RAW_OUTPUT = 'os.system(f"echo {value}")\n    return result\n\ndef other():\n';

const SHAPES: Record<string, (index: number) => string> = {
  functions: (index) =>
    `\n\ndef helper_${index}(value, other=None):\n    """Return value plus ${index}.\n\n    Other is added when given.\n    """\n    result = value + ${index}\n    if other:\n        result += other\n    return result\n`,
  "module-level data": (index) =>
    `TABLE_${index} = {"name": "row ${index}", "values": [${index}, ${index + 1}, ${index + 2}], "path": Path("/srv/${index}")}\n`,
};

function largeModule(bytes: number, shape: (index: number) => string): string {
  const parts = [HEADER];
  let length = HEADER.length;
  for (let index = 0; length < bytes; index++) {
    const part = shape(index);
    parts.push(part);
    length += part.length;
  }
  // the function being typed in, in the middle of the file
  const middle = Math.floor(parts.length / 2);
  parts.splice(middle, 0, '\n\ndef edited(value):\n    """Echo the value."""\n    result = value\n    return result\n');
  return parts.join("");
}

interface Steps {
  cursorSyntax: number;
  cacheKeys: number;
  prompt: number;
  postprocess: number;
  suggestionLint: number;
}

const timed = async (step: () => unknown): Promise<number> => {
  const started = performance.now();
  await step();
  return performance.now() - started;
};

/** One request's host-thread steps for `text` with the cursor at `offset`, as the extension runs them. */
async function requestSteps(trees: DocumentTrees, text: string, offset: number): Promise<Steps> {
  const lineEnd = text.indexOf("\n", offset);
  const throughCursorLine = text.slice(0, lineEnd < 0 ? text.length : lineEnd + 1);
  const prefix = text.slice(0, offset);
  const suffix = text.slice(offset);
  let plan: Awaited<ReturnType<typeof pythonPipeline.plan>> | undefined;
  return {
    cursorSyntax: await timed(() => documentCursorSyntax(trees, "bench", throughCursorLine, offset)),
    cacheKeys: await timed(() => positionKeys("bench", prefix, suffix, 64)),
    prompt: await timed(async () => (plan = await pythonPipeline.plan(text, offset, 1024, countTokens))),
    postprocess: await timed(() => pythonPipeline.finish(RAW_OUTPUT, plan!, text, offset, 8)),
    suggestionLint: await timed(() => lintSuggestion(prefix, SUGGESTION, suffix, { log: () => undefined })),
  };
}

const countTokens = (part: string) => Math.ceil(part.length / 4);
const promptFor = (text: string, offset: number, windowLimits: WindowLimits) =>
  buildPrompt({ text, offset, tokenBudget: 1024, countTokens, windowLimits });

interface DocumentResult {
  bytes: number;
  firstRequest: Steps;
  steps: Record<keyof Steps, Summary>;
  /** The longest single step of each keystroke: the event loop's stall. */
  longestStep: Summary;
  wholeDocumentPrompt?: Summary;
}

async function measureDocument(text: string, keystrokes: number, compareWhole: boolean): Promise<DocumentResult> {
  let offset = text.indexOf("    return result", text.indexOf("\ndef edited("));
  const trees = new DocumentTrees();
  await promptFor(text.slice(0, 2000), 100, DEFAULT_WINDOW_LIMITS); // parser loaded, JIT warm on another text
  const firstRequest = await requestSteps(trees, text, offset);
  const samples: Steps[] = [];
  const whole: number[] = [];
  for (let index = 0; index < keystrokes; index++) {
    text = `${text.slice(0, offset)}x${text.slice(offset)}`;
    offset += 1;
    samples.push(await requestSteps(trees, text, offset));
    if (compareWhole) whole.push(await timed(() => promptFor(text, offset, WHOLE_DOCUMENT)));
  }
  trees.dispose();
  const names = Object.keys(firstRequest) as (keyof Steps)[];
  const steps = Object.fromEntries(names.map((name) => [name, summarize(samples.map((s) => s[name]))])) as Record<
    keyof Steps,
    Summary
  >;
  return {
    bytes: text.length,
    firstRequest,
    steps,
    longestStep: summarize(samples.map((s) => Math.max(...names.map((name) => s[name])))),
    ...(compareWhole ? { wholeDocumentPrompt: summarize(whole) } : {}),
  };
}

async function main(): Promise<void> {
  const keystrokesArg = process.argv.indexOf("--keystrokes");
  const keystrokes = keystrokesArg > 0 ? Number(process.argv[keystrokesArg + 1]) : 9;
  const results: Record<string, DocumentResult> = {};
  for (const [shapeName, shape] of Object.entries(SHAPES)) {
    for (const megabytes of [1, 2, 10]) {
      const label = `${shapeName}, ${megabytes} MB`;
      results[label] = await measureDocument(largeModule(megabytes * 1_000_000, shape), keystrokes, megabytes <= 2);
      console.error(`measured ${label}`);
    }
  }
  const format = (s: Summary) => `${s.median.toFixed(1)} [${s.min.toFixed(1)}–${s.max.toFixed(1)}]`;
  console.log(
    `host-thread time per keystroke, ms: median [min–max] over n=${keystrokes} keystrokes; first request apart`,
  );
  for (const [label, result] of Object.entries(results)) {
    console.log(`\n${label}`);
    for (const [name, summary] of Object.entries(result.steps))
      console.log(
        `  ${name.padEnd(15)} ${format(summary).padEnd(24)} first request ${result.firstRequest[name as keyof Steps].toFixed(1)}`,
      );
    console.log(`  ${"longest step".padEnd(15)} ${format(result.longestStep)}`);
    if (result.wholeDocumentPrompt)
      console.log(`  ${"prompt, whole document (before the window)".padEnd(15)} ${format(result.wholeDocumentPrompt)}`);
  }
  const out = path.join(__dirname, "../../.bench", `large-file-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), keystrokes, limits: DEFAULT_WINDOW_LIMITS, results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}

void main();
