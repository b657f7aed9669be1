/**
 * Suites of real fixes (SVEN, SafeCoder): JSON lines of one function before and after the commit that fixed it, in
 * `train` and `val` splits. Before is vulnerable, after safe; each function is linted alone. The train split may be
 * looked at (`--verbose` prints its mistakes), the val split stays held out.
 */
import {
  type Category,
  categoryRows,
  type LabelledCase,
  printMistakes,
  printRows,
  scoreCases,
  type SuiteFiles,
} from "./scoring";

export interface FixPair {
  func_name: string;
  func_src_before: string;
  func_src_after: string;
  commit_link: string;
  file_name: string;
  vul_type?: string;
}

export const SPLITS = ["train", "val"] as const;
export type Split = (typeof SPLITS)[number];

/** The Python pairs of one JSON-lines file as cases: before vulnerable, after safe, in the category `categoryOf` gives. */
export function pairCases(suite: SuiteFiles, jsonl: string, categoryOf: (pair: FixPair) => Category): LabelledCase[] {
  return suite
    .read(jsonl)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as FixPair)
    .filter((pair) => pair.file_name.endsWith(".py"))
    .flatMap((pair) => {
      const category = categoryOf(pair);
      const where = `${jsonl}: ${pair.vul_type ? `${pair.vul_type} ` : ""}${pair.commit_link} ${pair.file_name} ${pair.func_name}`;
      return [
        { file: `${where} (before)`, text: pair.func_src_before, category, vulnerable: true },
        { file: `${where} (after)`, text: pair.func_src_after, category, vulnerable: false },
      ];
    });
}

/** Scores each split, printing its table under `title(split, cases)`; the record of every split's rows and cases. */
export async function scoreSplits(
  suite: SuiteFiles,
  options: {
    casesOf: (split: Split) => LabelledCase[];
    categories: readonly Category[];
    title: (split: Split, cases: number) => string;
    verbose: boolean;
  },
): Promise<Record<string, { categories: ReturnType<typeof categoryRows>; cases: unknown[] }>> {
  const splits: Record<string, { categories: ReturnType<typeof categoryRows>; cases: unknown[] }> = {};
  for (const split of SPLITS) {
    const cases = options.casesOf(split);
    const outcomes = await scoreCases(suite, cases);
    // only the train split's mistakes are printed: the val split stays held out
    if (options.verbose && split === "train") printMistakes(outcomes);
    const rows = categoryRows(options.categories, outcomes).filter((row) => row.cases > 0);
    console.log(`\n${options.title(split, cases.length)}`);
    printRows(rows);
    splits[split] = { categories: rows, cases: outcomes };
  }
  return splits;
}
