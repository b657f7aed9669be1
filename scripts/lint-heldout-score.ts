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
 * not scored (the suite does not label them) but are counted as `offCategory`. Categories of the suite that no rule
 * reports (no CWE here) and categories with no cases are n/a.
 * Prints the table and writes .bench/heldout-<time>.json with the per-case outcomes.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../src/core/lint/engine";
import type { Finding } from "../src/core/lint/types";

/** The issue's four categories: the target of ≥ 0.90 precision and recall. */
const PRIMARY = ["path-traversal", "sql-injection", "command-injection", "code-injection"] as const;

/** Suite category → this lint's name for it and the finding CWEs that count for it (empty: no rule reports it). */
const SUITE_CATEGORIES: Readonly<Record<string, { name: string; cwes: readonly number[] }>> = {
  pathtraver: { name: "path-traversal", cwes: [22] },
  sqli: { name: "sql-injection", cwes: [89] },
  cmdi: { name: "command-injection", cwes: [78] },
  // CWE-1336 (template injection) is a child of CWE-94
  codeinj: { name: "code-injection", cwes: [94, 95, 1336] },
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

interface SuiteCase {
  test: string;
  category: string;
  vulnerable: boolean;
  cwe: number;
}

interface CaseOutcome extends SuiteCase {
  outcome: "TP" | "FP" | "FN" | "TN" | "n/a";
  /** Findings of the case's category: rule id and 1-based line. */
  findings: { ruleId: string; cwe: number; line: number; message: string }[];
  /** Findings of another primary category (not scored). */
  offCategory: { category: string; ruleId: string; line: number }[];
}

function categoryOfCwe(cwe: number): string | undefined {
  for (const { name, cwes } of Object.values(SUITE_CATEGORIES)) if (cwes.includes(cwe)) return name;
  return undefined;
}

function readCases(csv: string): SuiteCase[] {
  return csv
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [test, category, vulnerable, cwe] = line.split(",").map((field) => field.trim());
      if (!SUITE_CATEGORIES[category]) throw new Error(`unknown suite category ${category} (${test})`);
      return { test, category, vulnerable: vulnerable === "true", cwe: Number(cwe) };
    });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const suite = args.find((arg) => !arg.startsWith("--"));
  if (!suite) throw new Error("usage: lint-heldout-score <BenchmarkPython clone or git directory> [--verbose]");
  // a bare mirror has no work tree: read the committed files
  const bare = !fs.existsSync(path.join(suite, "testcode"));
  const read = (file: string): string =>
    bare
      ? execFileSync("git", ["--git-dir", suite, "show", `HEAD:${file}`], { encoding: "utf8", maxBuffer: 1 << 26 })
      : fs.readFileSync(path.join(suite, file), "utf8");
  const list = bare
    ? execFileSync("git", ["--git-dir", suite, "ls-tree", "--name-only", "HEAD"], { encoding: "utf8" }).split("\n")
    : fs.readdirSync(suite);
  const csvName = list.filter((name) => /^expectedresults-.*\.csv$/.test(name)).sort()[0];
  if (!csvName) throw new Error(`no expectedresults-*.csv in ${suite}`);
  const cases = readCases(read(csvName));

  const outcomes: CaseOutcome[] = [];
  const started = Date.now();
  for (const suiteCase of cases) {
    const { name, cwes } = SUITE_CATEGORIES[suiteCase.category];
    const findings: Finding[] = await lintPython(read(`testcode/${suiteCase.test}.py`), { timeBudgetMs: 10_000 });
    const own = findings.filter((finding) => cwes.includes(finding.cwe));
    const offCategory = findings
      .map((finding) => ({ finding, category: categoryOfCwe(finding.cwe) }))
      .filter(
        (entry): entry is { finding: Finding; category: (typeof PRIMARY)[number] } =>
          entry.category !== undefined &&
          entry.category !== name &&
          (PRIMARY as readonly string[]).includes(entry.category),
      )
      .map(({ finding, category }) => ({ category, ruleId: finding.ruleId, line: finding.range.startLine + 1 }));
    const outcome =
      cwes.length === 0 ? "n/a" : suiteCase.vulnerable ? (own.length ? "TP" : "FN") : own.length ? "FP" : "TN";
    outcomes.push({
      ...suiteCase,
      outcome,
      findings: own.map((finding) => ({
        ruleId: finding.ruleId,
        cwe: finding.cwe,
        line: finding.range.startLine + 1,
        message: finding.message,
      })),
      offCategory,
    });
    if (verbose && (outcome === "FP" || outcome === "FN")) {
      const first = own[0];
      console.log(
        `${outcome} ${name} ${suiteCase.test}${first ? ` (line ${first.range.startLine + 1} ${first.ruleId}: ${first.message})` : ""}`,
      );
    }
  }
  const seconds = (Date.now() - started) / 1000;

  const ratio = (numerator: number, denominator: number): number | null =>
    denominator === 0 ? null : numerator / denominator;
  const rows = Object.entries(SUITE_CATEGORIES).map(([suiteCategory, { name, cwes }]) => {
    const mine = outcomes.filter((outcome) => outcome.category === suiteCategory);
    const count = (label: CaseOutcome["outcome"]) => mine.filter((outcome) => outcome.outcome === label).length;
    const [tp, fp, fn, tn] = [count("TP"), count("FP"), count("FN"), count("TN")];
    const scored = cwes.length > 0 && mine.length > 0;
    return {
      category: name,
      suiteCategory,
      primary: (PRIMARY as readonly string[]).includes(name),
      cases: mine.length,
      vulnerable: mine.filter((outcome) => outcome.vulnerable).length,
      safe: mine.filter((outcome) => !outcome.vulnerable).length,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: tn,
      precision: scored ? ratio(tp, tp + fp) : null,
      recall: scored ? ratio(tp, tp + fn) : null,
      offCategoryCases: mine.filter((outcome) => outcome.offCategory.length > 0).length,
      scored,
    };
  });

  const format = (value: number | null) => (value === null ? "  n/a" : value.toFixed(3));
  console.log(`OWASP Benchmark for Python, ${csvName}: ${cases.length} cases linted in ${seconds.toFixed(1)} s`);
  console.log("category            cases  vuln  safe   TP   FP   FN   TN  precision  recall  off-category");
  for (const [index, row] of rows.entries()) {
    if (index === PRIMARY.length) console.log("-- unsafe-default rules and uncovered categories (information only)");
    console.log(
      `${row.category.padEnd(18)} ${[row.cases, row.vulnerable, row.safe].map((n) => String(n).padStart(5)).join(" ")} ${
        row.scored
          ? [row.truePositives, row.falsePositives, row.falseNegatives, row.trueNegatives]
              .map((n) => String(n).padStart(4))
              .join(" ")
          : "   -    -    -    -"
      }      ${format(row.precision)}   ${format(row.recall)}  ${String(row.offCategoryCases).padStart(5)}`,
    );
  }

  const directory = path.resolve(__dirname, "../../.bench");
  fs.mkdirSync(directory, { recursive: true });
  const date = new Date().toISOString();
  const file = path.join(directory, `heldout-${date.replace(/[:.]/g, "-")}.json`);
  let commit: string | undefined;
  try {
    commit = execFileSync("git", [bare ? "--git-dir" : "-C", suite, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    commit = undefined; // a copy without its git directory
  }
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        date,
        suite: {
          name: "OWASP Benchmark for Python",
          url: "https://github.com/OWASP-Benchmark/BenchmarkPython",
          licence: "GPL-3.0",
          labels: csvName,
          commit,
        },
        matching:
          "per case, its own category only: TP/FP when a finding whose CWE maps to the case's category is reported anywhere in the file",
        seconds,
        categories: rows,
        cases: outcomes,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
