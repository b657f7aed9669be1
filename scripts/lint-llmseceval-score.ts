/**
 * Held-out false alarms on LLMSecEval's secure code samples (https://github.com/tuhh-softsec/LLMSecEval, GPL-3.0;
 * nothing of it is in this repository: the script reads it from the path given). For each of its natural-language
 * prompts (Pearce et al.'s scenarios) the dataset's authors wrote a secure implementation,
 * `Dataset/Secure Code Samples/CWE-<N>/CWE-<N>_<abbr>-<k><v>.py`. The suite has no vulnerable code, so it measures
 * one side only: how many secure samples the lint flags in their own category. First scored 2026-12-07, before any
 * change made with it in view.
 *
 *   fetch github:tuhh-softsec/LLMSecEval   → /work/.mirror/tuhh-softsec+LLMSecEval/repo
 *   npx tsc -p . && node out/scripts/lint-llmseceval-score.js <that path> [--verbose]
 *
 * Which finding CWEs count for a sample's CWE (CATEGORIES) was fixed from the CWE list before the first run, never
 * from an outcome; samples of CWEs no rule here reports (integer overflow, null dereference, missing
 * authentication …) are counted, not scored.
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
  writeRecord,
} from "./heldout/scoring";

const SAMPLES = "Dataset/Secure Code Samples";

/** A sample's CWE → the category it is scored in. */
const CATEGORIES: ReadonlyMap<number, Category> = new Map([
  [22, { name: "path-traversal", cwes: [22], primary: true }],
  [78, { name: "command-injection", cwes: [78], primary: true }],
  [89, { name: "sql-injection", cwes: [89], primary: true }],
  [79, { name: "xss", cwes: [79] }],
  [502, { name: "deserialization", cwes: [502] }],
  // insufficiently protected credentials: its children here are weak password hashing and cleartext transport
  [522, { name: "weak-credentials", cwes: [916, 328, 319] }],
  [732, { name: "permissive-mode", cwes: [732] }],
  [798, { name: "hard-coded-secret", cwes: [798] }],
]);

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-llmseceval-score <LLMSecEval clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const samples = suite.list(SAMPLES).filter((file) => file.endsWith(".py"));
  const cases: LabelledCase[] = [];
  const unscored: string[] = [];
  for (const file of samples) {
    const cwe = Number(/\/CWE-(\d+)_/i.exec(file)?.[1]);
    const category = CATEGORIES.get(cwe);
    if (category) cases.push({ file, category, vulnerable: false });
    else unscored.push(file);
  }
  const outcomes = await scoreCases(suite, cases);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes(outcomes);
  const rows = categoryRows([...CATEGORIES.values()], outcomes).filter((row) => row.cases > 0);
  console.log(
    `LLMSecEval secure samples @${suite.commit?.slice(0, 7) ?? "?"}: ${cases.length} scored, ${unscored.length} of CWEs no rule reports, linted in ${seconds.toFixed(1)} s`,
  );
  printRows(rows, {
    header: "safe flagged",
    cell: (row) => `${row.falsePositives}/${row.safe}`,
  });
  const written = writeRecord("heldout-llmseceval", {
    suite: {
      name: "LLMSecEval secure code samples",
      url: "https://github.com/tuhh-softsec/LLMSecEval",
      licence: "GPL-3.0",
      labels: "every sample is the authors' secure implementation of its prompt (safe); no vulnerable cases",
      commit: suite.commit,
    },
    matching:
      "per sample, its CWE's category only: flagged when a finding whose CWE counts for it is reported anywhere",
    seconds,
    unscored,
    categories: rows,
    cases: outcomes,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
