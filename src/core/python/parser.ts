import * as fs from "node:fs";
import * as path from "node:path";
import { Language, Parser, type Tree } from "web-tree-sitter";

/**
 * One tree-sitter Python parser for the whole process: the prompt builder and the
 * security lint share it, so the grammar's WebAssembly is compiled once.
 *
 * The .wasm files are looked up next to the running bundle first (the packaged
 * extension copies them to dist/), then in node_modules (tests, CLI from source).
 */
let ready: Promise<Parser> | undefined;

export interface PythonParserOptions {
  /** Folder holding tree-sitter.wasm and tree-sitter-python.wasm (defaults: bundle dir, then node_modules). */
  wasmDir?: string;
}

function locateWasm(fileName: string, wasmDir?: string): string {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(path.join(wasmDir, fileName));
  candidates.push(path.join(__dirname, fileName));
  candidates.push(path.join(__dirname, "wasm", fileName));
  try {
    const pkg =
      fileName === "tree-sitter.wasm"
        ? "web-tree-sitter/tree-sitter.wasm"
        : "tree-sitter-python/tree-sitter-python.wasm";
    candidates.push(require.resolve(pkg));
  } catch {
    // not resolvable from a bundle: the copies beside it are used
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`Cannot find ${fileName} (looked in: ${candidates.join(", ")})`);
  return found;
}

export function loadPythonParser(options: PythonParserOptions = {}): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init({ locateFile: (name: string) => locateWasm(name, options.wasmDir) });
    const language = await Language.load(locateWasm("tree-sitter-python.wasm", options.wasmDir));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  ready.catch(() => {
    ready = undefined; // let a later call retry instead of caching the failure
  });
  return ready;
}

/** Parses Python source; the caller must call `tree.delete()` when done (WASM memory). */
export async function parsePython(source: string, options?: PythonParserOptions): Promise<Tree> {
  const parser = await loadPythonParser(options);
  const tree = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}
