import type { Tree } from "web-tree-sitter";
import { parsePython, type PythonParserOptions } from "../python/parser";
import { collectImports } from "./imports";
import { ModuleResolver } from "./resolver";
import { renderStub } from "./stubs";

export interface WorkspaceContextRequest {
  /** Workspace-relative, "/"-separated path of the file being completed. */
  currentFile: string;
  /** The current file, parsed. */
  tree: Tree;
  /** Every Python file of the workspace (workspace-relative paths). */
  pythonFiles: Iterable<string>;
  /** Reads a workspace file; undefined when it cannot be read (skipped). */
  read(file: string): string | undefined;
  /** Most characters the block may take (the prompt's token share, in characters). */
  maxChars: number;
  parser?: PythonParserOptions;
}

/**
 * The stubs of what the current file imports from the workspace, one `# file:` section per module,
 * in import order. It depends only on the file's imports and the imported modules, never on the
 * text being typed inside a body, so it stays byte-identical (and KV-cached) while the user types.
 */
export async function buildWorkspaceContext(request: WorkspaceContextRequest): Promise<string> {
  const resolver = new ModuleResolver(request.pythonFiles);
  const sections: string[] = [];
  const seen = new Set<string>([request.currentFile]);
  let used = 0;
  for (const imported of collectImports(request.tree)) {
    for (const { file, names } of resolver.resolve(request.currentFile, imported)) {
      if (seen.has(file)) continue; // a cyclic or repeated import renders its module once
      seen.add(file);
      const source = request.read(file);
      if (source === undefined) continue;
      const tree = await parsePython(source, request.parser);
      const section = renderStub(tree, file, names ?? [], names !== undefined);
      tree.delete();
      if (section.split("\n").length <= 2) continue; // header only: nothing of use
      if (used + section.length > request.maxChars) return sections.join("");
      sections.push(section);
      used += section.length;
    }
  }
  return sections.join("");
}
