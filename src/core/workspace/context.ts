import type { PythonImport } from "./imports";
import type { References } from "./references";
import type { ResolvedModule } from "./resolver";
import type { StubDefinition } from "./stubs";
import type { WorkspaceIndex } from "./workspaceIndex";

/**
 * How relevant an imported definition is, best first: named in the signature or docstring of the
 * function being written; imported by name but used nowhere else in the file (so most likely by the
 * code being written, and the model has seen no use of it); used elsewhere in the class of the method
 * being written (its other methods show what its attributes are: `self.pool = Pool()`); used elsewhere in
 * the file's stable code (the model sees how it is used there); only a public name of a module imported whole.
 */
export enum Relevance {
  Signature = 0,
  ImportedName = 1,
  EnclosingClass = 2,
  FileCode = 3,
  ModuleMember = 4,
}

export interface WorkspaceContextRequest {
  index: WorkspaceIndex;
  /** Workspace-relative path of the file being completed: never part of its own context. */
  currentFile: string;
  /** The current file's module-level imports. */
  imports: readonly PythonImport[];
  /** What the file's stable code refers to, tiered Relevance.Signature, Relevance.EnclosingClass or Relevance.FileCode. */
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
/** Generations of base classes followed from a ranked class. */
const MAX_BASE_DEPTH = 3;
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
  const cache = generationCache(request.index).blocks;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const block = renderWithinBudget(
    ranked.map((entry) => ({ ...entry, definition: membersByUse(request.index, entry.definition) })),
    request.maxTokens,
    request.countTokens,
  );
  if (cache.size >= BLOCK_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, block);
  return block;
}

const caches = new WeakMap<
  WorkspaceIndex,
  { generation: number; blocks: Map<string, string>; views: WeakMap<StubDefinition, StubDefinition> }
>();

function generationCache(index: WorkspaceIndex) {
  let cache = caches.get(index);
  if (!cache || cache.generation !== index.generation) {
    cache = { generation: index.generation, blocks: new Map(), views: new WeakMap() };
    caches.set(index, cache);
  }
  return cache;
}

/**
 * A class with its members in the order the block offers them: the most used in the workspace first (`increment`
 * of a `Retry` before `parse_retry_after`), source order among equals. A block that names only some members
 * names the likeliest ones; the full form (docstrings, shown only when every member is) keeps the source order.
 */
function membersByUse(index: WorkspaceIndex, definition: StubDefinition): StubDefinition {
  const { parts, members } = definition;
  if (!parts || !members || members.length < 2) return definition;
  const views = generationCache(index).views;
  const known = views.get(definition);
  if (known) return known;
  const order = members.map((_, i) => i);
  const tiers = members.map((member) => usageTier(index, member));
  order.sort((a, b) => tiers[b] - tiers[a] || a - b);
  let view = definition;
  if (order.some((position, i) => position !== i)) {
    const { header, memberLines, rest } = splitClass(definition.compact ?? definition.lines, parts);
    view = {
      ...definition,
      compact: [...header, ...order.flatMap((i) => memberLines[i]), ...rest],
      parts: [parts[0], ...order.map((i) => parts[i + 1])],
      members: order.map((i) => members[i]),
    };
  }
  views.set(definition, view);
  return view;
}

/** Every imported workspace definition with its relevance, best first; ties keep import and source order, a class's bases right after it. */
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
  function* definitionsNamed(
    file: string,
    name: string,
    depth = 0,
  ): Generator<{ file: string; definition: StubDefinition }> {
    const summary = index.summary(file);
    const definition = summary?.definitions.find((candidate) => candidate.name === name);
    if (definition) {
      yield { file, definition };
      return;
    }
    if (!summary || depth >= MAX_REEXPORT_DEPTH) return;
    for (const reexport of summary.imports) {
      const exported = reexport.names.find((imported) => (reexport.renamed?.[imported] ?? imported) === name);
      const viaStar = reexport.names.includes("*");
      if (!exported && !viaStar) continue;
      for (const module of resolver.resolve(file, reexport)) {
        if (module.names === undefined && exported && moduleStem(module.file) === exported) continue; // a submodule, not a name
        yield* definitionsNamed(module.file, exported ?? name, depth + 1);
      }
    }
  }
  const offerName = (file: string, name: string, relevance: Relevance) => {
    for (const found of definitionsNamed(file, name)) offer(found.file, found.definition, relevance);
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
  // A class's bases follow it, as relevant as it is: their members are its members.
  const ranked: RankedDefinition[] = [];
  const placed = new Set<string>();
  const place = (entry: RankedDefinition, depth: number) => {
    const key = `${entry.file}\u0000${entry.definition.name}`;
    if (entry.file === currentFile || placed.has(key)) return;
    placed.add(key);
    ranked.push(entry);
    if (depth >= MAX_BASE_DEPTH) return;
    for (const base of entry.definition.bases ?? []) {
      const found = definitionsNamed(entry.file, base).next();
      if (!found.done) place({ ...found.value, relevance: entry.relevance }, depth + 1);
    }
  };
  const usage = (entry: RankedDefinition) => usageTier(index, entry.definition.name);
  for (const { entry } of [...best.values()].sort(
    (a, b) => a.entry.relevance - b.entry.relevance || usage(b.entry) - usage(a.entry) || a.order - b.order,
  ))
    place(entry, 0);
  return ranked;
}

/**
 * How much the workspace uses a name, on a log scale: within a relevance, what many modules mention comes first (an
 * API the project calls everywhere before a helper used once). Coarse, so that one more or one less use elsewhere
 * seldom reorders the block, which would cost a re-evaluation of the prompt.
 */
function usageTier(index: WorkspaceIndex, name: string): number {
  return Math.floor(Math.log2(1 + index.uses(name)));
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

/** Most of the block one class may take in the first pass (naming its members), so the next definitions have their place. */
const PARTIAL_CLASS_SHARE = 0.8;

/**
 * How much of a definition is shown. A class may show its header, its first `whole` members in compact form and
 * the names of the next `named` members on a comment: names cost a few tokens each, a member's signature many.
 * `full` upgrades a definition shown whole (compact) to its docstrings.
 */
interface Shown {
  whole: number;
  named: number;
  full: boolean;
  /** A function or attribute of a module imported whole that the file does not refer to, named on its section's last line only (`# defines: f, g`) until there is room for its signature. */
  byName?: boolean;
}

const NAMES_OF_SECTION = "# defines:";

/** Token costs of a class's pieces, each with its line break: the header, each member whole, each member's name. */
interface ClassCosts {
  header: number;
  members: number[];
  names: number[];
  /** The comment's label after the header alone, and on its own line after members. */
  namesAfterHeader: number;
  namesAfterMembers: number;
}

const NAMES_AFTER_HEADER = " ...  # members:";
const NAMES_AFTER_MEMBERS = "    # more members:";

const classCostCache = new WeakMap<(text: string) => number, WeakMap<StubDefinition, ClassCosts>>();

function classCosts(definition: StubDefinition, countTokens: (text: string) => number): ClassCosts | undefined {
  const { parts, members } = definition;
  if (!parts || !members) return undefined;
  let cache = classCostCache.get(countTokens);
  if (!cache) classCostCache.set(countTokens, (cache = new WeakMap()));
  let costs = cache.get(definition);
  if (!costs) {
    const lineCost = (lines: string[]) => countTokens(lines.join("\n")) + 1;
    const { header, memberLines } = splitClass(definition.compact ?? definition.lines, parts);
    costs = {
      header: lineCost(header),
      members: memberLines.map(lineCost),
      names: members.map((name, i) => (worthNaming(members, i) ? countTokens(` ${name}`) + 1 : 0)),
      namesAfterHeader: countTokens(NAMES_AFTER_HEADER),
      namesAfterMembers: countTokens(NAMES_AFTER_MEMBERS) + 1,
    };
    cache.set(definition, costs);
  }
  return costs;
}

/** A class's stub lines split by `parts` (StubDefinition.parts): its header, each member's lines, and any after them. */
function splitClass(lines: string[], parts: number[]): { header: string[]; memberLines: string[][]; rest: string[] } {
  let end = parts[0];
  const memberLines = parts.slice(1).map((size) => lines.slice(end, (end += size)));
  return { header: lines.slice(0, parts[0]), memberLines, rest: lines.slice(end) };
}

function classTokens(costs: ClassCosts, whole: number, named: number): number {
  let tokens = costs.header;
  for (let i = 0; i < whole; i++) tokens += costs.members[i];
  if (named === 0) return tokens;
  tokens += whole === 0 ? costs.namesAfterHeader : costs.namesAfterMembers;
  for (let i = whole; i < whole + named; i++) tokens += costs.names[i];
  return tokens;
}

/** The most members after the first `whole` that can be named within `limit` tokens, or -1 when not even the whole ones fit. */
function mostNamed(costs: ClassCosts, whole: number, limit: number): number {
  if (classTokens(costs, whole, 0) > limit) return -1;
  let named = 0;
  let tokens = classTokens(costs, whole, 0) + (whole === 0 ? costs.namesAfterHeader : costs.namesAfterMembers);
  while (whole + named < costs.names.length && tokens + costs.names[whole + named] <= limit)
    tokens += costs.names[whole + named++];
  return named;
}

/** A dunder says how the class is used, not what it offers; an overload or a property's setter repeats a name. */
function worthNaming(members: string[], i: number): boolean {
  const name = members[i];
  return !(name.startsWith("__") && name.endsWith("__")) && members.indexOf(name) === i;
}

function shownLines(definition: StubDefinition, shown: Shown): string[] {
  if (shown.full) return definition.lines;
  const all = definition.compact ?? definition.lines;
  const { parts, members } = definition;
  if (!parts || !members || shown.whole === members.length) return all;
  const end = parts.slice(0, shown.whole + 1).reduce((sum, size) => sum + size, 0);
  const lines = all.slice(0, end);
  const names = members
    .slice(shown.whole, shown.whole + shown.named)
    .filter((_, i) => worthNaming(members, shown.whole + i))
    .join(", ");
  if (shown.whole > 0) return names === "" ? lines : [...lines, `${NAMES_AFTER_MEMBERS} ${names}`];
  return [...lines.slice(0, -1), `${lines.at(-1)}${names === "" ? " ..." : `${NAMES_AFTER_HEADER} ${names}`}`];
}

/**
 * Three passes in rank order, as the prompt builder does for the file's own items: first every definition in its
 * least costly form that names it and its members (a class by its member names, within a share of the block
 * when it has many; a function or attribute in compact form, or by its name alone when the file does not refer
 * to it), while it fits; then classes upgraded to their first members in compact form (signatures), as many as
 * what is left allows, still naming at least as many members, and named functions to their compact form; then
 * definitions shown whole upgraded to their full form (the docstrings). Less relevant, smaller definitions may
 * still fit where a larger one did not. Sections are ordered by their best definition, and so are the
 * definitions inside a section, the names alone last.
 */
function renderWithinBudget(
  ranked: RankedDefinition[],
  maxTokens: number,
  countTokens: (text: string) => number,
): string {
  const chosen = new Map<RankedDefinition, Shown>();
  const files = new Set<string>();
  const partialLimit = maxTokens * PARTIAL_CLASS_SHARE;
  const namedIn = new Set<string>();
  const sectionLabel = countTokens(NAMES_OF_SECTION) + 1;
  let used = 0;
  for (const entry of ranked) {
    const header = files.has(entry.file) ? 0 : countTokens(`# file: ${entry.file}\n`) + 1;
    const costs = classCosts(entry.definition, countTokens);
    let shown: Shown;
    let cost: number;
    if (costs) {
      const named = mostNamed(costs, 0, Math.min(maxTokens - used, partialLimit) - header);
      if (named <= 0) continue;
      shown = { whole: 0, named, full: false };
      cost = header + classTokens(costs, 0, named);
    } else if (entry.relevance === Relevance.ModuleMember) {
      shown = { whole: 0, named: 0, full: false, byName: true };
      cost = header + (namedIn.has(entry.file) ? 0 : sectionLabel) + countTokens(` ${entry.definition.name}`) + 1;
      if (used + cost > maxTokens) continue;
      namedIn.add(entry.file);
    } else {
      shown = { whole: 0, named: 0, full: false };
      cost = header + countTokens((entry.definition.compact ?? entry.definition.lines).join("\n")) + 1;
      if (used + cost > maxTokens) continue;
    }
    used += cost;
    files.add(entry.file);
    chosen.set(entry, shown);
  }
  for (const [entry, shown] of chosen) {
    if (shown.byName) {
      const extra =
        countTokens((entry.definition.compact ?? entry.definition.lines).join("\n")) +
        1 -
        (countTokens(` ${entry.definition.name}`) + 1);
      if (used + extra > maxTokens) continue;
      used += extra;
      chosen.set(entry, { whole: 0, named: 0, full: false });
      continue;
    }
    const costs = classCosts(entry.definition, countTokens);
    if (!costs || shown.whole === costs.members.length) continue;
    const current = classTokens(costs, shown.whole, shown.named);
    const covered = shown.whole + shown.named;
    for (let whole = costs.members.length; whole > shown.whole; whole--) {
      const named = mostNamed(costs, whole, current + maxTokens - used);
      if (named < 0 || whole + named < covered) continue;
      used += classTokens(costs, whole, named) - current;
      chosen.set(entry, { whole, named, full: false });
      break;
    }
  }
  for (const [entry, shown] of chosen) {
    const { definition } = entry;
    if (shown.byName) continue;
    const compact = shownLines(definition, shown);
    if (compact === definition.lines || (definition.members && shown.whole < definition.members.length)) continue;
    const extra = countTokens(definition.lines.join("\n")) - countTokens(compact.join("\n"));
    if (used + extra > maxTokens) continue;
    used += extra;
    chosen.set(entry, { ...shown, full: true });
  }
  const render = () => {
    const sections = new Map<string, { lines: string[]; names: string[] }>();
    for (const [entry, shown] of chosen) {
      let section = sections.get(entry.file);
      if (!section) sections.set(entry.file, (section = { lines: [], names: [] }));
      if (shown.byName) section.names.push(entry.definition.name);
      else section.lines.push(shownLines(entry.definition, shown).join("\n"));
    }
    return [...sections]
      .map(([file, { lines, names }]) => {
        const trailer = names.length > 0 ? [`${NAMES_OF_SECTION} ${names.join(", ")}`] : [];
        return `# file: ${file}\n${[...lines, ...trailer].join("\n")}\n`;
      })
      .join("\n");
  };
  let block = render();
  // Per-entry counts ignore merges across joins; the real count decides, dropping the least relevant entries.
  while (block !== "" && countTokens(block) > maxTokens) {
    chosen.delete([...chosen.keys()].at(-1)!);
    block = render();
  }
  return block;
}
