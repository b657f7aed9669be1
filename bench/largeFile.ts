/**
 * Typing in a large file: the extension host's event-loop stall per keystroke from building the completion prompt
 * (parse + outline + assembly, all on the host thread), in documents of 1 and 2 MB, with the prompt built from the
 * bounded window around the cursor (prompt/window.ts) and, interleaved keystroke by keystroke, from the whole
 * document (what every request did before). Prints a table and writes .bench/large-file-<time>.json.
 *
 *   node out/bench/largeFile.js [--keystrokes N]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { buildPrompt } from "../src/core/prompt";
import { DEFAULT_WINDOW_LIMITS, type WindowLimits } from "../src/core/prompt/window";

const WHOLE_DOCUMENT: WindowLimits = { ...DEFAULT_WINDOW_LIMITS, wholeDocumentChars: Number.POSITIVE_INFINITY };

function largeModule(bytes: number): string {
  let text = '"""A large generated module."""\nimport os\nimport sys\nfrom pathlib import Path\n';
  for (let index = 0; text.length < bytes; index++) {
    text += `\n\ndef helper_${index}(value, other=None):\n    """Return value plus ${index}.\n\n    Other is added when given.\n    """\n    result = value + ${index}\n    if other:\n        result += other\n    return result\n`;
  }
  return text;
}

interface Stats {
  n: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], maxMs: sorted.at(-1)! };
}

/** One keystroke: a character typed in the middle of the file, then the prompt built for the new text. */
async function keystroke(text: string, offset: number, windowLimits: WindowLimits): Promise<number> {
  const started = performance.now();
  await buildPrompt({
    text,
    offset,
    tokenBudget: 1024,
    countTokens: (part) => Math.ceil(part.length / 4),
    windowLimits,
  });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const keystrokesArg = process.argv.indexOf("--keystrokes");
  const keystrokes = keystrokesArg > 0 ? Number(process.argv[keystrokesArg + 1]) : 9;
  const results: Record<string, { windowed: Stats; whole: Stats }> = {};
  for (const megabytes of [1, 2]) {
    const base = largeModule(megabytes * 1_000_000);
    const functionStart = base.indexOf("\ndef ", Math.floor(base.length / 2));
    let offset = base.indexOf("    return result", functionStart);
    let text = base;
    await keystroke(text, offset, DEFAULT_WINDOW_LIMITS); // parser loaded, JIT warm
    const windowed: number[] = [];
    const whole: number[] = [];
    for (let index = 0; index < keystrokes; index++) {
      text = `${text.slice(0, offset)}x${text.slice(offset)}`;
      offset += 1;
      windowed.push(await keystroke(text, offset, DEFAULT_WINDOW_LIMITS));
      whole.push(await keystroke(text, offset, WHOLE_DOCUMENT));
    }
    results[`${megabytes} MB`] = { windowed: stats(windowed), whole: stats(whole) };
  }
  console.log(
    "host-thread time per keystroke to build the prompt (the event loop is blocked for it), ms: median [min–max]",
  );
  for (const [size, { windowed, whole }] of Object.entries(results)) {
    const format = (s: Stats) => `${s.medianMs.toFixed(0)} [${s.minMs.toFixed(0)}–${s.maxMs.toFixed(0)}]`;
    console.log(
      `${size}: window ${format(windowed)}   whole document ${format(whole)}   (n=${windowed.n} each, interleaved)`,
    );
  }
  const out = path.join(__dirname, "../../.bench", `large-file-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), limits: DEFAULT_WINDOW_LIMITS, results }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

void main();
