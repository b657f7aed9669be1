import * as fs from "node:fs";
import * as path from "node:path";
import { buildPhi2Vocabulary, writePhi2Shaped, writeScriptedPhi2 } from "./phi2Model";

/** Where the project's own model fixtures live (gitignored, rebuilt on demand). */
export const FIXTURE_DIR = path.resolve(__dirname, "../../../.fixtures/models");

export interface ScriptedFixture {
  file: string;
  /** Text segments the model emits in order after any prompt (see writeScriptedPhi2). */
  segments: readonly string[];
}

/**
 * Scripted models for tests: each completes any Python prompt with a fixed function body.
 * The leading "\n" is the script's first token, so a prompt that already ends in a newline
 * continues straight into the indented body (a prompt ending in another token gets the newline first).
 */
export const SCRIPTED_FIXTURES = {
  sumBody: {
    file: "scripted-sum.gguf",
    segments: ["\n", "    ", "total = sum(values)", "\n\n", "   ", " return total"],
  },
  /** A body, then a column-0 call that the post-processing must cut off: the suggestion ends with the body. */
  returnThenCall: {
    file: "scripted-return-then-call.gguf",
    segments: ["\n", "    ", "return sum(values)", "\n\n", "main", "()"],
  },
  yamlLoadBody: {
    file: "scripted-yaml-load.gguf",
    segments: ["\n", "    ", "data = yaml.load(stream)", "\n\n", "   ", " return data"],
  },
  evalBody: {
    file: "scripted-eval.gguf",
    segments: ["\n", "    ", "result = eval(expression)", "\n\n", "   ", " return result"],
  },
  /** A clean first line, then a high-risk one: progressive reveal shows the first before the block's risk is known. */
  evalSecondLine: {
    file: "scripted-eval-second-line.gguf",
    segments: ["\n", "    ", "assert expression", "\n\n", "   ", " return eval(expression)"],
  },
  htmlAnswer: {
    file: "scripted-html-answer.gguf",
    segments: [" It sums values.", " <img src=x onerror = alert(1)>", " **done**"],
  },
} satisfies Record<string, ScriptedFixture>;

export type ScriptedFixtureName = keyof typeof SCRIPTED_FIXTURES;

export const PHI2_SHAPED_FILE = "phi2-shaped-q4_0.gguf";

export function scriptedFixturePath(name: ScriptedFixtureName): string {
  return path.join(FIXTURE_DIR, SCRIPTED_FIXTURES[name].file);
}

/** The text a scripted fixture produces after a prompt that ends in its first token (or anywhere, with it). */
export function scriptedText(name: ScriptedFixtureName): string {
  return SCRIPTED_FIXTURES[name].segments.join("");
}

/** Writes any missing fixture; returns the paths written. The Phi-2-shaped one (1.6 GB) only when asked. */
export function ensureFixtureModels(options: { phi2Shaped?: boolean; log?: (line: string) => void } = {}): string[] {
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  const written: string[] = [];
  let vocabulary: ReturnType<typeof buildPhi2Vocabulary> | undefined;
  const vocab = () => (vocabulary ??= buildPhi2Vocabulary());
  for (const [name, fixture] of Object.entries(SCRIPTED_FIXTURES) as [ScriptedFixtureName, ScriptedFixture][]) {
    const target = scriptedFixturePath(name);
    if (fs.existsSync(target)) continue;
    const started = Date.now();
    writeScriptedPhi2(target, fixture.segments, vocab());
    log(`wrote ${target} (${(fs.statSync(target).size / 1e6).toFixed(1)} MB, ${Date.now() - started} ms)`);
    written.push(target);
  }
  const shaped = path.join(FIXTURE_DIR, PHI2_SHAPED_FILE);
  if (options.phi2Shaped && !fs.existsSync(shaped)) {
    const started = Date.now();
    writePhi2Shaped(shaped, vocab());
    log(`wrote ${shaped} (${(fs.statSync(shaped).size / 1e9).toFixed(2)} GB, ${Date.now() - started} ms)`);
    written.push(shaped);
  }
  return written;
}

if (require.main === module) {
  ensureFixtureModels({ phi2Shaped: process.argv.includes("--phi2-shaped"), log: (line) => console.log(line) });
}
