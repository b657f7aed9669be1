import {
  CompletionService,
  type CompletionOptions,
  type SuggestionSource,
} from "../../src/core/completion/completionService";
import { pythonPipeline } from "../../src/core/completion/pythonPipeline";
import { InferenceEngine } from "../../src/core/engine/inferenceEngine";
import { lintSuggestion } from "../../src/core/lint/engine";
import { fixtureModel, scriptedText, testEngineSettings } from "../support/fixtureModels";
import { Random } from "./random";

export interface TypingStormOptions {
  requests: number;
  /** Mean gap between keystrokes; gaps are drawn from [0, 2 × mean]. */
  meanIntervalMs: number;
  /** Chance that the user stops typing after a keystroke for 300–1200 ms (so generations get to finish). */
  pauseChance: number;
  seed: number;
  /** A request must settle this soon after it was cancelled. */
  settleAfterCancelMs: number;
  /** Called every 500 requests with the number issued so far. */
  onProgress?: (issued: number) => void;
}

export interface TypingStormReport {
  requests: number;
  cancelledByNextKeystroke: number;
  cancelledByTimer: number;
  documentEdits: number;
  suggestions: Record<SuggestionSource, number>;
  empty: number;
  rejected: string[];
  unhandledRejections: string[];
  generations: number;
  /** Requests still pending `settleAfterCancelMs` after the storm ended. */
  unsettled: number;
  /** Slowest time from cancelling a request to its promise settling. */
  maxSettleAfterCancelMs: number;
  peakConcurrentWork: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  durationMs: number;
}

const OPTIONS: CompletionOptions = {
  debounceMs: 0,
  maxTokens: 32,
  maxLines: 8,
  temperature: 0,
  timeCapMs: 5000,
  promptTokenBudget: 512,
};

const BASE_DOCUMENTS = [
  'import math\n\n\ndef total_of(values):\n    """Return the sum of values."""\n',
  'import os\n\n\nclass Store:\n    def size(self, values):\n        """Count the values."""\n',
  "def main():\n    items = [1, 2, 3]\n    for item in items:\n        print(item)\n\n\n",
];
const PASTE = "\ndef helper(path):\n    with open(path) as stream:\n        return stream.read()\n";
const MAX_DOCUMENT_LENGTH = 20_000;

interface Editor {
  documentId: string;
  text: string;
  offset: number;
  /** What is left of the suggestion shown at the cursor (the user types it character by character). */
  ghost: string;
}

/**
 * One user's edit between two requests: mostly typing (the shown suggestion, so typed-ahead cache hits happen, or
 * what the model is producing, so in-flight joins happen, or random characters), sometimes deleting, moving the
 * cursor, pasting a block or switching to another file.
 */
function edit(editor: Editor, editors: Editor[], random: Random, modelText: string): Editor {
  const ghost = editor.ghost;
  editor.ghost = "";
  const insert = (inserted: string) => {
    editor.text = editor.text.slice(0, editor.offset) + inserted + editor.text.slice(editor.offset);
    editor.offset += inserted.length;
  };
  const roll = random.next();
  if (ghost && roll < 0.6) {
    insert(ghost[0]);
    editor.ghost = ghost.slice(1);
  } else if (roll < 0.4) insert(modelText[random.int(0, modelText.length - 1)]);
  else if (roll < 0.7) insert(random.pick(["a", "x", "_", " ", "(", ")", ":", "\n", "    ", "#", '"', "é", "\t"]));
  else if (roll < 0.82 && editor.offset > 0) {
    const removed = random.int(1, Math.min(8, editor.offset));
    editor.text = editor.text.slice(0, editor.offset - removed) + editor.text.slice(editor.offset);
    editor.offset -= removed;
  } else if (roll < 0.9) editor.offset = random.int(0, editor.text.length);
  else if (roll < 0.95) insert(PASTE);
  else return random.pick(editors);
  if (editor.text.length > MAX_DOCUMENT_LENGTH) {
    editor.text = BASE_DOCUMENTS[0];
    editor.offset = editor.text.length;
  }
  return editor;
}

/** The user goes to the end of the file and writes a new function's signature and docstring. */
function startFunction(editor: Editor, index: number): Editor {
  editor.ghost = "";
  if (editor.text.length > MAX_DOCUMENT_LENGTH) editor.text = BASE_DOCUMENTS[0];
  editor.text += `\n\ndef total_${index}(values):\n    """Return the sum of values."""\n`;
  editor.offset = editor.text.length;
  return editor;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;

/**
 * Drives the real CompletionService (real engine on a scripted fixture, Python pipeline, real lint) the way a fast
 * typist and VS Code do: a request per keystroke, the previous one cancelled when the next key arrives (as VS Code
 * cancels its token), some cancelled by a timer instead, and edits to several documents in between.
 */
export async function runTypingStorm(options: TypingStormOptions): Promise<TypingStormReport> {
  const random = new Random(options.seed);
  const unhandledRejections: string[] = [];
  const onUnhandled = (reason: unknown) =>
    unhandledRejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  process.on("unhandledRejection", onUnhandled);
  // One thread: the storm measures robustness, not speed, and leaves the second core to the rest of the machine.
  const engine = new InferenceEngine(testEngineSettings(fixtureModel("sumBody"), { threads: 1 }));
  const service = new CompletionService(engine, pythonPipeline, lintSuggestion, () => OPTIONS);
  let generations = 0;
  service.onDidComplete((event) => {
    if (event.generation) generations++;
  });
  const report: TypingStormReport = {
    requests: 0,
    cancelledByNextKeystroke: 0,
    cancelledByTimer: 0,
    documentEdits: 0,
    suggestions: { model: 0, "in-flight": 0, cache: 0 },
    empty: 0,
    rejected: [],
    unhandledRejections,
    generations: 0,
    unsettled: 0,
    maxSettleAfterCancelMs: 0,
    peakConcurrentWork: 0,
    rssBeforeMb: 0,
    rssAfterMb: 0,
    heapBeforeMb: 0,
    heapAfterMb: 0,
    durationMs: 0,
  };
  try {
    const editors: Editor[] = BASE_DOCUMENTS.map((text, index) => ({
      documentId: `file:///storm/doc${index}.py`,
      text,
      offset: text.length,
      ghost: "",
    }));
    // Load the model first, so the memory baseline includes it and only the storm's own growth is measured.
    await service.complete({ ...editors[0], signal: new AbortController().signal, explicit: true });
    global.gc?.();
    const before = process.memoryUsage();
    report.rssBeforeMb = megabytes(before.rss);
    report.heapBeforeMb = megabytes(before.heapUsed);
    const started = performance.now();
    const modelText = scriptedText("sumBody");
    const pending = new Set<Promise<void>>();
    let previous: AbortController | undefined;
    let editor = editors[0];
    for (let index = 0; index < options.requests; index++) {
      const pausing = random.chance(options.pauseChance);
      // Half the pauses are the product's main case, waiting for a body after a docstring, so the model path is
      // exercised whatever the machine's load (other pauses mostly fall mid-line, where the script's "\n" ends it).
      const awaitingBody = pausing && random.chance(0.5);
      editor = awaitingBody ? startFunction(editor, index) : edit(editor, editors, random, modelText);
      report.documentEdits++;
      if (previous && !previous.signal.aborted) {
        previous.abort();
        report.cancelledByNextKeystroke++;
      }
      const controller = new AbortController();
      const requested = { editor, text: editor.text, offset: editor.offset };
      let cancelledAt: number | undefined;
      controller.signal.addEventListener("abort", () => (cancelledAt = performance.now()), { once: true });
      const settled = service
        .complete({
          documentId: editor.documentId,
          text: editor.text,
          offset: editor.offset,
          signal: controller.signal,
          explicit: random.chance(0.1),
        })
        .then(
          (result) => {
            if (result) report.suggestions[result.source]++;
            else report.empty++;
            const unchanged = requested.editor.text === requested.text && requested.editor.offset === requested.offset;
            if (result && unchanged) requested.editor.ghost = result.text;
          },
          (error: unknown) => void report.rejected.push(error instanceof Error ? error.message : String(error)),
        )
        .finally(() => {
          if (cancelledAt !== undefined)
            report.maxSettleAfterCancelMs = Math.max(report.maxSettleAfterCancelMs, performance.now() - cancelledAt);
          pending.delete(settled);
        });
      pending.add(settled);
      report.requests++;
      previous = controller;
      const gap = awaitingBody
        ? random.int(800, 1500)
        : pausing
          ? random.int(300, 1200)
          : random.int(0, 2 * options.meanIntervalMs);
      if (random.chance(0.15)) {
        // Cancelled before the next keystroke would cancel it (the editor lost focus, the cursor moved away).
        setTimeout(
          () => {
            if (controller.signal.aborted) return;
            controller.abort();
            report.cancelledByTimer++;
          },
          random.int(0, gap),
        );
      }
      if ((index + 1) % 500 === 0) options.onProgress?.(index + 1);
      await delay(gap);
    }
    // The last request is left to finish; then everything must have settled within the bound.
    const all = Promise.all(pending);
    const deadline = delay(options.settleAfterCancelMs + OPTIONS.timeCapMs);
    await Promise.race([all, deadline]);
    report.unsettled = pending.size;
    report.durationMs = Math.round(performance.now() - started);
    global.gc?.();
    const after = process.memoryUsage();
    report.rssAfterMb = megabytes(after.rss);
    report.heapAfterMb = megabytes(after.heapUsed);
    report.generations = generations;
    report.peakConcurrentWork = engine.peakConcurrentWork;
    return report;
  } finally {
    await engine.dispose();
    process.off("unhandledRejection", onUnhandled);
  }
}
