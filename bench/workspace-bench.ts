/**
 * Workspace context (issue 16), model-independent:
 *
 *   node --expose-gc out/bench/workspace-bench.js [--per-project N] [--typed N] [--quick] [--held-out]   (npm run bench:workspace --)
 *
 * - Cross-file identifier recall: in real multi-module projects not written for this bench (standard-library
 *   packages and installed site-packages), each sampled function's body is cut and the prompt is built at its
 *   start. Targets: identifiers the real body uses that its own file never mentions outside that body and that
 *   another module of the project defines (a def, a class, a class or module attribute). Recall: the share of
 *   targets the prompt contains, for several `phiPair.workspace.maxTokens` values (0 = today's prompt). Also
 *   what the block costs: its tokens, the current file's own context tokens left beside it, and the prompts in
 *   which the function's own docstring was cut for the block (more of its lines missing than without a block).
 * - What the block costs the file's own context, by the same measure: in-file identifier recall, over every sampled
 *   function (those without cross-file targets too, since the block is in every prompt): identifiers the body uses
 *   that its own file defines (as the targets are defined by another module) and mentions outside the body, its
 *   signature and docstring (builtins left out), and the share the prompt contains. With
 *   cross-file recall it gives the recall of all the body's names the project defines, the figure that says how
 *   large a block pays before the body's share suffers.
 * - The ceiling of the block: cross-file recall with neither the block nor the prompt limited, the share of targets
 *   that stubs of the file's imports hold at all (the rest need a type the file never imports, a name imported inside
 *   the body, or a module the file reaches only through another object).
 * - Prompt-building time per keystroke with the index warm: the body's first characters typed one at a
 *   time, buildPrompt with and without the workspace interleaved (A/B on the same keystrokes); and how often
 *   the stable prefix changed (each change is a re-evaluation of the KV cache from that point).
 * - Index build time and memory on the standard library (~1,800 files), the size of a large workspace.
 *
 * Token counts use GPT-2's BPE (r50k), which Phi-2's tokenizer extends with whitespace-run tokens.
 * Writes .bench/workspace-<time>.json. PHI_PAIR_BENCH_DEBUG=1 prints each function's missed and found targets;
 * PHI_PAIR_BENCH_PYTHON_LIB points at another Python's lib/pythonX.Y.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { encode } from "gpt-tokenizer/encoding/r50k_base";
import type { Node } from "web-tree-sitter";
import { buildPrompt, type PromptWorkspace } from "../src/core/prompt";
import { parsePython } from "../src/core/python/parser";
import { DEFAULT_WORKSPACE_TOKENS } from "../src/core/workspace/context";
import { buildWorkspaceIndex, DEFAULT_SCAN_OPTIONS } from "../src/core/workspace/scanner";
import type { NeighbourFile } from "../src/core/workspace/similarCode";
import type { WorkspaceIndex } from "../src/core/workspace/workspaceIndex";

const PYTHON_LIB = process.env.PHI_PAIR_BENCH_PYTHON_LIB ?? "/root/.pyenv/versions/3.11.7/lib/python3.11";
const BENCH_DIR = path.resolve(__dirname, "../../.bench");
const BUDGET = 1024;
/** Block sizes (`phiPair.workspace.maxTokens`), each without and with similar code from the open files. */
const VARIANTS = [...new Set([0, 160, 320, 480, 640, DEFAULT_WORKSPACE_TOKENS])]
  .sort((a, b) => a - b)
  .flatMap((maxTokens) =>
    maxTokens === 0 ? [{ maxTokens, openFiles: false }] : [false, true].map((openFiles) => ({ maxTokens, openFiles })),
  );
/** A block and a prompt with no limit in practice: what the imports reach at all, the ceiling of any block size. */
const UNBOUNDED_TOKENS = 1_000_000;
/** Files a user working on a module has open, at most: Copilot's limit for neighbouring files. */
const MAX_OPEN_FILES = 20;

interface Project {
  name: string;
  /** The workspace folder the index covers. */
  root: string;
  /** The project's own modules (workspace-relative folder). */
  folder: string;
}

/** What the workspace context is tuned against. */
const PROJECTS: Project[] = [
  ...["email", "http", "importlib", "asyncio", "xml", "json", "logging", "concurrent"].map((name) => ({
    name: `stdlib/${name}`,
    root: PYTHON_LIB,
    folder: name,
  })),
  ...["requests", "flask", "jinja2", "click", "werkzeug", "urllib3"].map((name) => ({
    name: `site-packages/${name}`,
    root: path.join(PYTHON_LIB, "site-packages", name),
    folder: "",
  })),
];

/**
 * Held-out projects (--held-out), never looked at while tuning: measured once before a change to the workspace
 * context and once after, so the tuning set's gains can be checked against projects they were not fitted to.
 */
const HELD_OUT_PROJECTS: Project[] = [
  ...["unittest", "multiprocessing", "urllib", "wsgiref", "tomllib", "ctypes", "dbm", "sqlite3"].map((name) => ({
    name: `stdlib/${name}`,
    root: PYTHON_LIB,
    folder: name,
  })),
  ...["attr", "jmespath", "yaml", "itsdangerous", "packaging", "pluggy", "dateutil", "docker"].map((name) => ({
    name: `site-packages/${name}`,
    root: path.join(PYTHON_LIB, "site-packages", name),
    folder: "",
  })),
];

const countTokens = (text: string) => encode(text).length;

/**
 * Builtins and the methods of built-in types (`len`, `append`, `split`, `items`...) are not cross-file knowledge even
 * when some module of the project happens to define a method of that name: they are left out of the targets.
 */
function builtinNames(): Set<string> {
  const python = path.resolve(PYTHON_LIB, "../../bin/python3");
  const script =
    "import builtins\nnames=set(dir(builtins))\nfor t in (str,bytes,list,dict,set,frozenset,tuple,int,float,object,type,BaseException):\n    names.update(dir(t))\nprint(' '.join(sorted(names)))";
  try {
    return new Set(
      execFileSync(fs.existsSync(python) ? python : "python3", ["-c", script], { encoding: "utf8" })
        .trim()
        .split(" "),
    );
  } catch {
    console.log("no Python found: builtins are not filtered from the targets");
    return new Set();
  }
}
const BUILTINS = builtinNames();

interface Sample {
  project: string;
  file: string;
  fn: string;
  text: string;
  offset: number;
  body: string;
  /** The function's signature and docstring, as in the file. */
  header: string;
  targets: string[];
  /** Names the body uses that its own file defines and mentions elsewhere: what the file's own context can show. */
  localTargets: string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "per-project": { type: "string", default: "60" },
      typed: { type: "string", default: "40" },
      quick: { type: "boolean", default: false },
      "held-out": { type: "boolean", default: false },
    },
  });
  const perProject = values.quick ? 15 : Number(values["per-project"]);
  const typedChars = values.quick ? 20 : Number(values.typed);
  /** Functions per project whose body is typed for the per-keystroke timing. */
  const typedSamples = values.quick ? 3 : 8;
  const gc = (globalThis as { gc?: () => void }).gc;

  // Index build on the standard library: time and retained memory.
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const indexStarted = performance.now();
  const log: string[] = [];
  const stdlib = await buildWorkspaceIndex(PYTHON_LIB, {
    ...DEFAULT_SCAN_OPTIONS,
    exclude: ["site-packages"],
    log: (line) => log.push(line),
  });
  const indexMs = performance.now() - indexStarted;
  gc?.();
  const indexHeapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  console.log(
    `index: ${stdlib.size} modules of ${PYTHON_LIB} in ${(indexMs / 1000).toFixed(1)} s, ${indexHeapMiB.toFixed(1)} MiB retained heap${gc ? "" : " (no --expose-gc: heap figure is rough)"}; ${log.length} skipped/log lines`,
  );

  const indexes = new Map<string, WorkspaceIndex>([[PYTHON_LIB, stdlib]]);
  const recall = VARIANTS.map(({ maxTokens, openFiles }) => ({
    maxTokens,
    openFiles,
    found: 0,
    targets: 0,
    localFound: 0,
    localTargets: 0,
    blockTokens: [] as number[],
    localTokens: [] as number[],
    truncated: 0,
    prompts: 0,
    /** Open-files variants: prompts that differ from the same block size without open files (similar code shown). */
    withSimilarCode: 0,
    /** Prompts that hold fewer lines of the function's own signature and docstring than the prompt without a block. */
    headerCut: 0,
    headerLinesCut: [] as number[],
  }));
  const perProjectRecall: Record<string, { samples: number; targets: number; found: number }> = {};
  const reachable = { targets: 0, found: 0 };
  const timings = { withWorkspace: [] as number[], alone: [] as number[] };
  const stableChanges = { withWorkspace: 0, alone: 0, keystrokes: 0 };
  let skippedNoTargets = 0;

  const projects = values["held-out"] ? HELD_OUT_PROJECTS : PROJECTS;
  for (const project of projects) {
    if (!fs.existsSync(path.join(project.root, project.folder))) {
      console.log(`skipping ${project.name}: not installed`);
      continue;
    }
    let index = indexes.get(project.root);
    if (!index) {
      index = await buildWorkspaceIndex(project.root, { ...DEFAULT_SCAN_OPTIONS, log: () => undefined });
      indexes.set(project.root, index);
    }
    const samples = await sampleFunctions(project, perProject);
    const openFilesOf = openFilesFor(index, project.root);
    const stats = (perProjectRecall[project.name] = { samples: 0, targets: 0, found: 0 });
    for (const sample of samples) {
      // a function needing nothing from other modules counts only for in-file recall
      const needsWorkspace = sample.targets.length > 0;
      if (!needsWorkspace) skippedNoTargets++;
      if (!needsWorkspace && sample.localTargets.length === 0) continue;
      if (needsWorkspace) {
        stats.samples++;
        const unbounded = await buildPrompt({
          text: sample.text,
          offset: sample.offset,
          countTokens,
          tokenBudget: UNBOUNDED_TOKENS,
          workspace: { index, file: sample.file, maxTokens: UNBOUNDED_TOKENS },
        });
        const words = identifierWords(unbounded.prompt);
        reachable.found += sample.targets.filter((target) => words.has(target)).length;
        reachable.targets += sample.targets.length;
      }
      const withoutOpenFiles = new Map<number, string>();
      const headerLines = sample.header.split("\n").filter((line) => line.trim() !== "");
      const headerLinesIn = (prompt: string) => headerLines.filter((line) => prompt.includes(line)).length;
      let headerLinesAlone = 0;
      for (const variant of recall) {
        const workspace: PromptWorkspace | undefined =
          variant.maxTokens > 0
            ? {
                index,
                file: sample.file,
                maxTokens: variant.maxTokens,
                neighbours: variant.openFiles ? openFilesOf(sample.file) : undefined,
              }
            : undefined;
        const built = await buildPrompt({
          text: sample.text,
          offset: sample.offset,
          countTokens,
          tokenBudget: BUDGET,
          workspace,
        });
        const words = identifierWords(built.prompt);
        variant.localFound += sample.localTargets.filter((target) => words.has(target)).length;
        variant.localTargets += sample.localTargets.length;
        if (!needsWorkspace) continue;
        if (!variant.openFiles) withoutOpenFiles.set(variant.maxTokens, built.prompt);
        else if (withoutOpenFiles.get(variant.maxTokens) !== built.prompt) variant.withSimilarCode++;
        const found = sample.targets.filter((target) => words.has(target)).length;
        variant.found += found;
        variant.targets += sample.targets.length;
        variant.prompts++;
        if (built.truncated) variant.truncated++;
        const headerKept = headerLinesIn(built.prompt);
        if (variant.maxTokens === 0) headerLinesAlone = headerKept;
        else if (headerKept < headerLinesAlone) {
          variant.headerCut++;
          variant.headerLinesCut.push(headerLinesAlone - headerKept);
        }
        const header = `# file: ${sample.file}\n`;
        const at = built.prompt.indexOf(header);
        const block = at < 0 ? "" : built.prompt.slice(0, at + header.length);
        variant.blockTokens.push(block === "" ? 0 : countTokens(block));
        variant.localTokens.push(countTokens(built.prompt.slice(block.length, built.stablePrefixLength)));
        const isDefault = variant.maxTokens === DEFAULT_WORKSPACE_TOKENS && variant.openFiles;
        if (process.env.PHI_PAIR_BENCH_DEBUG && isDefault) {
          console.log(
            `  ${sample.file}:${sample.fn} missed ${sample.targets.filter((target) => !words.has(target)).join(", ")} found ${sample.targets.filter((target) => words.has(target)).join(", ")}`,
          );
        }
        if (isDefault) {
          stats.targets += sample.targets.length;
          stats.found += found;
        }
      }
      if (needsWorkspace && stats.samples <= typedSamples)
        await typeBody(
          sample,
          { index, file: sample.file, maxTokens: DEFAULT_WORKSPACE_TOKENS, neighbours: openFilesOf(sample.file) },
          typedChars,
          timings,
          stableChanges,
        );
    }
    const row = perProjectRecall[project.name];
    console.log(
      `${project.name.padEnd(24)} ${String(row.samples).padStart(4)} functions, ${String(row.targets).padStart(4)} targets, recall ${(row.found / Math.max(1, row.targets)).toFixed(2)}`,
    );
  }

  const summary = {
    machine: "2-core VM shared with other work (busy)",
    projects: values["held-out"] ? "held-out" : "tuning",
    pythonLib: PYTHON_LIB,
    index: { modules: stdlib.size, ms: Math.round(indexMs), retainedHeapMiB: Number(indexHeapMiB.toFixed(1)) },
    openFiles: `the project's modules the file imports, then those importing it, up to ${MAX_OPEN_FILES}`,
    recall: recall.map((variant) => ({
      maxTokens: variant.maxTokens,
      openFiles: variant.openFiles,
      ...(variant.openFiles ? { promptsWithSimilarCode: variant.withSimilarCode } : {}),
      recall: Number((variant.found / Math.max(1, variant.targets)).toFixed(3)),
      targets: variant.targets,
      inFileRecall: Number((variant.localFound / Math.max(1, variant.localTargets)).toFixed(3)),
      inFileTargets: variant.localTargets,
      allNamesRecall: Number(
        ((variant.found + variant.localFound) / Math.max(1, variant.targets + variant.localTargets)).toFixed(3),
      ),
      prompts: variant.prompts,
      blockTokens: distribution(variant.blockTokens),
      localContextTokens: distribution(variant.localTokens),
      truncatedShare: Number((variant.truncated / Math.max(1, variant.prompts)).toFixed(3)),
      headerCut: { prompts: variant.headerCut, linesCut: distribution(variant.headerLinesCut) },
    })),
    perProject: perProjectRecall,
    reachable: { ...reachable, recall: Number((reachable.found / Math.max(1, reachable.targets)).toFixed(3)) },
    skippedNoTargets,
    keystroke: {
      n: timings.withWorkspace.length,
      withWorkspaceMs: distribution(timings.withWorkspace),
      aloneMs: distribution(timings.alone),
      stablePrefixChanges: stableChanges,
    },
  };
  console.log("\nrecall by phiPair.workspace.maxTokens (budget 1024):");
  for (const row of summary.recall) {
    console.log(
      `  ${String(row.maxTokens).padStart(4)}${row.openFiles ? " + open files" : "             "}: recall ${row.recall.toFixed(3)} (${row.targets} targets, ${row.prompts} prompts); in-file recall ${row.inFileRecall.toFixed(3)} (${row.inFileTargets}), all names ${row.allNamesRecall.toFixed(3)}; block tokens median ${row.blockTokens.p50} (p95 ${row.blockTokens.p95}); ` +
        `own-file context tokens median ${row.localContextTokens.p50}; truncated ${(row.truncatedShare * 100).toFixed(0)}%` +
        (row.headerCut.prompts > 0
          ? `; docstring cut for the block in ${row.headerCut.prompts} (median ${row.headerCut.linesCut.p50} lines)`
          : "") +
        (row.openFiles ? `; similar code in ${row.promptsWithSimilarCode} prompts` : ""),
    );
  }
  console.log(
    `  no limit (what the imports reach at all): recall ${summary.reachable.recall.toFixed(3)} (${reachable.targets} targets)`,
  );
  const k = summary.keystroke;
  console.log(
    `\nprompt build per keystroke (n=${k.n}): with workspace p50 ${k.withWorkspaceMs.p50} / p95 ${k.withWorkspaceMs.p95} ms, alone p50 ${k.aloneMs.p50} / p95 ${k.aloneMs.p95} ms`,
  );
  console.log(
    `stable prefix changed on ${stableChanges.withWorkspace} (with workspace) and ${stableChanges.alone} (alone) of ${stableChanges.keystrokes} keystrokes`,
  );
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `workspace-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(`\nwrote ${file}`);
}

/** Types the first characters of the real body one at a time, timing both prompt builds (interleaved) and counting stable-prefix changes. */
async function typeBody(
  sample: Sample,
  workspace: PromptWorkspace,
  chars: number,
  timings: { withWorkspace: number[]; alone: number[] },
  changes: { withWorkspace: number; alone: number; keystrokes: number },
): Promise<void> {
  const typed = sample.body.trimStart().slice(0, chars);
  let previous: { withWorkspace?: string; alone?: string } = {};
  for (let i = 1; i <= typed.length; i++) {
    const text = sample.text.slice(0, sample.offset) + typed.slice(0, i) + sample.text.slice(sample.offset);
    const offset = sample.offset + i;
    const order = i % 2 === 0 ? (["withWorkspace", "alone"] as const) : (["alone", "withWorkspace"] as const);
    const stable: { withWorkspace?: string; alone?: string } = {};
    for (const kind of order) {
      const started = performance.now();
      const built = await buildPrompt({
        text,
        offset,
        countTokens,
        tokenBudget: BUDGET,
        workspace: kind === "withWorkspace" ? workspace : undefined,
      });
      timings[kind].push(performance.now() - started);
      stable[kind] = built.prompt.slice(0, built.stablePrefixLength);
    }
    if (previous.withWorkspace !== undefined) {
      changes.keystrokes++;
      if (stable.withWorkspace !== previous.withWorkspace) changes.withWorkspace++;
      if (stable.alone !== previous.alone) changes.alone++;
    }
    previous = stable;
  }
}

/**
 * The files a user writing in `file` plausibly has open: the project's modules it imports, then the modules that
 * import it (its callers), up to MAX_OPEN_FILES. The bench cannot know what a person had open; this is the
 * assumption its "open files" figures rest on.
 */
function openFilesFor(index: WorkspaceIndex, root: string): (file: string) => NeighbourFile[] {
  const resolver = index.resolver();
  const importedBy = new Map<string, Set<string>>();
  const importsOf = (file: string) =>
    (index.summary(file)?.imports ?? []).flatMap((imported) => resolver.resolve(file, imported).map((m) => m.file));
  for (const file of index.files()) {
    for (const imported of importsOf(file)) {
      const importers = importedBy.get(imported) ?? new Set<string>();
      importers.add(file);
      importedBy.set(imported, importers);
    }
  }
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    let text = texts.get(file);
    if (text === undefined) texts.set(file, (text = fs.readFileSync(path.join(root, file), "utf8")));
    return text;
  };
  return (file) => {
    const open = [...new Set([...importsOf(file), ...[...(importedBy.get(file) ?? [])].sort()])].filter(
      (other) => other !== file,
    );
    return open.slice(0, MAX_OPEN_FILES).map((other) => ({ file: other, text: textOf(other), version: 0 }));
  };
}

/** Functions of the project with a body of 3+ lines, spread evenly over its modules; each with its targets. */
async function sampleFunctions(project: Project, limit: number): Promise<Sample[]> {
  const folder = path.join(project.root, project.folder);
  const files = listPython(folder).map((file) => path.relative(project.root, file).split(path.sep).join("/"));
  const definedBy = new Map<string, Set<string>>();
  const sources = new Map<string, string>();
  for (const file of files) {
    const source = fs.readFileSync(path.join(project.root, file), "utf8");
    sources.set(file, source);
    const tree = await parsePython(source);
    definedBy.set(file, definedNames(tree.rootNode));
    tree.delete();
  }
  const candidates: Sample[] = [];
  for (const file of files) {
    const source = sources.get(file)!;
    const tree = await parsePython(source);
    const ownDefines = definedBy.get(file)!;
    const othersDefine = new Set<string>();
    for (const [other, names] of definedBy) if (other !== file) for (const name of names) othersDefine.add(name);
    for (const fn of tree.rootNode.descendantsOfType("function_definition")) {
      const body = fn?.childForFieldName("body");
      if (!fn || !body || body.endPosition.row - body.startPosition.row < 2) continue;
      const statements = body.namedChildren.filter((child): child is Node => child !== null);
      const first =
        statements[0]?.type === "expression_statement" && statements[0].firstNamedChild?.type === "string"
          ? statements[1]
          : statements[0];
      if (!first) continue;
      const bodyStart = first.startIndex - first.startPosition.column; // start of the first statement's line
      const bodyEnd = body.endIndex;
      const bodyText = source.slice(bodyStart, bodyEnd);
      const indent = " ".repeat(first.startPosition.column);
      const text = `${source.slice(0, bodyStart)}${indent}\n${source.slice(bodyEnd).replace(/^\n?/, "")}`;
      const used = new Set<string>();
      for (const id of identifiersIn(first.parent!, bodyStart, bodyEnd)) used.add(id);
      const mentionedElsewhere = identifierWords(source.slice(0, bodyStart) + source.slice(bodyEnd));
      const targets = [...used].filter(
        (name) => !mentionedElsewhere.has(name) && othersDefine.has(name) && !BUILTINS.has(name),
      );
      const header = source.slice(fn.startIndex, bodyStart);
      // the signature and docstring sit right above the cursor in every prompt: their names say nothing of the budget
      const inHeader = identifierWords(header);
      const localTargets = [...used].filter(
        (name) => ownDefines.has(name) && mentionedElsewhere.has(name) && !inHeader.has(name) && !BUILTINS.has(name),
      );
      candidates.push({
        project: project.name,
        file,
        fn: fn.childForFieldName("name")?.text ?? "?",
        text,
        offset: bodyStart + indent.length,
        body: bodyText,
        header,
        targets,
        localTargets,
      });
    }
    tree.delete();
  }
  const step = Math.max(1, candidates.length / limit);
  const sampled: Sample[] = [];
  for (let i = 0; i < candidates.length && sampled.length < limit; i += step) sampled.push(candidates[Math.floor(i)]);
  return sampled;
}

/** Names a module defines: functions and classes at any depth, module- and class-level assignment targets. */
function definedNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const node of root.descendantsOfType(["function_definition", "class_definition"])) {
    const name = node?.childForFieldName("name")?.text;
    if (name) names.add(name);
  }
  const scopes = [root, ...root.descendantsOfType("class_definition").map((node) => node?.childForFieldName("body"))];
  for (const scope of scopes) {
    for (const statement of scope?.namedChildren ?? []) {
      const assignment = statement?.type === "expression_statement" ? statement.firstNamedChild : undefined;
      const target = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
      if (target?.type === "identifier") names.add(target.text);
    }
  }
  return names;
}

function identifiersIn(node: Node, start: number, end: number): string[] {
  return node
    .descendantsOfType("identifier")
    .filter((id): id is Node => id !== null && id.startIndex >= start && id.endIndex <= end)
    .map((id) => id.text);
}

/** Identifier-like words of a text: what "the prompt contains this name" means here. */
function identifierWords(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}

function listPython(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "__pycache__" && entry.name !== "tests" && entry.name !== "test")
      found.push(...listPython(full));
    else if (entry.isFile() && entry.name.endsWith(".py")) found.push(full);
  }
  return found.sort();
}

function distribution(values: number[]): { p50: number; p95: number; min: number; max: number; mean: number } {
  if (values.length === 0) return { p50: 0, p95: 0, min: 0, max: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2));
  return {
    p50: at(0.5),
    p95: at(0.95),
    min: at(0),
    max: Number(sorted[sorted.length - 1].toFixed(2)),
    mean: Number((values.reduce((a, b) => a + b, 0) / values.length).toFixed(2)),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
