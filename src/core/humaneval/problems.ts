import * as fs from "node:fs/promises";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Node } from "web-tree-sitter";
import { parsePython } from "../python/parser";

/** One problem in the official HumanEval format (one JSON object per line of HumanEval.jsonl). */
export interface HumanEvalProblem {
  task_id: string;
  /** Imports, signature and docstring; the model writes the body. */
  prompt: string;
  /** Body that passes the tests (optional: only used to check the harness itself). */
  canonical_solution?: string;
  /** Python defining `check(candidate)` with assert-based tests. */
  test: string;
  /** Name of the function under test, passed to `check`. */
  entry_point: string;
}

/** Parses HumanEval.jsonl text (blank lines ignored). */
export function parseHumanEvalJsonl(text: string): HumanEvalProblem[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const problem = JSON.parse(line) as Partial<HumanEvalProblem>;
      for (const field of ["task_id", "prompt", "test", "entry_point"] as const) {
        if (typeof problem[field] !== "string") throw new Error(`line ${index + 1}: missing "${field}"`);
      }
      return problem as HumanEvalProblem;
    });
}

/** Loads the official file as published (HumanEval.jsonl.gz) or unpacked (HumanEval.jsonl). */
export async function loadHumanEvalJsonl(file: string): Promise<HumanEvalProblem[]> {
  const bytes = await fs.readFile(file);
  return parseHumanEvalJsonl((file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
}

/**
 * Loads problems kept as reviewable Python files, one folder per problem:
 *   prompt.py    imports + signature + docstring (the entry point is its last top-level function)
 *   solution.py  the canonical body
 *   test.py      `def check(candidate): ...`
 * The task id is "<collection>/<folder>".
 */
export async function loadProblemDirectory(dir: string, collection = "phi-pair"): Promise<HumanEvalProblem[]> {
  const entries = (await fs.readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    entries.map(async (name) => {
      const read = (file: string) => fs.readFile(path.join(dir, name, file), "utf8");
      const [prompt, canonical_solution, test] = await Promise.all([
        read("prompt.py"),
        read("solution.py"),
        read("test.py"),
      ]);
      return {
        task_id: `${collection}/${name}`,
        prompt,
        canonical_solution,
        test,
        entry_point: await lastFunctionName(prompt),
      };
    }),
  );
}

async function lastFunctionName(source: string): Promise<string> {
  const tree = await parsePython(source);
  try {
    const functions = tree.rootNode.namedChildren
      .map((node) => (node?.type === "decorated_definition" ? node.childForFieldName("definition") : node))
      .filter((node): node is Node => node?.type === "function_definition");
    const name = functions.at(-1)?.childForFieldName("name")?.text;
    if (!name) throw new Error("prompt defines no function");
    return name;
  } finally {
    tree.delete();
  }
}
