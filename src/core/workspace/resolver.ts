import * as path from "node:path";
import type { PythonImport } from "./imports";

/** A workspace file an import brings names from. */
export interface ResolvedModule {
  file: string;
  /** The names taken from it (`from m import a, b`); undefined when the whole module is in use. */
  names?: string[];
}

/**
 * Resolves Python imports to files of the workspace, from the set of its Python file paths alone
 * (workspace-relative, "/"-separated): nothing is read or executed, so this is safe in untrusted workspaces.
 *
 * Roots searched for absolute imports: the workspace folder itself and `src/` (the src layout).
 * A module is `a/b.py` or the package `a/b/__init__.py`; a folder of Python files without
 * `__init__.py` is a namespace package (it resolves, but has no file of its own).
 */
export class ModuleResolver {
  private readonly files: ReadonlySet<string>;
  private readonly folders = new Set<string>();
  private readonly roots: string[];

  constructor(pythonFiles: Iterable<string>) {
    this.files = new Set(pythonFiles);
    for (const file of this.files) {
      for (let dir = path.posix.dirname(file); dir !== "."; dir = path.posix.dirname(dir)) this.folders.add(dir);
    }
    this.roots = this.folders.has("src") ? ["", "src"] : [""];
  }

  /** The files an import brings names from, most specific first; [] when the module is not in the workspace. */
  resolve(fromFile: string, imported: PythonImport): ResolvedModule[] {
    const bases = imported.level > 0 ? this.relativeBase(fromFile, imported.level) : this.roots;
    for (const base of bases) {
      const found = this.resolveUnder(base, imported);
      if (found) return found;
    }
    return [];
  }

  private relativeBase(fromFile: string, level: number): string[] {
    let dir = path.posix.dirname(fromFile);
    for (let up = 1; up < level; up++) {
      if (dir === ".") return []; // beyond the workspace: nothing outside it is read
      dir = path.posix.dirname(dir);
    }
    return [dir === "." ? "" : dir];
  }

  private resolveUnder(base: string, imported: PythonImport): ResolvedModule[] | undefined {
    const moduleDir = [base, ...imported.module.split(".")].filter(Boolean).join("/");
    const moduleFile = this.moduleFile(moduleDir);
    const isPackage = moduleDir === base ? imported.level > 0 : this.folders.has(moduleDir);
    if (!moduleFile && !isPackage) return undefined;
    const found: ResolvedModule[] = [];
    // `from pkg import mod`: a submodule named like the imported name comes before the package's own file.
    for (const name of imported.names) {
      if (name === "*") continue;
      const submodule = this.moduleFile([moduleDir, name].filter(Boolean).join("/"));
      if (submodule) found.push({ file: submodule });
    }
    const named = imported.names.filter(
      (name) => name !== "*" && !found.some((module) => module.file.startsWith(`${moduleDir}/${name}`)),
    );
    if (moduleFile && (named.length > 0 || found.length === 0))
      found.push(named.length > 0 ? { file: moduleFile, names: named } : { file: moduleFile });
    return found;
  }

  private moduleFile(modulePath: string): string | undefined {
    if (modulePath === "") return this.files.has("__init__.py") ? "__init__.py" : undefined;
    const asFile = `${modulePath}.py`;
    if (this.files.has(asFile)) return asFile;
    const asPackage = `${modulePath}/__init__.py`;
    return this.files.has(asPackage) ? asPackage : undefined;
  }
}
