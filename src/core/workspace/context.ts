import type { PythonImport } from "./imports";
import type { References } from "./references";
import type { ResolvedModule } from "./resolver";
import type { StubDefinition } from "./stubs";
import type { WorkspaceIndex } from "./workspaceIndex";

/**
 * How relevant an imported definition is, best first: named in the signature or docstring of the
 * function being written; imported by name but used nowhere else in the file (so most likely by the
 * code being written, and the model has seen no use of it); used elsewhere in the file's stable code
 * (the model sees how it is used there); only a public name of a module imported whole.
 */
export enum Relevance {
  Signature = 0,
  ImportedName = 1,
  FileCode = 2,
  ModuleMember = 3,
}

export interface WorkspaceContextRequest {
  index: WorkspaceIndex;
  /** Workspace-relative path of the file being completed: never part of its own context. */
  currentFile: string;
  /** The current file's module-level imports. */
  imports: readonly PythonImport[];
  /** What the file's stable code refers to, tiered Relevance.Signature or Relevance.FileCode. */
  references: References;
  maxTokens: number;
  countTokens: (text: string) => number;
  /** Only definitions at least this relevant (default: all). */
  leastRelevance?: Relevance;
}

export interface RankedDefinition {
  file: string;
  definition: StubDefinition;
  relevance: Relevance;
}

/** Default most tokens of the workspace block (phiPair.workspace.maxTokens), out of the 1024-token prompt budget. */
export const DEFAULT_WORKSPACE_TOKENS = 320;

/** Re-exports followed from a package's `__init__.py` to the module defining a name. */
const MAX_REEXPORT_DEPTH = 3;
/** Blocks remembered per index generation (one per function the user moves between). */
const BLOCK_CACHE_SIZE = 16;

/**
 * The workspace block of the prompt: stubs of the imported definitions, most relevant first, under one
 * `# file: pkg/mod.py` header per module, within `maxTokens`. It is a function of the imports, the
 * references and the index only, so it stays byte-identical while the user types in a body.
 */
export function buildWorkspaceBlock(request: WorkspaceContextRequest): string {
  if (request.maxTokens <= 0) return "";
  const ranked = rankDefinitions(request.index, request.currentFile, request.imports, request.references).filter(
    (entry) => request.leastRelevance === undefined || entry.relevance <= request.leastRelevance,
  );
  if (ranked.length === 0) return "";
  const key = `${request.maxTokens}\u0001${ranked.map((entry) => `${entry.file}\u0000${entry.definition.name}\u0000${entry.relevance}`).join("\u0001")}`;
  const cache = blockCache(request.index);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const block = renderWithinBudget(ranked, request.maxTokens, request.countTokens);
  if (cache.size >= BLOCK_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, block);
  return block;
}

const caches = new WeakMap<WorkspaceIndex, { generation: number; blocks: Map<string, string> }>();

function blockCache(index: WorkspaceIndex): Map<string, string> {
  let cache = caches.get(index);
  if (!cache || cache.generation !== index.generation) {
    cache = { generation: index.generation, blocks: new Map() };
    caches.set(index, cache);
  }
  return cache.blocks;
}

/** Every imported workspace definition with its relevance, best first; ties keep import and source order. */
export function rankDefinitions(
  index: WorkspaceIndex,
  currentFile: string,
  imports: readonly PythonImport[],
  references: References,
): RankedDefinition[] {
  const best = new Map<string, { entry: RankedDefinition; order: number }>();
  let order = 0;
  const offer = (file: string, definition: StubDefinition, relevance: Relevance) => {
    if (file === currentFile) return;
    const key = `${file}\u0000${definition.name}`;
    const known = best.get(key);
    if (!known) best.set(key, { entry: { file, definition, relevance }, order: order++ });
    else if (relevance < known.entry.relevance) known.entry.relevance = relevance;
  };
  const resolver = index.resolver();

  /** `name` as defined in `file`, or where `file` imports it from (a package re-exporting a submodule's class). */
  const offerName = (file: string, name: string, relevance: Relevance, depth = 0) => {
    const summary = index.summary(file);
    const definition = summary?.definitions.find((candidate) => candidate.name === name);
    if (definition) return offer(file, definition, relevance);
    if (!summary || depth >= MAX_REEXPORT_DEPTH) return;
    for (const reexport of summary.imports) {
      const exported = reexport.names.find((imported) => (reexport.renamed?.[imported] ?? imported) === name);
      const viaStar = reexport.names.includes("*");
      if (!exported && !viaStar) continue;
      for (const module of resolver.resolve(file, reexport)) {
        if (module.names === undefined && exported && moduleStem(module.file) === exported) continue; // a submodule, not a name
        offerName(module.file, exported ?? name, relevance, depth + 1);
      }
    }
  };

  for (const imported of imports) {
    for (const module of resolver.resolve(currentFile, imported)) {
      const summary = index.summary(module.file);
      if (!summary) continue;
      if (module.names) {
        for (const name of module.names) {
          const local = imported.renamed?.[name] ?? name;
          offerName(module.file, name, references.get(local) ?? Relevance.ImportedName);
        }
        continue;
      }
      const star = imported.names.includes("*");
      const prefixes = star ? [] : modulePrefixes(imported, module);
      const referencedAs = (name: string) => {
        if (star) return references.get(name);
        let tier: number | undefined;
        for (const prefix of prefixes) {
          const found = references.get(`${prefix}.${name}`);
          if (found !== undefined && (tier === undefined || found < tier)) tier = found;
        }
        return tier;
      };
      for (const definition of summary.definitions) {
        const tier = referencedAs(definition.name);
        if (tier === undefined && definition.name.startsWith("_")) continue;
        offer(module.file, definition, tier ?? Relevance.ModuleMember);
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => a.entry.relevance - b.entry.relevance || a.order - b.order)
    .map(({ entry }) => entry);
}

/** The dotted names the file reaches a wholly imported module by: `m` for `import pkg.mod as m`, `pkg.mod`, `mod` for `from pkg import mod`. */
function modulePrefixes(imported: PythonImport, module: ResolvedModule): string[] {
  if (imported.names.length === 0)
    return imported.alias && imported.alias !== imported.module.split(".")[0] ? [imported.alias] : [imported.module];
  const stem = moduleStem(module.file);
  return imported.names.filter((name) => name === stem).map((name) => imported.renamed?.[name] ?? name);
}

/** `mod` for `pkg/mod.py` and for `pkg/mod/__init__.py`. */
function moduleStem(file: string): string {
  const parts = file.split("/");
  const last = parts.at(-1) ?? "";
  return last === "__init__.py" ? (parts.at(-2) ?? "") : last.replace(/\.py$/, "");
}

/** Most of the block one partly shown class may take. */
const PARTIAL_CLASS_SHARE = 0.4;

/** The class's header and as many of its first members as fit `limit` tokens (at least one), or undefined. */
function leadingMembers(
  definition: StubDefinition,
  limit: number,
  countTokens: (text: string) => number,
): { lines: string[]; tokens: number } | undefined {
  const { parts } = definition;
  if (!parts || limit <= 0) return undefined;
  const all = definition.compact ?? definition.lines;
  let best: { lines: string[]; tokens: number } | undefined;
  let end = parts[0];
  for (const size of parts.slice(1)) {
    end += size;
    const lines = all.slice(0, end);
    const tokens = countTokens(lines.join("\n")) + 1;
    if (tokens > limit) break;
    best = { lines, tokens };
  }
  return best;
}

/**
 * Two passes in rank order, as the prompt builder does for the file's own items: first every definition
 * in its compact form while it fits (as many names as possible), then upgrades to the full form (the
 * docstrings) with what is left. Less relevant, smaller definitions may still fit where a larger one did
 * not. Sections are ordered by their best definition, and so are the definitions inside a section.
 */
function renderWithinBudget(
  ranked: RankedDefinition[],
  maxTokens: number,
  countTokens: (text: string) => number,
): string {
  const chosen = new Map<RankedDefinition, string[]>();
  const files = new Set<string>();
  let used = 0;
  for (const entry of ranked) {
    const header = files.has(entry.file) ? 0 : countTokens(`# file: ${entry.file}\n`) + 1;
    let lines = entry.definition.compact ?? entry.definition.lines;
    let cost = header + countTokens(lines.join("\n")) + 1;
    if (used + cost > maxTokens) {
      // A class too large even without docstrings: its header and first members, within a share of the block.
      const partial = leadingMembers(
        entry.definition,
        Math.min(maxTokens - used, maxTokens * PARTIAL_CLASS_SHARE) - header,
        countTokens,
      );
      if (!partial) continue;
      lines = partial.lines;
      cost = header + partial.tokens;
    }
    used += cost;
    files.add(entry.file);
    chosen.set(entry, lines);
  }
  for (const [entry, lines] of chosen) {
    if (lines === entry.definition.lines) continue;
    const extra = countTokens(entry.definition.lines.join("\n")) - countTokens(lines.join("\n"));
    if (used + extra > maxTokens) continue;
    used += extra;
    chosen.set(entry, entry.definition.lines);
  }
  const render = () => {
    const sections = new Map<string, string[]>();
    for (const [entry, lines] of chosen)
      sections.set(entry.file, [...(sections.get(entry.file) ?? []), lines.join("\n")]);
    return [...sections].map(([file, entries]) => `# file: ${file}\n${entries.join("\n")}\n`).join("\n");
  };
  let block = render();
  // Per-entry counts ignore merges across joins; the real count decides, dropping the least relevant entries.
  while (block !== "" && countTokens(block) > maxTokens) {
    chosen.delete([...chosen.keys()].at(-1)!);
    block = render();
  }
  return block;
}
