/**
 * Held-out accuracy on the example applications of Python Taint (https://github.com/python-security/pyt, GPL-2.0;
 * nothing of it is in this repository: the script reads it from the path given). Small Flask (and one Django) views
 * whose request data reaches `subprocess`, `os.system`, `send_file`, `cursor.execute` or an HTML string, written by
 * pyt's authors to test a taint analysis; first scored 2026-12-07, before any change made with it in view.
 *
 *   fetch github:python-security/pyt   → /work/.mirror/python-security+pyt/repo
 *   npx tsc -p . && node out/scripts/lint-pyt-score.js <that path> [--verbose]
 *
 * Labels: the files pyt's own vulnerability tests (tests/vulnerabilities/*_test.py) run, with the number of
 * vulnerabilities those tests expect — vulnerable when at least one. Each file's category is the one of the sink the
 * test's expected report names (send_file: path traversal; subprocess/os.system: command injection; execute: SQL;
 * an HTML `replace`/`render`: XSS). Two labels depart from pyt's: `path_traversal_sanitised*.py`, which pyt
 * reports as "(potentially) sanitised" by `replace('..', '')` or `if '..' in name`, stay vulnerable, as pyt's count
 * says, because the name is joined with `os.path.join`, where an absolute name escapes. The table was fixed from the
 * tests before the first run, never from an outcome.
 *
 * The files under vulnerable_code_across_files/ call a sink in another module;
 * this lint judges one file at a time, as it judges a suggestion, so they are scored apart (ACROSS_FILES).
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

const PATH: Category = { name: "path-traversal", cwes: [22], primary: true };
const SQL: Category = { name: "sql-injection", cwes: [89], primary: true };
const COMMAND: Category = { name: "command-injection", cwes: [78], primary: true };
const XSS: Category = { name: "xss", cwes: [79] };
const CATEGORIES = [PATH, SQL, COMMAND, XSS];

const examples = (category: Category, vulnerable: boolean, ...files: string[]): LabelledCase[] =>
  files.map((file) => ({ file: `examples/${file}`, category, vulnerable }));

/** One file, one category: the sink is in the file itself. */
const SAME_FILE: readonly LabelledCase[] = [
  ...examples(
    COMMAND,
    true,
    "vulnerable_code/command_injection.py",
    "vulnerable_code/command_injection_with_aliases.py",
    "vulnerable_code/inter_command_injection.py",
    "vulnerable_code/inter_command_injection_2.py",
    "vulnerable_code/yield.py",
    "nested_functions_code/builtin_with_user_defined_inner.py",
    "nested_functions_code/sink_with_result_of_blackbox_nested.py",
    "nested_functions_code/sink_with_result_of_user_defined_nested.py",
    "nested_functions_code/sink_with_blackbox_inner.py",
    "nested_functions_code/sink_with_user_defined_inner.py",
  ),
  ...examples(
    PATH,
    true,
    "vulnerable_code/path_traversal.py",
    "vulnerable_code/ensure_saved_scope.py",
    "vulnerable_code/path_traversal_sanitised.py",
    "vulnerable_code/path_traversal_sanitised_2.py",
  ),
  ...examples(SQL, true, "vulnerable_code/sql/sqli.py", "vulnerable_code/recursive.py"),
  ...examples(
    XSS,
    true,
    "vulnerable_code/XSS.py",
    "vulnerable_code/XSS_assign_to_other_var.py",
    "vulnerable_code/XSS_form.py",
    "vulnerable_code/XSS_url.py",
    "vulnerable_code/XSS_reassign.py",
    "vulnerable_code/XSS_variable_assign.py",
    "vulnerable_code/XSS_variable_multiple_assign.py",
    "vulnerable_code/django_XSS.py",
  ),
  ...examples(
    XSS,
    false,
    "vulnerable_code/XSS_no_vuln.py",
    "vulnerable_code/XSS_sanitised.py",
    "vulnerable_code/XSS_variable_assign_no_vuln.py",
  ),
];

/** The sink is in another module of the example (other_file.py), reached through an import. */
const ACROSS_FILES: readonly LabelledCase[] = [
  ...examples(
    COMMAND,
    true,
    "vulnerable_code_across_files/absolute_from_file_command_injection.py",
    "vulnerable_code_across_files/absolute_from_file_command_injection_2.py",
    "vulnerable_code_across_files/blackbox_library_call.py",
    "vulnerable_code_across_files/import_file_command_injection.py",
    "vulnerable_code_across_files/import_file_command_injection_2.py",
  ),
  ...examples(
    COMMAND,
    false,
    "vulnerable_code_across_files/no_false_positive_absolute_from_file_command_injection_3.py",
    "vulnerable_code_across_files/no_false_positive_import_file_command_injection_3.py",
  ),
];

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-pyt-score <pyt clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const sameFile = await scoreCases(suite, SAME_FILE);
  const acrossFiles = await scoreCases(suite, ACROSS_FILES);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes([...sameFile, ...acrossFiles]);
  const sameFileRows = categoryRows(CATEGORIES, sameFile);
  const acrossFilesRows = categoryRows([COMMAND], acrossFiles);
  console.log(
    `pyt examples @${suite.commit?.slice(0, 7) ?? "?"}: ${SAME_FILE.length + ACROSS_FILES.length} files linted in ${seconds.toFixed(1)} s`,
  );
  console.log("\nthe sink in the file itself:");
  printRows(sameFileRows);
  console.log("\nthe sink in another module of the example (the lint judges one file):");
  printRows(acrossFilesRows);
  const written = writeRecord("heldout-pyt", {
    suite: {
      name: "Python Taint (pyt) examples",
      url: "https://github.com/python-security/pyt",
      licence: "GPL-2.0",
      labels: "tests/vulnerabilities/*_test.py expected counts",
      commit: suite.commit,
    },
    matching:
      "per file, its category only: flagged when a finding whose CWE maps to that category is reported anywhere in the file",
    seconds,
    sameFile: { categories: sameFileRows, cases: sameFile },
    acrossFiles: { categories: acrossFilesRows, cases: acrossFiles },
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
