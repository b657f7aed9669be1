/**
 * Scores the data-flow rules on the labelled corpus in test/corpus/lint/*.py.
 *
 * Each corpus file holds standalone cases introduced by `# %% case: <name> | expect: <category>[, <category>]|none`;
 * every case is linted on its own. Per category: a case expecting it with a finding of that category is a
 * true positive, without one a false negative; a finding of the category on a case not expecting it
 * (mostly the safe twin of a vulnerable case) is a false positive.
 *
 *   node out/scripts/lint-corpus-score.js [corpus-dir] [--verbose]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../src/core/lint/engine";
import { taintRules } from "../src/core/lint/rules/index";
import type { Category } from "../src/core/lint/types";

export interface CorpusCase {
  file: string;
  name: string;
  /** Categories the case must be reported for; empty for a safe case ("none"). */
  expect: Category[];
  source: string;
  /** 1-based line of the case header in its file. */
  line: number;
}

export interface CategoryScore {
  category: Category;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CorpusScore {
  cases: number;
  categories: CategoryScore[];
  /** Cases whose outcome was wrong, for --verbose and test messages. */
  mistakes: string[];
}

const CASE_HEADER = /^# %% case: (.+?) \| expect: ([a-z, -]+?)\s*$/;
export const DEFAULT_CORPUS_DIR = path.resolve(__dirname, "../../test/corpus/lint");

export function readCorpus(directory: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const fileName of fs
    .readdirSync(directory)
    .filter((name) => name.endsWith(".py"))
    .sort()) {
    const file = path.join(directory, fileName);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let current: CorpusCase | undefined;
    const body: string[] = [];
    const finish = () => {
      if (current) cases.push({ ...current, source: body.join("\n") });
      body.length = 0;
    };
    lines.forEach((line, index) => {
      const header = CASE_HEADER.exec(line);
      if (header) {
        finish();
        const expect = header[2]
          .split(",")
          .map((category) => category.trim())
          .filter((category) => category !== "none") as Category[];
        current = { file: fileName, name: header[1], expect, source: "", line: index + 1 };
      } else if (current) {
        body.push(line);
      }
    });
    finish();
  }
  return cases;
}

export async function scoreCorpus(directory = DEFAULT_CORPUS_DIR): Promise<CorpusScore> {
  const cases = readCorpus(directory);
  const categories = [...new Set(taintRules.map((rule) => rule.meta.category))];
  const counts = new Map(categories.map((category) => [category, { tp: 0, fp: 0, fn: 0 }]));
  const mistakes: string[] = [];
  for (const corpusCase of cases) {
    const findings = await lintPython(corpusCase.source, { rules: taintRules, timeBudgetMs: 10_000 });
    const found = new Set(findings.map((finding) => finding.category));
    for (const category of categories) {
      const count = counts.get(category)!;
      const expected = corpusCase.expect.includes(category);
      if (expected && found.has(category)) count.tp++;
      else if (expected) {
        count.fn++;
        mistakes.push(`missed ${category}: ${corpusCase.file}:${corpusCase.line} ${corpusCase.name}`);
      } else if (found.has(category)) {
        count.fp++;
        const finding = findings.find((candidate) => candidate.category === category)!;
        mistakes.push(
          `false ${category}: ${corpusCase.file}:${corpusCase.line} ${corpusCase.name} (case line ${finding.range.startLine + 1}: ${finding.message})`,
        );
      }
    }
  }
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 1 : numerator / denominator);
  return {
    cases: cases.length,
    categories: categories.map((category) => {
      const { tp, fp, fn } = counts.get(category)!;
      const precision = ratio(tp, tp + fp);
      const recall = ratio(tp, tp + fn);
      return {
        category,
        truePositives: tp,
        falsePositives: fp,
        falseNegatives: fn,
        precision,
        recall,
        f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      };
    }),
    mistakes,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const directory = args.find((arg) => !arg.startsWith("--")) ?? DEFAULT_CORPUS_DIR;
  const score = await scoreCorpus(directory);
  console.log(`${score.cases} cases from ${directory}`);
  console.log("category            TP  FP  FN  precision  recall  F1");
  for (const row of score.categories) {
    console.log(
      `${row.category.padEnd(18)} ${String(row.truePositives).padStart(3)} ${String(row.falsePositives).padStart(3)} ${String(row.falseNegatives).padStart(3)}  ${row.precision.toFixed(3).padStart(9)}  ${row.recall.toFixed(3).padStart(6)}  ${row.f1.toFixed(3)}`,
    );
  }
  if (args.includes("--verbose")) for (const mistake of score.mistakes) console.log(`  ${mistake}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
