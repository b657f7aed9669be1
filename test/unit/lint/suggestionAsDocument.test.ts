import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython, lintSuggestion } from "../../../src/core/lint/engine";
import { rangesOverlap } from "../../../src/core/lint/syntax";
import { DEFAULT_WINDOW_LIMITS } from "../../../src/core/python/window";
import type { Finding } from "../../../src/core/lint/types";
import { Random } from "../../stress/random";

/**
 * A suggestion is judged as the document it makes: for every split of a corpus or fixture file into
 * prefix + suggestion + suffix, lintSuggestion's findings equal the findings of linting the whole file, restricted
 * to those overlapping the suggestion (in document coordinates, fixes included).
 *
 * Each checked lint follows a lint of the same split with the suggestion half typed, so it is parsed incrementally
 * from a different text, as while typing.
 *
 * Files over the prompt window's whole-document size are left out: lintSuggestion lints only the window of such a
 * document (a bound on host-thread work), so a definition far from the cursor may be missing there by design.
 * Splits need not be whole lines: the brackets lintSuggestion closes are those still open at the end of the whole
 * text (suggestion and suffix included), so for a file whose brackets balance it closes none and the linted text is
 * the file itself, wherever the suggestion starts or ends.
 */
const ROOT = path.resolve(__dirname, "../../../../test");
const DIRECTORIES = [path.join(ROOT, "corpus/lint"), path.join(ROOT, "fixtures/lint")];
/** Line ranges of 1-5 lines, character ranges and top-level function bodies drawn per file. */
const LINE_SPLITS = 8;
const CHARACTER_SPLITS = 4;
const FUNCTION_BODIES = 4;
// generous: this checks what is found, not how fast (the bench does), on a possibly loaded machine
const OPTIONS = { timeBudgetMs: 60_000, log: (message: string) => assert.fail(message) };

function pythonFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return pythonFiles(full);
      return entry.name.endsWith(".py") ? [full] : [];
    })
    .sort();
}

interface Split {
  /** What the split is, for failure messages. */
  name: string;
  start: number;
  end: number;
}

/** Offset of the start of each line, plus the text's length. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** The bodies of top-level functions with a one-line signature: from the line after it up to the next top-level line. */
function functionBodies(lines: readonly string[]): Array<[number, number]> {
  const bodies: Array<[number, number]> = [];
  lines.forEach((line, index) => {
    if (!/^(async\s+)?def .*:\s*(#.*)?$/.test(line)) return;
    let end = index + 1;
    while (end < lines.length && !/^[^\s#]/.test(lines[end])) end++;
    while (end > index + 1 && lines[end - 1].trim() === "") end--;
    if (end > index + 1) bodies.push([index + 1, end]);
  });
  return bodies;
}

function splitsOf(source: string, seed: number): Split[] {
  const random = new Random(seed);
  const pick = (count: number) => Math.floor(random.next() * count);
  const starts = lineStarts(source);
  const lines = source.split("\n");
  const lineCount = lines.length;
  const offsetOfLine = (line: number) => (line < starts.length ? starts[line] : source.length);
  const splits: Split[] = [];
  for (let index = 0; index < LINE_SPLITS; index++) {
    const first = pick(lineCount);
    const last = Math.min(lineCount, first + 1 + pick(5));
    splits.push({ name: `lines ${first + 1}-${last}`, start: offsetOfLine(first), end: offsetOfLine(last) });
  }
  for (let index = 0; index < CHARACTER_SPLITS; index++) {
    const start = pick(source.length);
    const end = Math.min(source.length, start + 1 + pick(200));
    splits.push({ name: `characters ${start}-${end}`, start, end });
  }
  const bodies = functionBodies(lines);
  for (let index = 0; index < FUNCTION_BODIES && bodies.length > 0; index++) {
    const [first, last] = bodies.splice(pick(bodies.length), 1)[0];
    splits.push({
      name: `function body, lines ${first + 1}-${last}`,
      start: offsetOfLine(first),
      end: offsetOfLine(last),
    });
  }
  return splits;
}

function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, column: offset - starts[low] };
}

/** What is compared: everything but the message's wording is covered by `deepEqual` on the whole finding. */
const summary = (findings: readonly Finding[]) =>
  findings.map((finding) => `${finding.ruleId} ${JSON.stringify(finding.range)}`).join("\n");

describe("lintSuggestion = lintPython of the document, restricted to the suggestion (property over the corpora)", () => {
  const files = DIRECTORIES.flatMap(pythonFiles).filter(
    (file) => fs.statSync(file).size <= DEFAULT_WINDOW_LIMITS.wholeDocumentChars,
  );

  it("holds for seeded line, character and function-body splits of every corpus and fixture file", async function () {
    this.timeout(300_000);
    assert.ok(files.length > 100, `expected the corpus and fixture files, found ${files.length}`);
    let splits = 0;
    let withFindings = 0;
    for (const [fileIndex, file] of files.entries()) {
      const source = fs.readFileSync(file, "utf8");
      if (source.length > DEFAULT_WINDOW_LIMITS.wholeDocumentChars) continue;
      const inDocument = await lintPython(source, OPTIONS);
      const starts = lineStarts(source);
      for (const split of splitsOf(source, 0x15 + fileIndex)) {
        const start = positionOf(starts, split.start);
        const end = positionOf(starts, split.end);
        const focus = { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
        const expected = inDocument.filter((finding) => rangesOverlap(finding.range, focus));
        // first the suggestion half typed, unchecked: the checked lint then parses from that text's tree
        // (lintSuggestion reparses incrementally from the last text it linted), as it does while the user types
        const typed = source.slice(split.start, split.start + ((split.end - split.start) >> 1));
        await lintSuggestion(source.slice(0, split.start), typed, source.slice(split.end), OPTIONS);
        const actual = await lintSuggestion(
          source.slice(0, split.start),
          source.slice(split.start, split.end),
          source.slice(split.end),
          OPTIONS,
        );
        const where = `${path.relative(ROOT, file)}, ${split.name}`;
        assert.equal(summary(actual), summary(expected), where);
        assert.deepEqual(actual, expected, where);
        splits++;
        if (expected.length > 0) withFindings++;
      }
    }
    // not vacuous: many splits hold findings the suggestion must report
    assert.ok(splits > 1500 && withFindings > 300, `${splits} splits, ${withFindings} with findings`);
    if (process.env.LINT_PROPERTY_VERBOSE)
      console.log(`${files.length} files, ${splits} splits, ${withFindings} with findings`);
  });
});
