/**
 * Held-out recall on SALLM's insecure examples (https://github.com/s2e-lab/SALLM, Siddiq et al., Apache-2.0; nothing of
 * it is in this repository: the script reads it from the path given). SALLM is a framework for judging the security of
 * code that language models write: `PythonDataset/dataset.jsonl` holds 100 prompts (imports, a signature and a
 * docstring, mostly Flask views) drawn from the authors' own, CodeQL's query help, SonarSource's rules, StackOverflow
 * and SecurityEval, each with the authors' insecure completion. It has no secure code, so it measures recall only.
 * First scored 2026-12-08, before any change made with it in view.
 *
 *   fetch github:s2e-lab/SALLM   → /work/.mirror/s2e-lab+SALLM/repo
 *   npx tsc -p . && node out/scripts/lint-sallm-score.js <that path> [--verbose]
 *
 * A case is one prompt's `insecure_code`, linted whole, in the category of the CWE its id names (`…_A_cwe078_0.py`),
 * by the table SecurityEval is scored with (heldout/cweCategories.ts, fixed before this suite was first run), and found
 * when a finding whose CWE counts for that category is reported anywhere in it. The prompts drawn from SecurityEval
 * are scored apart: SecurityEval's misses have been looked at, so they are not held out.
 */
import {
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
import { CATEGORIES, categoryOfCwe } from "./heldout/cweCategories";

interface Prompt {
  id: string;
  source: string;
  insecure_code: string;
}

/** The source whose prompts come from a suite already looked at. */
const LOOKED_AT_SOURCE = "SecurityEval";

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-sallm-score <SALLM clone or git directory>");
  const suite = openSuite(root);
  const prompts: Prompt[] = suite
    .read("PythonDataset/dataset.jsonl")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Prompt);
  const caseOf = (prompt: Prompt): LabelledCase => ({
    file: prompt.id,
    text: prompt.insecure_code,
    category: categoryOfCwe(Number(/cwe(\d+)/i.exec(prompt.id)?.[1])),
    vulnerable: true,
  });
  const heldOut = prompts.filter((prompt) => prompt.source !== LOOKED_AT_SOURCE).map(caseOf);
  const lookedAt = prompts.filter((prompt) => prompt.source === LOOKED_AT_SOURCE).map(caseOf);

  const started = Date.now();
  const heldOutOutcomes = await scoreCases(suite, heldOut);
  const lookedAtOutcomes = await scoreCases(suite, lookedAt);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes(lookedAtOutcomes);

  const covered = (rows: ReturnType<typeof categoryRows>) => rows.filter((row) => row.cases > 0);
  const heldOutRows = covered(categoryRows(CATEGORIES, heldOutOutcomes));
  const lookedAtRows = covered(categoryRows(CATEGORIES, lookedAtOutcomes));
  const uncovered = heldOutOutcomes.filter((outcome) => outcome.outcome === "n/a").length;
  console.log(
    `SALLM @${suite.commit?.slice(0, 7) ?? "?"}: ${prompts.length} insecure examples linted in ${seconds.toFixed(1)} s`,
  );
  console.log(`\nheld out (${heldOut.length}; ${uncovered} in CWEs no rule covers, counted, not scored):`);
  printRows(heldOutRows);
  console.log(`\ndrawn from SecurityEval (${lookedAt.length}; looked at there, not held out):`);
  printRows(lookedAtRows);
  const written = writeRecord("heldout-sallm", {
    suite: {
      name: "SALLM insecure examples",
      url: "https://github.com/s2e-lab/SALLM",
      licence: "Apache-2.0",
      labels: "each prompt's insecure_code is vulnerable in the CWE its id names; no safe cases",
      commit: suite.commit,
    },
    matching:
      "per example, its CWE's category only (heldout/cweCategories.ts): found when a finding whose CWE counts for it is reported anywhere",
    seconds,
    heldOut: { categories: heldOutRows, cases: heldOutOutcomes },
    fromSecurityEval: { categories: lookedAtRows, cases: lookedAtOutcomes },
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
