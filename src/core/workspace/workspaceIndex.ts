import { parsePython, type PythonParserOptions } from "../python/parser";
import { collectImports, type PythonImport } from "./imports";
import { ModuleResolver } from "./resolver";
import { stubDefinitions, type StubDefinition } from "./stubs";

/** What the prompt needs of one workspace module: its imports (to follow re-exports) and its stubs. Plain data (sent between threads). */
export interface ModuleSummary {
  /** Workspace-relative, "/"-separated path. */
  file: string;
  imports: PythonImport[];
  definitions: StubDefinition[];
}

/** Definitions kept per module: a generated module with thousands of names must not fill the index. */
export const MAX_DEFINITIONS_PER_MODULE = 400;

export async function summarizeModule(
  file: string,
  source: string,
  parser?: PythonParserOptions,
): Promise<ModuleSummary> {
  const tree = await parsePython(source, parser);
  try {
    return {
      file,
      imports: collectImports(tree),
      definitions: stubDefinitions(tree).slice(0, MAX_DEFINITIONS_PER_MODULE),
    };
  } finally {
    tree.delete();
  }
}

/**
 * The Python modules of one workspace folder, as stubs: nothing but summaries is kept (no sources),
 * so memory grows with the number of definitions, and `maxFiles` bounds that. `generation` changes
 * with every update, so callers can cache what they derive from the index.
 */
export class WorkspaceIndex {
  private readonly modules = new Map<string, ModuleSummary>();
  private cachedResolver: ModuleResolver | undefined;
  private updates = 0;

  constructor(readonly maxFiles = Number.POSITIVE_INFINITY) {}

  get generation(): number {
    return this.updates;
  }

  get size(): number {
    return this.modules.size;
  }

  /** Adds or replaces a module; false (nothing stored) when the index is full. */
  set(summary: ModuleSummary): boolean {
    if (!this.modules.has(summary.file) && this.modules.size >= this.maxFiles) return false;
    if (!this.modules.has(summary.file)) this.cachedResolver = undefined;
    this.modules.set(summary.file, summary);
    this.updates++;
    return true;
  }

  delete(file: string): void {
    if (!this.modules.delete(file)) return;
    this.cachedResolver = undefined;
    this.updates++;
  }

  clear(): void {
    this.modules.clear();
    this.cachedResolver = undefined;
    this.updates++;
  }

  summary(file: string): ModuleSummary | undefined {
    return this.modules.get(file);
  }

  files(): IterableIterator<string> {
    return this.modules.keys();
  }

  resolver(): ModuleResolver {
    this.cachedResolver ??= new ModuleResolver(this.modules.keys());
    return this.cachedResolver;
  }
}
