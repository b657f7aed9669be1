/**
 * Held-out accuracy on SecurityEval (https://github.com/s2e-lab/SecurityEval; Siddiq & Santos, MSR4P&S 2022; the
 * repository states no licence, so nothing of it is in this repository: the script reads it from the path given).
 * It is the closest suite to what the lint judges: code that code-generation models wrote from docstring prompts.
 * Three sets of Python files per CWE folder:
 * - Testcases_Insecure_Code: the authors' vulnerable example for each prompt (all labelled vulnerable: recall only);
 * - Testcases_Copilot, Testcases_InCoder: what GitHub Copilot and InCoder wrote for the same prompts, labelled by the
 *   authors' manual analysis (Result/testcases_{copilot,incoder}.csv, column Manual: 1 vulnerable, 0 not), with
 *   whether CodeQL and Bandit flagged the file's CWE (columns CodeQL, Bandit) beside, scored here the same way.
 *
 *   fetch github:s2e-lab/SecurityEval   → /work/.mirror/s2e-lab+SecurityEval/repo
 *   npx tsc -p . && node out/scripts/lint-securityeval-score.js <that path> [--verbose]
 *
 * Matching: a file is a case of its folder's CWE; it is flagged when the lint reports a finding of that category
 * (heldout/cweCategories.ts: the suite's CWE and its children in MITRE's hierarchy, mapped to the CWEs this lint reports) anywhere
 * in it. CWE folders no rule of this lint covers are counted but n/a. The mapping was fixed from the CWE definitions
 * before the first run, never from a case.
 */
import {
  type Category,
  categoryRows,
  type LabelledCase,
  openSuite,
  outcomeOf,
  printMistakes,
  printRows,
  runScorer,
  scoreCases,
  scorerArguments,
  writeRecord,
} from "./heldout/scoring";
import { CATEGORIES, categoryOfCwe } from "./heldout/cweCategories";

function categoryOfFolder(folder: string): Category {
  return categoryOfCwe(Number(/^CWE-(\d+)$/.exec(folder)?.[1]));
}

interface ToolLabels {
  codeql: boolean;
  bandit: boolean;
}

/** Result/testcases_<model>.csv: CWEID, SampleID, Modified, CodeQL, Bandit, Manual. */
function readGenerated(csv: string, folder: string): (LabelledCase & ToolLabels)[] {
  return csv
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(","))
    .filter((fields) => /^CWE-\d+$/.test(fields[0] ?? "") && fields.length >= 6)
    .map(([cwe, sample, , codeql, bandit, manual]) => ({
      file: `${folder}/${cwe}/${sample}`,
      category: categoryOfFolder(cwe),
      vulnerable: manual === "1",
      codeql: codeql === "1",
      bandit: bandit === "1",
    }));
}

async function main(): Promise<void> {
  const { root, verbose } = scorerArguments("lint-securityeval-score <SecurityEval clone or git directory>");
  const suite = openSuite(root);
  const examples: LabelledCase[] = suite
    .list("Testcases_Insecure_Code")
    .filter((file) => file.endsWith(".py"))
    .map((file) => ({ file, category: categoryOfFolder(file.split("/")[1]), vulnerable: true }));
  const generated = [
    ...readGenerated(suite.read("Result/testcases_copilot.csv"), "Testcases_Copilot"),
    ...readGenerated(suite.read("Result/testcases_incoder.csv"), "Testcases_InCoder"),
  ];

  const started = Date.now();
  const exampleOutcomes = await scoreCases(suite, examples);
  const generatedOutcomes = await scoreCases(suite, generated);
  const seconds = (Date.now() - started) / 1000;
  if (verbose) printMistakes([...exampleOutcomes, ...generatedOutcomes]);

  const exampleRows = categoryRows(CATEGORIES, exampleOutcomes);
  const generatedRows = categoryRows(CATEGORIES, generatedOutcomes);
  const toolRows = (tool: keyof ToolLabels) =>
    categoryRows(
      CATEGORIES,
      generated.map((entry) => ({
        category: entry.category.name,
        vulnerable: entry.vulnerable,
        outcome: outcomeOf(entry.category, entry.vulnerable, entry[tool]),
      })),
    );
  const codeqlRows = toolRows("codeql");
  const banditRows = toolRows("bandit");
  const pair = (value: number | null) => (value === null ? " n/a" : value.toFixed(2));
  const toolCell = (rows: typeof codeqlRows) => (row: (typeof codeqlRows)[number]) => {
    const tool = rows.find((candidate) => candidate.category === row.category)!;
    return `${pair(tool.precision)} ${pair(tool.recall)}`;
  };

  const uncovered = (outcomes: typeof exampleOutcomes) =>
    outcomes.filter((outcome) => outcome.outcome === "n/a").length;
  console.log(
    `SecurityEval @${suite.commit?.slice(0, 7) ?? "?"}: ${examples.length + generated.length} files linted in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `\nthe authors' insecure examples (all vulnerable; ${uncovered(exampleOutcomes)} of ${examples.length} in CWEs no rule covers):`,
  );
  printRows(exampleRows);
  console.log(
    `\nCopilot's and InCoder's code, manual labels (${uncovered(generatedOutcomes)} of ${generated.length} in CWEs no rule covers):`,
  );
  printRows(generatedRows, {
    header: "CodeQL P/R   Bandit P/R",
    cell: (row) => `${toolCell(codeqlRows)(row)}    ${toolCell(banditRows)(row)}`,
  });
  const written = writeRecord("heldout-securityeval", {
    suite: {
      name: "SecurityEval",
      url: "https://github.com/s2e-lab/SecurityEval",
      licence: "none stated",
      commit: suite.commit,
    },
    matching:
      "per file, its CWE folder's category only: flagged when a finding whose CWE maps to that category is reported anywhere in the file",
    seconds,
    insecureExamples: { categories: exampleRows, cases: exampleOutcomes },
    generated: { categories: generatedRows, codeql: codeqlRows, bandit: banditRows, cases: generatedOutcomes },
  });
  console.log(`wrote ${written}`);
}

runScorer(main);
