import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython, lintSuggestion } from "../../src/core/lint/engine";
import { Random } from "./random";

const ROOT = path.resolve(__dirname, "../../..");

export type FuzzKind =
  | "random-tokens"
  | "truncated-file"
  | "mutated-file"
  | "deep-nesting"
  | "nul-bytes"
  | "invalid-utf8"
  | "long-line"
  | "huge-file"
  | "suggestion-split";

export interface FuzzInput {
  kind: FuzzKind;
  text: string;
}

export interface LintFuzzOptions {
  inputs: number;
  seed: number;
  /** How many of the inputs are 10 MB files (expensive: parse up to the lint's size cap). */
  hugeFiles: number;
  /** How many are single lines of 0.1–1 MB (each may spend the lint's whole time budget). */
  longLines: number;
  onProgress?: (done: number) => void;
}

export interface LintFuzzReport {
  inputs: number;
  byKind: Record<FuzzKind, number>;
  msByKind: Record<FuzzKind, number>;
  inputMegabytes: number;
  /** Exceptions that escaped lintPython / lintSuggestion (the API promises none). */
  escaped: string[];
  /** Rules that crashed on an input: caught and logged by the engine, listed here as bugs to look at. */
  ruleCrashes: string[];
  findings: number;
  slowest: { kind: FuzzKind; ms: number; length: number };
  slowestHuge: { ms: number; length: number };
  durationMs: number;
}

const TOKENS = [
  "def",
  "class",
  "if",
  "elif",
  "else",
  "for",
  "while",
  "try",
  "except",
  "finally",
  "with",
  "as",
  "return",
  "yield",
  "lambda",
  "import",
  "from",
  "async",
  "await",
  "global",
  "nonlocal",
  "pass",
  "raise",
  "assert",
  "del",
  "not",
  "and",
  "or",
  "is",
  "in",
  "None",
  "True",
  "match",
  "case",
  "x",
  "os",
  "subprocess",
  "eval",
  "exec",
  "open",
  "request",
  "yaml.load",
  "cursor.execute",
  "f'{x}'",
  '"""',
  "'''",
  "'",
  '"',
  "#",
  "\\",
  "@",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ":",
  ",",
  ".",
  "=",
  "==",
  "+",
  "*",
  "**",
  "->",
  ":=",
  "0x1F",
  "1e9",
  "\n",
  "\n    ",
  "\n\t",
  " ",
  "\r\n",
  "€",
  "😀",
];

/** Real Python in the repository: the lint's own fixtures and corpus, and the samples. */
function realFiles(): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs
      .readdirSync(directory, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".py")) found.push(fs.readFileSync(full, "utf8"));
    }
  };
  for (const directory of ["samples", "test/corpus/lint", "test/fixtures/lint", "test/fixtures/lint-clean"])
    walk(path.join(ROOT, directory));
  return found;
}

function randomTokens(random: Random): string {
  const parts: string[] = [];
  for (let count = random.int(1, 400); count > 0; count--)
    parts.push(random.pick(TOKENS), random.chance(0.5) ? " " : "");
  return parts.join("");
}

function mutate(random: Random, text: string): string {
  let mutated = text;
  for (let count = random.int(1, 20); count > 0; count--) {
    const at = random.int(0, mutated.length);
    const operation = random.int(0, 3);
    if (operation === 0) mutated = mutated.slice(0, at) + random.pick(TOKENS) + mutated.slice(at);
    else if (operation === 1) mutated = mutated.slice(0, at) + mutated.slice(at + random.int(1, 50));
    else if (operation === 2)
      mutated = mutated.slice(0, at) + mutated.slice(random.int(0, mutated.length)).slice(0, 200) + mutated.slice(at);
    else
      mutated = mutated.replace(/\n( *)/, (_, indent: string) => `\n${indent.slice(0, random.int(0, indent.length))}`);
  }
  return mutated;
}

function deepNesting(random: Random): string {
  const depth = random.int(50, 3000);
  switch (random.int(0, 4)) {
    case 0:
      return `x = ${"(".repeat(depth)}1${")".repeat(depth)}\n`;
    case 1:
      return `x = ${"[".repeat(depth)}\n`; // never closed
    case 2:
      return (
        Array.from({ length: Math.min(depth, 500) }, (_, level) => `${" ".repeat(level)}if x${level}:`).join("\n") +
        "\n" +
        " ".repeat(500) +
        "os.system(x)\n"
      );
    case 3:
      return `import os\nos.system(${"f(".repeat(depth)}request.args["c"]${")".repeat(depth)})\n`;
    default:
      return `v = ${"a + ".repeat(depth * 3)}b\n`;
  }
}

/** Bytes that are not valid UTF-8, decoded the way an editor or `fs.readFile(…, "utf8")` would, or as lone surrogates. */
function invalidUtf8(random: Random, base: string): string {
  const bytes = Buffer.from(base, "utf8");
  for (let count = random.int(1, 30); count > 0; count--)
    bytes[random.int(0, bytes.length - 1)] = random.pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf8, 0xff]);
  const decoded = random.chance(0.5) ? bytes.toString("utf8") : bytes.toString("latin1");
  return random.chance(0.3) ? decoded.replace(/x/g, "\ud800") : decoded;
}

function withNulBytes(random: Random, base: string): string {
  let text = base;
  for (let count = random.int(1, 20); count > 0; count--) {
    const at = random.int(0, text.length);
    text = text.slice(0, at) + "\0".repeat(random.int(1, 4)) + text.slice(at);
  }
  return text;
}

function longLine(random: Random): string {
  const length = random.int(100_000, 1_000_000);
  return random.pick([
    () => `x = "${"a".repeat(length)}"\n`,
    () => `x = ${"1 + ".repeat(length / 4)}1\n`,
    () => `import os; ${"os.system(cmd); ".repeat(length / 16)}\n`,
    () => `data = [${"request.args['k'], ".repeat(length / 20)}]\n`,
  ])();
}

function hugeFile(random: Random, files: string[]): string {
  const parts: string[] = [];
  let size = 0;
  while (size < 10_000_000) {
    const part = random.pick(files);
    parts.push(part);
    size += part.length;
  }
  return parts.join("\n");
}

/** The inputs for `seed`, generated lazily (a 10 MB input exists only while it is being linted). */
export function* fuzzInputs(
  options: Pick<LintFuzzOptions, "inputs" | "seed" | "hugeFiles" | "longLines">,
): Generator<FuzzInput> {
  const random = new Random(options.seed);
  const files = realFiles();
  const every = (count: number) => (count > 0 ? Math.floor(options.inputs / count) : Infinity);
  const hugeEvery = every(options.hugeFiles);
  const longLineEvery = every(options.longLines);
  const generators: [FuzzKind, () => string][] = [
    ["random-tokens", () => randomTokens(random)],
    ["truncated-file", () => random.pick(files).slice(0, random.int(0, 4000))],
    ["mutated-file", () => mutate(random, random.pick(files))],
    ["deep-nesting", () => deepNesting(random)],
    ["nul-bytes", () => withNulBytes(random, random.pick(files))],
    ["invalid-utf8", () => invalidUtf8(random, random.pick(files))],
    ["suggestion-split", () => mutate(random, random.pick(files))],
  ];
  for (let index = 0; index < options.inputs; index++) {
    if ((index + 1) % hugeEvery === 0) yield { kind: "huge-file", text: hugeFile(random, files) };
    else if ((index + 1) % longLineEvery === Math.floor(longLineEvery / 2))
      yield { kind: "long-line", text: longLine(random) };
    else {
      const [kind, generate] = random.pick(generators);
      yield { kind, text: generate() };
    }
  }
}

const NO_KINDS: Record<FuzzKind, number> = {
  "random-tokens": 0,
  "truncated-file": 0,
  "mutated-file": 0,
  "deep-nesting": 0,
  "nul-bytes": 0,
  "invalid-utf8": 0,
  "long-line": 0,
  "huge-file": 0,
  "suggestion-split": 0,
};

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/**
 * Lints every input with the real lint: whole files through lintPython, and for "suggestion-split" inputs a
 * random cut of the file into prefix, suggestion and suffix through lintSuggestion (the path every completion takes).
 */
export async function runLintFuzz(options: LintFuzzOptions): Promise<LintFuzzReport> {
  const random = new Random(options.seed ^ 0x5eed);
  const report: LintFuzzReport = {
    inputs: 0,
    byKind: { ...NO_KINDS },
    msByKind: { ...NO_KINDS },
    inputMegabytes: 0,
    escaped: [],
    ruleCrashes: [],
    findings: 0,
    slowest: { kind: "random-tokens", ms: 0, length: 0 },
    slowestHuge: { ms: 0, length: 0 },
    durationMs: 0,
  };
  const started = performance.now();
  for (const input of fuzzInputs(options)) {
    const log = (message: string) => {
      if (/crashed|failed/.test(message)) report.ruleCrashes.push(`${input.kind}: ${message}`);
    };
    const inputStarted = performance.now();
    try {
      if (input.kind === "suggestion-split") {
        const start = random.int(0, input.text.length);
        const end = Math.min(input.text.length, start + random.int(0, 400));
        report.findings += (
          await lintSuggestion(input.text.slice(0, start), input.text.slice(start, end), input.text.slice(end), { log })
        ).length;
      } else {
        report.findings += (await lintPython(input.text, { log })).length;
      }
    } catch (error) {
      report.escaped.push(`${input.kind}: ${describe(error)}`);
    }
    const ms = performance.now() - inputStarted;
    if (input.kind === "huge-file") {
      if (ms > report.slowestHuge.ms) report.slowestHuge = { ms: Math.round(ms), length: input.text.length };
    } else if (ms > report.slowest.ms)
      report.slowest = { kind: input.kind, ms: Math.round(ms), length: input.text.length };
    report.inputs++;
    report.byKind[input.kind]++;
    report.msByKind[input.kind] += Math.round(ms);
    report.inputMegabytes += input.text.length / 1e6;
    if (report.inputs % 1000 === 0) options.onProgress?.(report.inputs);
  }
  report.inputMegabytes = Math.round(report.inputMegabytes);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
