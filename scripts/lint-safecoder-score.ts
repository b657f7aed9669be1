/**
 * Held-out accuracy on SafeCoder's new security pairs (https://github.com/eth-sri/SafeCoder, MIT; nothing of it is in
 * this repository: the script reads it from the path given). `sec-new-desc` is the dataset SafeCoder's authors built
 * after SVEN (one of its Python pairs is also SVEN's): functions before and after commits that fixed a vulnerability in
 * open-source projects, several languages; the Python ones are scored here, both of its splits. First scored
 * 2026-12-08, before any change made with it in view.
 *
 *   fetch github:eth-sri/SafeCoder   → /work/.mirror/eth-sri+SafeCoder/repo
 *   npx tsc -p . && node out/scripts/lint-safecoder-score.js <that path> [--verbose]
 *
 * Labels: the function before the fix is vulnerable, the one after it safe. Each is linted alone (no imports, no
 * callers), as SVEN's are. A case is scored in the category of its CWE by the table SecurityEval and SALLM are scored
 * with (heldout/cweCategories.ts, fixed before this suite was first run), and flagged when a finding whose CWE counts
 * for that category is reported anywhere in it, at any confidence. `--verbose` prints the train split's mistakes only.
 */
import { openSuite, runScorer, scorerArguments, writeRecord } from "./heldout/scoring";
import { CATEGORIES, categoryOfCwe } from "./heldout/cweCategories";
import { pairCases, scoreSplits } from "./heldout/fixPairs";

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-safecoder-score <SafeCoder clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const splits = await scoreSplits(suite, {
    casesOf: (split) =>
      pairCases(suite, `data_train_val/${split}/sec-new-desc.jsonl`, (pair) =>
        categoryOfCwe(Number(/^cwe-(\d+)$/.exec(pair.vul_type ?? "")?.[1])),
      ),
    categories: CATEGORIES,
    title: (split, cases) => `SafeCoder sec-new-desc, ${split} split (Python): ${cases} functions`,
    verbose,
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(`\nSafeCoder Python pairs @${suite.commit?.slice(0, 7) ?? "?"}, linted in ${seconds.toFixed(1)} s`);
  const written = writeRecord("heldout-safecoder", {
    suite: {
      name: "SafeCoder sec-new-desc pairs (Python)",
      url: "https://github.com/eth-sri/SafeCoder",
      licence: "MIT",
      labels: "func_src_before: vulnerable; func_src_after: safe (the fixing commit's function)",
      commit: suite.commit,
    },
    matching:
      "per function, its CWE's category only (heldout/cweCategories.ts): flagged when a finding whose CWE counts for it is reported anywhere",
    seconds,
    splits,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
