/**
 * The replay's corpus: real functions from CPython's standard library (PSF licence), chosen by a fixed rule so
 * nobody picks the functions the bench is good at. The rule, applied to the `.py` files directly in the stdlib
 * folder, in name order, skipping private modules (`_*.py`): the first module-level, undecorated function whose
 * body starts with a docstring and continues with 3–10 lines of code (no line over 100 characters, no nested
 * function or class), one function per module, until enough are found.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Node } from "web-tree-sitter";
import { parsePython } from "../src/core/python/parser";

export const DEFAULT_STDLIB_DIR = "/root/.pyenv/versions/3.11.7/lib/python3.11";
export const STDLIB_DIR = process.env.PHI_PAIR_BENCH_STDLIB ?? DEFAULT_STDLIB_DIR;

const BODY_LINES = { min: 3, max: 10 };
const MAX_LINE_LENGTH = 100;
const NESTED_DEFINITIONS = new Set(["function_definition", "class_definition", "decorated_definition"]);

/** One function of the corpus, as UTF-16 offsets into its module's source. */
export interface CorpusFunction {
  /** Module file name, e.g. `base64.py`. */
  module: string;
  name: string;
  source: string;
  /** End of the docstring's line (the newline after the closing quotes). */
  docstringLineEnd: number;
  /** End of the function's last line of code (before its newline). */
  bodyEnd: number;
  /** Where the body's code lines start (just after the docstring line's newline). */
  bodyStart: number;
  /** The first call's argument list after the body's first line, as [after "(", before ")"]; for the mid-line edit. */
  editArguments?: [number, number];
}

/** The first function of `source` that meets the rule, or undefined. */
export async function firstQualifyingFunction(module: string, source: string): Promise<CorpusFunction | undefined> {
  const tree = await parsePython(source);
  try {
    for (const node of tree.rootNode.namedChildren) {
      if (node?.type !== "function_definition") continue;
      const found = qualify(module, source, node);
      if (found) return found;
    }
    return undefined;
  } finally {
    tree.delete();
  }
}

function qualify(module: string, source: string, definition: Node): CorpusFunction | undefined {
  const body = definition.childForFieldName("body");
  const statements =
    body?.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment") ?? [];
  const docstring = statements[0];
  if (
    !body ||
    !docstring ||
    docstring.type !== "expression_statement" ||
    docstring.namedChildren[0]?.type !== "string" ||
    statements.length < 2
  )
    return undefined;
  const docstringLineEnd = source.indexOf("\n", docstring.endIndex);
  if (docstringLineEnd < 0) return undefined;
  const bodyStart = docstringLineEnd + 1;
  const bodyEnd = body.endIndex;
  const lines = source.slice(bodyStart, bodyEnd).split("\n");
  if (lines.length < BODY_LINES.min || lines.length > BODY_LINES.max) return undefined;
  if (lines.some((line) => line.length > MAX_LINE_LENGTH)) return undefined;
  if (statements.some((statement) => containsType(statement, NESTED_DEFINITIONS))) return undefined;
  const firstLineEnd = source.indexOf("\n", bodyStart);
  const call = statements
    .slice(1)
    .flatMap((statement) => argumentLists(statement))
    .find((list) => list.startIndex > firstLineEnd && list.namedChildren.length > 0 && !list.text.includes("\n"));
  return {
    module,
    name: definition.childForFieldName("name")?.text ?? "?",
    source,
    docstringLineEnd,
    bodyStart,
    bodyEnd,
    editArguments: call ? [call.startIndex + 1, call.endIndex - 1] : undefined,
  };
}

function containsType(node: Node, types: ReadonlySet<string>): boolean {
  return types.has(node.type) || node.namedChildren.some((child) => child !== null && containsType(child, types));
}

function argumentLists(node: Node): Node[] {
  const own = node.type === "argument_list" ? [node] : [];
  return [...own, ...node.namedChildren.flatMap((child) => (child ? argumentLists(child) : []))];
}

/** The first `count` functions of the stdlib by the rule; throws when the folder is missing or holds too few. */
export async function stdlibCorpus(count: number, directory: string = STDLIB_DIR): Promise<CorpusFunction[]> {
  if (!fs.existsSync(directory))
    throw new Error(`CPython's standard library is not at ${directory} (set PHI_PAIR_BENCH_STDLIB)`);
  const modules = fs
    .readdirSync(directory)
    .filter((name) => name.endsWith(".py") && !name.startsWith("_"))
    .sort();
  const functions: CorpusFunction[] = [];
  for (const module of modules) {
    if (functions.length >= count) break;
    const found = await firstQualifyingFunction(module, fs.readFileSync(path.join(directory, module), "utf8"));
    if (found) functions.push(found);
  }
  if (functions.length < count)
    throw new Error(`Only ${functions.length} functions in ${directory} meet the corpus rule, ${count} wanted`);
  return functions;
}
