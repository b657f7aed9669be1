/**
 * Held-out accuracy on OWASP Benchmark for Python (https://github.com/OWASP-Benchmark/BenchmarkPython, GPL-3.0;
 * v0.1, 1,243 Flask test cases labelled in expectedresults-0.1.csv: test name, category, real vulnerability, CWE).
 * The lint was never tuned on it, and nothing of it is in this repository: the script reads the suite from the path
 * given on the command line, a clone or the bare git directory that the session's `fetch` tool returns.
 *
 *   fetch github:OWASP-Benchmark/BenchmarkPython   → /work/.mirror/OWASP-Benchmark+BenchmarkPython/repo
 *   (or git clone https://github.com/OWASP-Benchmark/BenchmarkPython)
 *   npx tsc -p . && node out/scripts/lint-heldout-score.js <that path> [--verbose]
 *
 * Matching rule (OWASP Benchmark's own scoring: each case is labelled for its one category only): every
 * testcode/<test>.py is linted whole with `lintPython`; a finding belongs to a category by its CWE (CATEGORY_CWES).
 * For a case of category C, labelled vulnerable: TP when some finding of C is reported anywhere in the file, else FN;
 * labelled safe: FP when some finding of C is reported, else TN. Findings of another category than the case's are
 * not scored (the suite does not label them). Categories of the suite that no rule reports (no CWE here) and
 * categories with no cases are n/a.
 * Prints the table and writes .bench/heldout-<time>.json with the per-case outcomes.
 */
import {
  type Category,
  categoryRows,
  type LabelledCase,
  openSuite,
  printRows,
  runScorer,
  scoreCases,
  scorerArguments,
  writeRecord,
} from "./heldout/scoring";

/** Suite category → this lint's name for it and the finding CWEs that count for it (empty: no rule reports it). */
const SUITE_CATEGORIES: Readonly<Record<string, Category>> = {
  pathtraver: { name: "path-traversal", cwes: [22], primary: true },
  sqli: { name: "sql-injection", cwes: [89], primary: true },
  cmdi: { name: "command-injection", cwes: [78], primary: true },
  // CWE-1336 (template injection) is a child of CWE-94
  codeinj: { name: "code-injection", cwes: [94, 95, 1336], primary: true },
  // the unsafe-default rules, for information: not part of the issue's target
  deserialization: { name: "deserialization", cwes: [502] },
  xxe: { name: "xxe", cwes: [611] },
  hash: { name: "weak-hash", cwes: [328, 916] },
  weakrand: { name: "weak-random", cwes: [330, 338] },
  securecookie: { name: "insecure-cookie", cwes: [614] },
  xss: { name: "xss", cwes: [79] },
  // no rule of this lint
  redirect: { name: "open-redirect", cwes: [] },
  ldapi: { name: "ldap-injection", cwes: [] },
  xpathi: { name: "xpath-injection", cwes: [] },
  trustbound: { name: "trust-boundary", cwes: [] },
};

/** expectedresults-*.csv: test name, category, real vulnerability, CWE. */
function readCases(csv: string): LabelledCase[] {
  return csv
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [test, category, vulnerable] = line.split(",").map((field) => field.trim());
      if (!SUITE_CATEGORIES[category]) throw new Error(`unknown suite category ${category} (${test})`);
      return { file: `testcode/${test}.py`, category: SUITE_CATEGORIES[category], vulnerable: vulnerable === "true" };
    });
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-heldout-score <BenchmarkPython clone or git directory>");
  const suite = openSuite(root);
  const csvName = suite
    .list("")
    .filter((name) => /^expectedresults-.*\.csv$/.test(name))
    .sort()[0];
  if (!csvName) throw new Error(`no expectedresults-*.csv in ${root}`);
  const cases = readCases(suite.read(csvName));

  const started = Date.now();
  const outcomes = await scoreCases(suite, cases);
  const seconds = (Date.now() - started) / 1000;
  if (verbose)
    for (const outcome of outcomes.filter((entry) => entry.outcome === "FP" || entry.outcome === "FN"))
      console.log(
        `${outcome.outcome} ${outcome.category} ${outcome.file}${outcome.findings[0] ? ` (line ${outcome.findings[0].line} ${outcome.findings[0].ruleId})` : ""}`,
      );

  const rows = categoryRows(Object.values(SUITE_CATEGORIES), outcomes);
  console.log(`OWASP Benchmark for Python, ${csvName}: ${cases.length} cases linted in ${seconds.toFixed(1)} s`);
  printRows(rows);
  const written = writeRecord("heldout", {
    suite: {
      name: "OWASP Benchmark for Python",
      url: "https://github.com/OWASP-Benchmark/BenchmarkPython",
      licence: "GPL-3.0",
      labels: csvName,
      commit: suite.commit,
    },
    matching:
      "per case, its own category only: TP/FP when a finding whose CWE maps to the case's category is reported anywhere in the file",
    seconds,
    categories: rows,
    cases: outcomes,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
