/**
 * Held-out accuracy on SecLLMHolmes's Python scenarios (https://github.com/ai4cloudops/SecLLMHolmes, GPL-3.0;
 * nothing of it is in this repository: the script reads it from the path given). The suite was built to test
 * vulnerability detection by language models: hand-crafted scenarios per CWE, each vulnerable (`<k>.py`) and
 * patched (`p_<k>.py`, its ground truth says why it is safe), and the same scenarios rewritten by trivial
 * augmentations (renamed variables and functions, added whitespace and comments, …) and non-trivial ones
 * (misleading names, unrelated library calls, …), which a detector should see through. Its Python scenarios are SQL
 * injection (CWE-89) and XSS (CWE-79). First scored 2026-12-07, before any change made with it in view.
 *
 *   fetch github:ai4cloudops/SecLLMHolmes   → /work/.mirror/ai4cloudops+SecLLMHolmes/repo
 *   npx tsc -p . && node out/scripts/lint-secllmholmes-score.js <that path> [--verbose]
 *
 * The rewrites share their scenario's code, so each group is a row of its own: the hand-crafted row is the
 * measure, the augmented rows show whether the answer survives the rewrite.
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

const DATASETS = "datasets";
const CWES: ReadonlyMap<number, { name: string; cwes: number[]; primary: boolean }> = new Map([
  [89, { name: "sql", cwes: [89], primary: true }],
  [79, { name: "xss", cwes: [79], primary: false }],
]);
const GROUPS = ["hand-crafted", "trivial", "non-trivial"] as const;

function groupOf(file: string): (typeof GROUPS)[number] | undefined {
  if (file.startsWith(`${DATASETS}/hand-crafted/`)) return "hand-crafted";
  if (file.startsWith(`${DATASETS}/augmented/trivial/`)) return "trivial";
  if (file.startsWith(`${DATASETS}/augmented/non-trivial/`)) return "non-trivial";
  return undefined;
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-secllmholmes-score <SecLLMHolmes clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const categories = new Map<string, Category>();
  const cases: LabelledCase[] = [];
  for (const file of suite.list(DATASETS).filter((name) => name.endsWith(".py"))) {
    const match = /\/dataset\/CWE-(\d+)\/(p_)?\d+\.py$/.exec(file);
    const group = groupOf(file);
    const cwe = match && CWES.get(Number(match[1]));
    if (!match || !group || !cwe) continue;
    const name = `${cwe.name} ${group}`;
    if (!categories.has(name)) categories.set(name, { name, cwes: cwe.cwes, primary: cwe.primary });
    cases.push({ file, category: categories.get(name)!, vulnerable: match[2] === undefined });
  }
  const outcomes = await scoreCases(suite, cases);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes(outcomes);
  const ordered = [...CWES.values()].flatMap((cwe) =>
    GROUPS.map((group) => categories.get(`${cwe.name} ${group}`)).filter((category) => category !== undefined),
  );
  const rows = categoryRows(ordered, outcomes);
  console.log(
    `SecLLMHolmes Python scenarios @${suite.commit?.slice(0, 7) ?? "?"}: ${cases.length} cases linted in ${seconds.toFixed(1)} s`,
  );
  printRows(rows);
  const written = writeRecord("heldout-secllmholmes", {
    suite: {
      name: "SecLLMHolmes (Python scenarios)",
      url: "https://github.com/ai4cloudops/SecLLMHolmes",
      licence: "GPL-3.0",
      labels:
        "<k>.py vulnerable, p_<k>.py patched (safe), per the suite's ground-truth files; augmented copies keep their label",
      commit: suite.commit,
    },
    matching: "per case, its CWE's category only: flagged when a finding whose CWE counts for it is reported anywhere",
    seconds,
    categories: rows,
    cases: outcomes,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
