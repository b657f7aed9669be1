/**
 * What the held-out scorers share: reading a suite from a clone or from the bare git directory that the session's
 * `fetch` tool returns, file-level scoring of labelled cases by finding CWE, the printed table and the JSON record.
 * A suite's own script only says which files are cases, how they are labelled and which CWEs count for a category.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../../src/core/lint/engine";
import type { Finding } from "../../src/core/lint/types";

export interface SuiteFiles {
  read(file: string): string;
  /** Files under `folder` (recursive), suite-relative. */
  list(folder: string): string[];
  commit: string | undefined;
}

export function openSuite(root: string): SuiteFiles {
  const bare = fs.existsSync(path.join(root, "HEAD")) && fs.existsSync(path.join(root, "objects"));
  const git = (args: string[]) =>
    execFileSync("git", [bare ? "--git-dir" : "-C", root, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  let commit: string | undefined;
  try {
    commit = git(["rev-parse", "HEAD"]).trim();
  } catch {
    commit = undefined; // a copy without its git directory
  }
  const walk = (folder: string): string[] =>
    fs
      .readdirSync(path.join(root, folder), { withFileTypes: true })
      .flatMap((entry) =>
        entry.isDirectory() ? walk(path.posix.join(folder, entry.name)) : [path.posix.join(folder, entry.name)],
      );
  return bare
    ? {
        read: (file) => git(["show", `HEAD:${file}`]),
        list: (folder) =>
          git(["ls-tree", "-r", "--name-only", "HEAD", folder === "" ? "." : folder])
            .split("\n")
            .filter(Boolean),
        commit,
      }
    : {
        read: (file) => fs.readFileSync(path.join(root, file), "utf8"),
        list: walk,
        commit,
      };
}

/** A category of a suite, named as this lint names it, and the finding CWEs that count for it (empty: no rule reports it). */
export interface Category {
  name: string;
  cwes: readonly number[];
  /** One of the issue's four injection categories, the target of ≥ 0.90 precision and recall. */
  primary?: boolean;
}

export interface LabelledCase {
  /** Suite-relative file, linted whole unless `text` is given. */
  file: string;
  /** The case's code when it is a part of `file` (a function cut out of a test module). */
  text?: string;
  category: Category;
  vulnerable: boolean;
}

export type Outcome = "TP" | "FP" | "FN" | "TN" | "n/a";

export interface CaseOutcome {
  file: string;
  category: string;
  vulnerable: boolean;
  outcome: Outcome;
  /** Findings of the case's category: rule id, CWE and 1-based line. */
  findings: { ruleId: string; cwe: number; line: number }[];
}

/** The case's outcome by its own category: some finding of that category anywhere in the file flags it. */
export function outcomeOf(category: Category, vulnerable: boolean, flagged: boolean): Outcome {
  if (category.cwes.length === 0) return "n/a";
  return vulnerable ? (flagged ? "TP" : "FN") : flagged ? "FP" : "TN";
}

export async function scoreCases(suite: SuiteFiles, cases: readonly LabelledCase[]): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const suiteCase of cases) {
    const source = suiteCase.text ?? suite.read(suiteCase.file);
    const findings: Finding[] = await lintPython(source, { timeBudgetMs: 10_000 });
    const own = findings.filter((finding) => suiteCase.category.cwes.includes(finding.cwe));
    outcomes.push({
      file: suiteCase.file,
      category: suiteCase.category.name,
      vulnerable: suiteCase.vulnerable,
      outcome: outcomeOf(suiteCase.category, suiteCase.vulnerable, own.length > 0),
      findings: own.map((finding) => ({ ruleId: finding.ruleId, cwe: finding.cwe, line: finding.range.startLine + 1 })),
    });
  }
  return outcomes;
}

export interface CategoryRow {
  category: string;
  primary: boolean;
  cases: number;
  vulnerable: number;
  safe: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | null;
  recall: number | null;
  scored: boolean;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Per category (in the order given), counts of outcomes labelled by `outcomeOf`. */
export function categoryRows(
  categories: readonly Category[],
  outcomes: readonly { category: string; vulnerable: boolean; outcome: Outcome }[],
): CategoryRow[] {
  return categories.map(({ name, cwes, primary }) => {
    const mine = outcomes.filter((outcome) => outcome.category === name);
    const count = (label: Outcome) => mine.filter((outcome) => outcome.outcome === label).length;
    const [tp, fp, fn, tn] = [count("TP"), count("FP"), count("FN"), count("TN")];
    const scored = cwes.length > 0 && mine.length > 0;
    return {
      category: name,
      primary: primary === true,
      cases: mine.length,
      vulnerable: mine.filter((outcome) => outcome.vulnerable).length,
      safe: mine.filter((outcome) => !outcome.vulnerable).length,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: tn,
      precision: scored ? ratio(tp, tp + fp) : null,
      recall: scored ? ratio(tp, tp + fn) : null,
      scored,
    };
  });
}

/** The table: primary categories first, then the others, for information. `extra` adds columns per row. */
export function printRows(
  rows: readonly CategoryRow[],
  extra?: { header: string; cell: (row: CategoryRow) => string },
): void {
  const format = (value: number | null) => (value === null ? "  n/a" : value.toFixed(3));
  console.log(
    `category            cases  vuln  safe   TP   FP   FN   TN  precision  recall${extra ? `  ${extra.header}` : ""}`,
  );
  const ordered = [...rows.filter((row) => row.primary), ...rows.filter((row) => !row.primary)];
  for (const [index, row] of ordered.entries()) {
    if (index > 0 && !row.primary && ordered[index - 1].primary)
      console.log("-- unsafe-default rules and uncovered categories (information only)");
    const counts = row.scored
      ? [row.truePositives, row.falsePositives, row.falseNegatives, row.trueNegatives]
          .map((n) => String(n).padStart(4))
          .join(" ")
      : "   -    -    -    -";
    console.log(
      `${row.category.padEnd(18)} ${[row.cases, row.vulnerable, row.safe].map((n) => String(n).padStart(5)).join(" ")} ${counts}      ${format(
        row.precision,
      )}   ${format(row.recall)}${extra ? `  ${extra.cell(row)}` : ""}`,
    );
  }
}

/** Writes `.bench/<prefix>-<time>.json` with the date first and returns its path. */
export function writeRecord(prefix: string, record: Record<string, unknown>): string {
  const directory = path.resolve(__dirname, "../../../.bench");
  fs.mkdirSync(directory, { recursive: true });
  const date = new Date().toISOString();
  const file = path.join(directory, `${prefix}-${date.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ date, ...record }, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}

/** A scorer's command line: the suite's clone or git directory, and `--verbose`. */
export function scorerArguments(usage: string): { root: string; verbose: boolean } {
  const args = process.argv.slice(2);
  const root = args.find((arg) => !arg.startsWith("--"));
  if (!root) throw new Error(`usage: ${usage} [--verbose]`);
  return { root, verbose: args.includes("--verbose") };
}

/** `--verbose`: one line per false alarm and per miss. */
export function printMistakes(outcomes: readonly CaseOutcome[]): void {
  for (const outcome of outcomes.filter((entry) => entry.outcome === "FP" || entry.outcome === "FN"))
    console.log(`${outcome.outcome} ${outcome.category} ${outcome.file}`);
}

/** Runs a scorer: a failure is one line on stderr and exit status 2. */
export function runScorer(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
