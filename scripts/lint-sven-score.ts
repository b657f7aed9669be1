/**
 * Held-out accuracy on real-world fixes: the Python function pairs of SVEN's training and validation data
 * (https://github.com/eth-sri/sven, MIT; nothing of it is in this repository: the script reads it from the path
 * given). Each pair is one function before and after a commit that fixed a CWE-22, CWE-78 or CWE-89 vulnerability
 * in an open-source project (`func_src_before` / `func_src_after`, with the commit's link). First scored 2026-12-07,
 * before any change made with it in view.
 *
 *   fetch github:eth-sri/sven   → /work/.mirror/eth-sri+sven/repo
 *   npx tsc -p . && node out/scripts/lint-sven-score.js <that path> [--verbose]
 *
 * Labels: the function before the fix is vulnerable, the one after it safe, as SVEN labels them. The function is
 * linted alone (no imports, no callers: what a suggestion of one function gives), so request data is seldom
 * visible and most values are of unknown origin. A case is flagged when a finding whose CWE maps to its category
 * is reported anywhere in it, at any confidence.
 */
import {
  type Category,
  categoryRows,
  type LabelledCase,
  openSuite,
  printMistakes,
  printRows,
  runScorer,
  scoreCases,
  scorerArguments,
  type SuiteFiles,
  writeRecord,
} from "./heldout/scoring";

const CATEGORIES: readonly { file: string; category: Category }[] = [
  { file: "cwe-022", category: { name: "path-traversal", cwes: [22], primary: true } },
  { file: "cwe-078", category: { name: "command-injection", cwes: [78], primary: true } },
  { file: "cwe-089", category: { name: "sql-injection", cwes: [89], primary: true } },
];

interface SvenPair {
  func_name: string;
  func_src_before: string;
  func_src_after: string;
  commit_link: string;
  file_name: string;
}

/** SVEN's own split: "train" may be looked at case by case, "val" stays held out. */
const SPLITS = ["train", "val"] as const;

function casesOf(suite: SuiteFiles, split: (typeof SPLITS)[number]): LabelledCase[] {
  const cases: LabelledCase[] = [];
  for (const { file, category } of CATEGORIES) {
    const jsonl = `data_train_val/${split}/${file}.jsonl`;
    const pairs = suite
      .read(jsonl)
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as SvenPair)
      .filter((pair) => pair.file_name.endsWith(".py"));
    for (const pair of pairs) {
      const where = `${jsonl}: ${pair.commit_link} ${pair.file_name} ${pair.func_name}`;
      cases.push({ file: `${where} (before)`, text: pair.func_src_before, category, vulnerable: true });
      cases.push({ file: `${where} (after)`, text: pair.func_src_after, category, vulnerable: false });
    }
  }
  return cases;
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-sven-score <SVEN clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const splits: Record<string, { categories: ReturnType<typeof categoryRows>; cases: unknown[] }> = {};
  for (const split of SPLITS) {
    const cases = casesOf(suite, split);
    const outcomes = await scoreCases(suite, cases);
    // only the train split's misses are printed: the val split stays held out
    if (verbose && split === "train") printMistakes(outcomes);
    const rows = categoryRows(
      CATEGORIES.map((entry) => entry.category),
      outcomes,
    );
    console.log(
      `\nSVEN's ${split} split (${split === "val" ? "held out" : "may be looked at"}): ${cases.length} functions`,
    );
    printRows(rows);
    splits[split] = { categories: rows, cases: outcomes };
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\nSVEN Python pairs @${suite.commit?.slice(0, 7) ?? "?"}, linted in ${seconds.toFixed(1)} s`);
  const written = writeRecord("heldout-sven", {
    suite: {
      name: "SVEN training and validation pairs (Python)",
      url: "https://github.com/eth-sri/sven",
      licence: "MIT",
      labels: "func_src_before: vulnerable; func_src_after: safe (the fixing commit's function)",
      commit: suite.commit,
    },
    matching: "per function, its category only: flagged when a finding whose CWE maps to it is reported anywhere",
    seconds,
    splits,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
