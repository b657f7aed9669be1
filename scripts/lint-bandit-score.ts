/**
 * Held-out accuracy on Bandit's example files (PyCQA/bandit, Apache-2.0), which are not in this repository: the
 * script reads them from a clone given on the command line and scores the lint against labels written here, by
 * this lint's meaning of each category (a non-literal value of user or unknown origin reaching the sink; Bandit
 * itself flags every shell call or eval, literal or not). Only the files with such sinks are labelled; every line
 * not listed as vulnerable is a negative.
 *
 *   git clone https://github.com/PyCQA/bandit && node out/scripts/lint-bandit-score.js bandit [--verbose]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../src/core/lint/engine";
import type { Finding } from "../src/core/lint/types";
import { runScorer, scorerArguments } from "./heldout/scoring";

type Scored = "command-injection" | "sql-injection" | "code-injection" | "path-traversal" | "trojan-source";

/** examples/<file>.py → category → 1-based vulnerable lines. */
const LABELS: Readonly<Record<string, Partial<Record<Scored, number[]>>>> = {
  // `command = "/bin/ls" + unknown_function()` run with shell=True; every other command is a literal
  subprocess_shell: { "command-injection": [41] },
  "os-popen": { "command-injection": [15] },
  // programs named by undefined globals (unknown origin; `file` is one in Python 3)
  "os-exec": { "command-injection": [3, 4, 5, 6, 7, 8, 9, 10] },
  "os-spawn": { "command-injection": [3, 4, 5, 6, 7, 8, 9, 10] },
  os_system: {},
  popen_wrappers: {},
  paramiko_injection: {},
  // `*` expansion is wildcard injection (CWE-155), not command injection: the commands are literal
  "wildcard-injection": {},
  // undefined globals formatted into executed SQL; the module-level `query = ...` lines reach no sink
  sql_statements: { "sql-injection": [17, 18, 19, 20, 21, 23, 24, 25, 28, 29, 30, 31, 32] },
  // the same, multi-line; `# nosec` is Bandit's suppression, not a fix
  sql_multiline_statements: { "sql-injection": [30, 33, 35, 37, 41, 44, 69, 75, 81, 85, 90, 95, 98, 156, 159] },
  django_sql_injection_raw: {},
  django_sql_injection_extra: {},
  eval: {},
  exec: {},
  // no filter, a `..`-only member filter (absolute names pass), filter="fully_trusted"; line 38 calls a
  // `tarfile.extractall` function that does not exist
  tarfile_extractall: { "path-traversal": [8, 14, 26] },
  trojansource: { "trojan-source": [4] },
  trojansource_latin1: {},
};

function categoryOf(finding: Finding): Scored | undefined {
  if (finding.ruleId === "trojan-source") return "trojan-source";
  const category = finding.category;
  return category === "command-injection" ||
    category === "sql-injection" ||
    category === "code-injection" ||
    category === "path-traversal"
    ? category
    : undefined;
}

async function main(): Promise<void> {
  const { root: repository, verbose } = scorerArguments("lint-bandit-score <bandit clone or git directory>");
  // a bare mirror has no work tree: read the committed files
  const read = (file: string): string =>
    fs.existsSync(path.join(repository, file))
      ? fs.readFileSync(path.join(repository, file), "utf8")
      : execFileSync("git", ["--git-dir", repository, "show", `HEAD:${file}`], { encoding: "utf8" });
  const categories: Scored[] = [
    "path-traversal",
    "sql-injection",
    "command-injection",
    "code-injection",
    "trojan-source",
  ];
  const score = new Map(categories.map((category) => [category, { tp: 0, fp: 0, fn: 0 }]));
  for (const [name, labels] of Object.entries(LABELS)) {
    const findings = await lintPython(read(`examples/${name}.py`), { timeBudgetMs: 10_000 });
    for (const category of categories) {
      const expected = new Set(labels[category] ?? []);
      const found = new Set(
        findings.filter((finding) => categoryOf(finding) === category).map((finding) => finding.range.startLine + 1),
      );
      const entry = score.get(category)!;
      for (const line of found) {
        if (expected.has(line)) entry.tp++;
        else entry.fp++;
        if (verbose && !expected.has(line)) console.log(`FP ${category} ${name}.py:${line}`);
      }
      for (const line of expected) {
        if (found.has(line)) continue;
        entry.fn++;
        if (verbose) console.log(`FN ${category} ${name}.py:${line}`);
      }
    }
  }
  const ratio = (numerator: number, denominator: number) =>
    denominator === 0 ? "  -  " : (numerator / denominator).toFixed(3);
  console.log(`${Object.keys(LABELS).length} Bandit example files`);
  console.log("category            TP  FP  FN  precision  recall");
  for (const [category, { tp, fp, fn }] of score) {
    console.log(
      `${category.padEnd(18)} ${String(tp).padStart(3)} ${String(fp).padStart(3)} ${String(fn).padStart(3)}      ${ratio(tp, tp + fp)}  ${ratio(tp, tp + fn)}`,
    );
  }
}

runScorer(main);
