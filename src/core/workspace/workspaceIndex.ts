import type { Tree } from "web-tree-sitter";
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
  /** The distinct names its code mentions, less those it defines: what it uses of the rest of the workspace. */
  uses: string[];
}

/** Definitions kept per module: a generated module with thousands of names must not fill the index. */
export const MAX_DEFINITIONS_PER_MODULE = 400;
/** Names of uses kept per module, for the same reason (the standard library's modules: median 52, largest 1,196). */
export const MAX_USES_PER_MODULE = 1000;

export async function summarizeModule(
  file: string,
  source: string,
  parser?: PythonParserOptions,
): Promise<ModuleSummary> {
  const tree = await parsePython(source, parser);
  try {
    const definitions = stubDefinitions(tree).slice(0, MAX_DEFINITIONS_PER_MODULE);
    const defined = new Set(definitions.flatMap((definition) => [definition.name, ...(definition.members ?? [])]));
    return { file, imports: collectImports(tree), definitions, uses: usedNames(tree, defined) };
  } finally {
    tree.delete();
  }
}

/** The names a module mentions, but not those it defines (its top-level names and their members): it uses what others define. */
function usedNames(tree: Tree, defined: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  // descendantsOfType costs about 30% less than a query's captures here
  for (const node of tree.rootNode.descendantsOfType("identifier")) {
    if (node && !defined.has(node.text)) names.add(node.text);
    if (names.size >= MAX_USES_PER_MODULE) break;
  }
  return [...names];
}

/**
 * The Python modules of one workspace folder, as stubs: nothing but summaries is kept (no sources),
 * so memory grows with the number of definitions, and `maxFiles` bounds that. `generation` changes
 * with every update, so callers can cache what they derive from the index.
 */
export class WorkspaceIndex {
  private readonly modules = new Map<string, ModuleSummary>();
  /** How many modules use each name, and one copy of each name string (summaries arrive as copies from the index thread). */
  private readonly useCounts = new Map<string, number>();
  private readonly names = new Map<string, string>();
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
    const previous = this.modules.get(summary.file);
    if (previous) this.countUses(previous, -1);
    else this.cachedResolver = undefined;
    summary.uses = summary.uses.map((name) => this.shared(name));
    this.countUses(summary, 1);
    this.modules.set(summary.file, summary);
    this.updates++;
    return true;
  }

  delete(file: string): void {
    const previous = this.modules.get(file);
    if (!previous) return;
    this.countUses(previous, -1);
    this.modules.delete(file);
    this.cachedResolver = undefined;
    this.updates++;
  }

  clear(): void {
    this.modules.clear();
    this.useCounts.clear();
    this.names.clear();
    this.cachedResolver = undefined;
    this.updates++;
  }

  /** How many of the workspace's modules mention `name`: a rough measure of how much the workspace uses it. */
  uses(name: string): number {
    return this.useCounts.get(name) ?? 0;
  }

  summary(file: string): ModuleSummary | undefined {
    return this.modules.get(file);
  }

  files(): IterableIterator<string> {
    return this.modules.keys();
  }

  private countUses(summary: ModuleSummary, change: 1 | -1): void {
    for (const name of summary.uses) {
      const count = (this.useCounts.get(name) ?? 0) + change;
      if (count > 0) this.useCounts.set(name, count);
      else {
        this.useCounts.delete(name);
        this.names.delete(name);
      }
    }
  }

  private shared(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  resolver(): ModuleResolver {
    this.cachedResolver ??= new ModuleResolver(this.modules.keys());
    return this.cachedResolver;
  }
}
