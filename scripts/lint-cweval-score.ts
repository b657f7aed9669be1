/**
 * Held-out accuracy on CWEval's Python tasks (https://github.com/Co1lin/CWEval, Apache-2.0; nothing of it is in this
 * repository: the script reads it from the path given). Each task `benchmark/core/py/cwe_<N>_<k>_task.py` is the
 * benchmark's secure reference solution; its test module holds an insecure one, `<name>_unsafe`, that the
 * benchmark's security tests show exploitable. First scored 2026-12-07, before any change made with it in view.
 *
 *   fetch github:Co1lin/CWEval   → /work/.mirror/Co1lin+CWEval/repo
 *   npx tsc -p . && node out/scripts/lint-cweval-score.js <that path> [--verbose]
 *
 * Cases: the task module linted whole (safe), and the test module's imports with its top-level `*_unsafe`
 * functions (vulnerable). A case is flagged when a finding whose CWE counts for the task's CWE is reported anywhere
 * in it. Which finding CWEs count for a task's CWE (CATEGORIES) was fixed from the CWE list before the first run,
 * never from an outcome; CWEs no rule here reports are listed, not scored.
 */
import { parsePython } from "../src/core/python/parser";
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
  type SuiteFiles,
  writeRecord,
} from "./heldout/scoring";

const TASKS = "benchmark/core/py";

/** A task's CWE → the category it is scored in. */
const CATEGORIES: ReadonlyMap<number, Category> = new Map([
  [22, { name: "path-traversal", cwes: [22], primary: true }],
  [78, { name: "command-injection", cwes: [78], primary: true }],
  [95, { name: "code-injection", cwes: [94, 95, 1336], primary: true }],
  // CWE-943 (data query logic): its task queries sqlite3, SQL injection's parent
  [943, { name: "sql-injection", cwes: [89, 943], primary: true }],
  [79, { name: "xss", cwes: [79] }],
  [326, { name: "weak-key", cwes: [326] }],
  [327, { name: "weak-crypto-or-hash", cwes: [327, 328, 916] }],
  [347, { name: "jwt-unverified", cwes: [347] }],
  [377, { name: "insecure-temp-file", cwes: [377] }],
  [502, { name: "deserialization", cwes: [502] }],
  [732, { name: "permissive-mode", cwes: [732] }],
  // a predictable salt: the password-hash rule (CWE-916) is the one that judges how a password is hashed
  [760, { name: "predictable-salt", cwes: [760, 916] }],
  [20, { name: "input-validation", cwes: [] }],
  [113, { name: "header-injection", cwes: [] }],
  [117, { name: "log-injection", cwes: [] }],
  [329, { name: "predictable-iv", cwes: [] }],
  [400, { name: "regex-dos", cwes: [] }],
  [1333, { name: "regex-dos", cwes: [] }],
  [643, { name: "xpath-injection", cwes: [] }],
  [918, { name: "ssrf", cwes: [] }],
]);

/** The test module's imports and its top-level functions named `*_unsafe`, in their order. */
async function unsafeVersion(testModule: string): Promise<string | undefined> {
  const tree = await parsePython(testModule);
  const parts: string[] = [];
  let functions = 0;
  for (const statement of tree.rootNode.namedChildren) {
    if (!statement) continue;
    const definition =
      statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
    const name = definition?.type === "function_definition" ? definition.childForFieldName("name")?.text : undefined;
    if (name?.endsWith("_unsafe")) {
      parts.push(statement.text);
      functions++;
    } else if (["import_statement", "import_from_statement", "future_import_statement"].includes(statement.type)) {
      parts.push(statement.text);
    }
  }
  tree.delete();
  return functions === 0 ? undefined : `${parts.join("\n\n")}\n`;
}

async function casesOf(suite: SuiteFiles): Promise<{ cases: LabelledCase[]; withoutUnsafe: string[] }> {
  const cases: LabelledCase[] = [];
  const withoutUnsafe: string[] = [];
  for (const task of suite.list(TASKS).filter((file) => /\/cwe_\d+_\d+_task\.py$/.test(file))) {
    const cwe = Number(/cwe_(\d+)_/.exec(task)![1]);
    const category = CATEGORIES.get(cwe);
    if (!category) throw new Error(`${task}: CWE-${cwe} has no category; add it before scoring`);
    cases.push({ file: task, category, vulnerable: false });
    const testFile = task.replace(/_task\.py$/, "_test.py");
    const unsafe = await unsafeVersion(suite.read(testFile));
    if (unsafe === undefined) withoutUnsafe.push(testFile);
    else cases.push({ file: testFile, text: unsafe, category, vulnerable: true });
  }
  return { cases, withoutUnsafe };
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-cweval-score <CWEval clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const { cases, withoutUnsafe } = await casesOf(suite);
  const outcomes = await scoreCases(suite, cases);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes(outcomes);
  const categories = [...new Map([...CATEGORIES.values()].map((category) => [category.name, category])).values()];
  const rows = categoryRows(categories, outcomes).filter((row) => row.cases > 0);
  console.log(
    `CWEval Python tasks @${suite.commit?.slice(0, 7) ?? "?"}: ${cases.length} cases linted in ${seconds.toFixed(1)} s`,
  );
  if (withoutUnsafe.length > 0) console.log(`test modules without an *_unsafe function: ${withoutUnsafe.join(", ")}`);
  printRows(rows);
  const written = writeRecord("heldout-cweval", {
    suite: {
      name: "CWEval (Python tasks)",
      url: "https://github.com/Co1lin/CWEval",
      licence: "Apache-2.0",
      labels: "task module: secure reference (safe); the test module's *_unsafe functions (vulnerable)",
      commit: suite.commit,
    },
    matching: "per case, its task's category only: flagged when a finding whose CWE counts for it is reported anywhere",
    seconds,
    withoutUnsafe,
    categories: rows,
    cases: outcomes,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
