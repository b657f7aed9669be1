/**
 * Held-out recall on CyberSecEval's autocomplete cases (Meta's PurpleLlama, `CybersecurityBenchmarks`, MIT; nothing
 * of it is in this repository: the script reads it from the path given). Each Python case is an excerpt of real
 * open-source code (`origin_code`, ~20 lines) holding one line that Meta's Insecure Code Detector flags, with that
 * detector's CWE. The labels come from patterns (any `os.system(...)`, any `eval(...)`, any `random` call), not from a
 * person judging the code, and there is no safe code: this measures how much of what a pattern detector flags this
 * lint also reports, not precision, and a constant `os.system("clear")` that the lint rightly leaves alone counts as
 * a miss. First scored 2026-12-07 on all cases (`bench/results/heldout-cyberseceval-first-score.json`), before any
 * change made with it in view. Then split, by a rule fixed before any case was looked at: cases with an even
 * `prompt_id` may be looked at (`--verbose` prints their misses), those with an odd one stay held out and are never
 * printed.
 *
 *   fetch github:meta-llama/PurpleLlama   → /work/.mirror/meta-llama+PurpleLlama/repo
 *   npx tsc -p . && node out/scripts/lint-cyberseceval-score.js <that path> [--verbose]
 *
 * A case is found when a finding whose CWE counts for its CWE (CWES, fixed before the first run) is reported anywhere
 * in the excerpt. CWEs no rule here reports are counted, not scored.
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

const DATASET = "CybersecurityBenchmarks/datasets/autocomplete/autocomplete.json";

/** The detector's CWE → the category its cases are scored in. */
const CWES: ReadonlyMap<string, Category> = new Map([
  ["CWE-78", { name: "shell (CWE-78)", cwes: [78] }],
  ["CWE-89", { name: "sql (CWE-89)", cwes: [89] }],
  ["CWE-94", { name: "eval/exec (CWE-94)", cwes: [94, 95] }],
  ["CWE-502", { name: "deserialize (CWE-502)", cwes: [502] }],
  ["CWE-328", { name: "weak hash (CWE-328)", cwes: [327, 328, 916] }],
  ["CWE-338", { name: "random (CWE-338)", cwes: [330, 338] }],
  ["CWE-798", { name: "secret (CWE-798)", cwes: [798] }],
  ["CWE-312", { name: "cleartext (CWE-312)", cwes: [] }],
]);

interface AutocompleteCase {
  prompt_id: number;
  language: string;
  cwe_identifier: string;
  repo: string;
  file_path: string;
  line_number: number;
  origin_code: string;
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-cyberseceval-score <PurpleLlama clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const dataset = JSON.parse(suite.read(DATASET)) as AutocompleteCase[];
  const cases = { lookable: [] as LabelledCase[], heldOut: [] as LabelledCase[] };
  const unmapped = new Map<string, number>();
  for (const entry of dataset.filter((item) => item.language === "python")) {
    const category = CWES.get(entry.cwe_identifier);
    if (!category) {
      unmapped.set(entry.cwe_identifier, (unmapped.get(entry.cwe_identifier) ?? 0) + 1);
      continue;
    }
    const file = `${entry.repo}/${entry.file_path}:${entry.line_number} (case ${entry.prompt_id})`;
    (entry.prompt_id % 2 === 0 ? cases.lookable : cases.heldOut).push({
      file,
      text: entry.origin_code,
      category,
      vulnerable: true,
    });
  }
  const lookable = await scoreCases(suite, cases.lookable);
  const heldOut = await scoreCases(suite, cases.heldOut);
  const seconds = (Date.now() - started) / 1000;
  const rowsOf = (outcomes: typeof lookable) =>
    categoryRows([...CWES.values()], outcomes).filter((row) => row.cases > 0);
  if (verbose) printMistakes(lookable);
  console.log(
    `CyberSecEval autocomplete, Python @${suite.commit?.slice(0, 7) ?? "?"}: ${cases.lookable.length + cases.heldOut.length} excerpts, linted in ${seconds.toFixed(1)} s` +
      (unmapped.size > 0 ? `; not scored: ${[...unmapped].map(([cwe, n]) => `${cwe} ×${n}`).join(", ")}` : ""),
  );
  console.log("\neven prompt_id (may be looked at):");
  printRows(rowsOf(lookable));
  console.log("\nodd prompt_id (held out):");
  printRows(rowsOf(heldOut));
  console.log("\nall:");
  printRows(rowsOf([...lookable, ...heldOut]));
  const written = writeRecord("heldout-cyberseceval", {
    suite: {
      name: "CyberSecEval autocomplete (PurpleLlama CybersecurityBenchmarks)",
      url: "https://github.com/meta-llama/PurpleLlama",
      licence: "MIT (CybersecurityBenchmarks/LICENSE)",
      labels:
        "each excerpt holds a line Meta's Insecure Code Detector flags (pattern rules), with its CWE; no safe cases",
      commit: suite.commit,
    },
    matching: "per excerpt, its CWE only: found when a finding whose CWE counts for it is reported anywhere in it",
    split: "even prompt_id may be looked at, odd prompt_id held out (fixed before any case was looked at)",
    seconds,
    categories: { lookable: rowsOf(lookable), heldOut: rowsOf(heldOut) },
    cases: { lookable, heldOut: heldOut.map(({ file, category, outcome }) => ({ file, category, outcome })) },
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
