/**
 * Held-out recall on vulnpy's trigger functions (https://github.com/Contrast-Security-OSS/vulnpy, MIT; nothing of it
 * is in this repository: the script reads it from the path given). vulnpy is Contrast Security's library of
 * purposely vulnerable functions, which its framework plug-ins call with request data: each public `do_*` function
 * of `src/vulnpy/trigger/<kind>.py` hands its parameter to one sink of that kind (`do_os_system(command)` →
 * `os.system(command)`). The suite has no safe code, so it measures recall only. First scored 2026-12-07, before any
 * change made with it in view.
 *
 *   fetch github:Contrast-Security-OSS/vulnpy   → /work/.mirror/Contrast-Security-OSS+vulnpy/repo
 *   npx tsc -p . && node out/scripts/lint-vulnpy-score.js <that path> [--verbose]
 *
 * A case is one `do_*` function, linted as its module with the other `do_*` functions left out (its imports,
 * constants and private helpers kept: what a suggestion of that function gets), and found when a finding whose CWE
 * counts for its module's kind is reported anywhere in it. Which CWEs count for a kind (KINDS) was fixed before the
 * first run; kinds no rule here reports (SSRF, XPath, ReDoS, XSS built in a string, parameter pollution) are counted,
 * not scored. Insecure randomness is scored for information only: the rule here reports `random` where the value is a
 * secret, and vulnpy's triggers draw numbers for no stated use.
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
  writeRecord,
} from "./heldout/scoring";

const TRIGGERS = "src/vulnpy/trigger";

/** A trigger module's stem → the category its functions are scored in. */
const KINDS: ReadonlyMap<string, Category> = new Map([
  ["cmdi", { name: "command-injection", cwes: [78], primary: true }],
  ["pt", { name: "path-traversal", cwes: [22], primary: true }],
  ["sqli", { name: "sql-injection", cwes: [89], primary: true }],
  ["unsafe_code_exec", { name: "code-injection", cwes: [94, 95], primary: true }],
  ["deserialization", { name: "deserialization", cwes: [502] }],
  ["xxe", { name: "xml-external-entities", cwes: [611, 776] }],
  ["hash", { name: "weak-hash", cwes: [327, 328, 916] }],
  ["rand", { name: "insecure-random", cwes: [330, 338] }],
  ["ssrf", { name: "ssrf", cwes: [] }],
  ["xpath", { name: "xpath-injection", cwes: [] }],
  ["redos", { name: "regex-dos", cwes: [] }],
  ["xss", { name: "xss", cwes: [] }],
  ["parameter_pollution", { name: "parameter-pollution", cwes: [] }],
]);

const TRIGGER_PREFIX = "do_";

/** One case per trigger function: the module without the other triggers. */
async function casesOf(file: string, source: string, category: Category): Promise<LabelledCase[]> {
  const tree = await parsePython(source);
  try {
    const triggers = tree.rootNode.namedChildren.flatMap((statement) => {
      const definition = statement?.type === "decorated_definition" ? statement.lastNamedChild : statement;
      const name = definition?.type === "function_definition" ? definition.childForFieldName("name")?.text : undefined;
      return statement && name?.startsWith(TRIGGER_PREFIX)
        ? [{ name, start: statement.startIndex, end: statement.endIndex }]
        : [];
    });
    return triggers.map((trigger) => {
      let text = "";
      let at = 0;
      for (const other of triggers) {
        if (other === trigger) continue;
        text += source.slice(at, other.start);
        at = other.end;
      }
      text += source.slice(at);
      return { file: `${file}: ${trigger.name}`, text, category, vulnerable: true };
    });
  } finally {
    tree.delete();
  }
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-vulnpy-score <vulnpy clone or git directory>");
  const suite = openSuite(root);
  const started = Date.now();
  const cases: LabelledCase[] = [];
  for (const file of suite.list(TRIGGERS).filter((name) => name.endsWith(".py"))) {
    const category = KINDS.get(file.slice(TRIGGERS.length + 1, -".py".length));
    if (category) cases.push(...(await casesOf(file, suite.read(file), category)));
  }
  const outcomes = await scoreCases(suite, cases);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes(outcomes);
  const rows = categoryRows([...KINDS.values()], outcomes).filter((row) => row.cases > 0);
  console.log(
    `vulnpy trigger functions @${suite.commit?.slice(0, 7) ?? "?"}: ${cases.length} functions, linted in ${seconds.toFixed(1)} s`,
  );
  printRows(rows);
  const written = writeRecord("heldout-vulnpy", {
    suite: {
      name: "vulnpy trigger functions",
      url: "https://github.com/Contrast-Security-OSS/vulnpy",
      licence: "MIT",
      labels: "every do_* function of src/vulnpy/trigger is vulnerable in its module's kind; no safe cases",
      commit: suite.commit,
    },
    matching:
      "per function (its module without the other do_* functions), its kind only: found when a finding whose CWE counts for it is reported anywhere",
    seconds,
    categories: rows,
    cases: outcomes,
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
