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
import { type Category, openSuite, runScorer, scorerArguments, type SuiteFiles, writeRecord } from "./heldout/scoring";
import { pairCases, scoreSplits, type Split } from "./heldout/fixPairs";

const CATEGORIES: readonly { file: string; category: Category }[] = [
  { file: "cwe-022", category: { name: "path-traversal", cwes: [22], primary: true } },
  { file: "cwe-078", category: { name: "command-injection", cwes: [78], primary: true } },
  { file: "cwe-089", category: { name: "sql-injection", cwes: [89], primary: true } },
];

/** SVEN's own split: "train" may be looked at case by case, "val" stays held out. */
function casesOf(suite: SuiteFiles, split: Split) {
  return CATEGORIES.flatMap(({ file, category }) =>
    pairCases(suite, `data_train_val/${split}/${file}.jsonl`, () => category),
  );
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-sven-score <SVEN clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const splits = await scoreSplits(suite, {
    casesOf: (split) => casesOf(suite, split),
    categories: CATEGORIES.map((entry) => entry.category),
    title: (split, cases) =>
      `SVEN's ${split} split (${split === "val" ? "held out" : "may be looked at"}): ${cases} functions`,
    verbose,
  });
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
