import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { PythonParserOptions } from "../python/parser";
import { ExcludeGlobs, GitignoreFile } from "./ignoreRules";
import { type ModuleSummary, summarizeModule, WorkspaceIndex } from "./workspaceIndex";

export interface ScanOptions {
  /** Most Python files indexed; the rest are skipped with one log line. */
  maxFiles: number;
  /** Larger files are skipped with a log line (generated code, data dumps). */
  maxFileBytes: number;
  /** VS Code `files.exclude` globs that are on. */
  exclude: readonly string[];
  log(message: string): void;
  parser?: PythonParserOptions;
}

export const DEFAULT_SCAN_OPTIONS: Omit<ScanOptions, "log"> = { maxFiles: 5000, maxFileBytes: 512 * 1024, exclude: [] };

/** Bytes looked at for a NUL to tell a binary file from source. */
const BINARY_PROBE_BYTES = 8000;

/**
 * Reads the Python files of one workspace folder for the index. Nothing is executed (safe in untrusted
 * workspaces); nothing outside the folder is read: a symlink is followed only when its target lies
 * inside the folder, and `..` never leaves it. `.git`, virtual environments (a folder with
 * `pyvenv.cfg`), `.gitignore`d paths and `files.exclude` globs are skipped.
 */
export class WorkspaceScanner {
  private readonly exclude: ExcludeGlobs;
  private readonly gitignores = new Map<string, Promise<GitignoreFile | undefined>>();
  private realRoot: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly options: ScanOptions,
  ) {
    this.exclude = new ExcludeGlobs(options.exclude);
  }

  /** Summaries of every indexable Python file, in folder order, up to `maxFiles`. */
  async *summaries(): AsyncGenerator<ModuleSummary> {
    let count = 0;
    const visited = new Set<string>();
    const folders = [""];
    while (folders.length > 0) {
      const folder = folders.pop()!;
      const real = await this.insideRealPath(folder);
      if (real === undefined || visited.has(real)) continue; // a symlink loop or out of the workspace
      visited.add(real);
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(path.join(this.root, folder), { withFileTypes: true });
      } catch (error) {
        this.options.log(`Workspace index: cannot read ${folder || "."}: ${(error as Error).message}`);
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subfolders: string[] = [];
      for (const entry of entries) {
        const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
        const kind = await this.kindOf(relative, entry);
        if (kind === "folder") {
          if (
            entry.name !== ".git" &&
            !(await this.ignores(relative, true)) &&
            !(await isVirtualEnvironment(path.join(this.root, relative)))
          )
            subfolders.push(relative);
        } else if (kind === "file" && relative.endsWith(".py")) {
          if (count >= this.options.maxFiles) {
            this.options.log(
              `Workspace index: more than ${this.options.maxFiles} Python files under ${this.root}; the rest are not indexed (phiPair.workspace.maxFiles)`,
            );
            return;
          }
          const summary = await this.summarize(relative);
          if (summary) {
            count++;
            yield summary;
          }
        }
      }
      folders.push(...subfolders.reverse()); // popped in name order
    }
  }

  /** The summary of one file, or undefined when it is ignored, gone, huge, binary or outside the folder. */
  async summarize(relative: string): Promise<ModuleSummary | undefined> {
    if (!relative.endsWith(".py") || relative.split("/").some((part) => part === ".." || part === ".git"))
      return undefined;
    if (await this.ignores(relative, false)) return undefined;
    const real = await this.insideRealPath(relative);
    if (real === undefined) return undefined;
    let source: string;
    try {
      const stat = await fs.stat(real);
      if (!stat.isFile()) return undefined;
      if (stat.size > this.options.maxFileBytes) {
        this.options.log(
          `Workspace index: skipped ${relative} (${Math.round(stat.size / 1024)} KiB, more than ${Math.round(this.options.maxFileBytes / 1024)} KiB)`,
        );
        return undefined;
      }
      const bytes = await fs.readFile(real);
      if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
        this.options.log(`Workspace index: skipped ${relative} (binary)`);
        return undefined;
      }
      source = bytes.toString("utf8");
    } catch {
      return undefined; // deleted between listing and reading
    }
    return summarizeModule(relative, source, this.options.parser);
  }

  /** Whether `.gitignore`s (this folder's and every one above it) or `files.exclude` skip the path. */
  async ignores(relative: string, isDirectory: boolean): Promise<boolean> {
    if (this.exclude.matches(relative)) return true;
    const parts = relative.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const ancestor = parts.slice(0, depth).join("/");
      if (this.exclude.matches(ancestor) || (await this.decide(ancestor, true))) return true;
    }
    return this.decide(relative, isDirectory);
  }

  private async decide(relative: string, isDirectory: boolean): Promise<boolean> {
    const parts = relative.split("/");
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const gitignore = await this.gitignoreIn(parts.slice(0, depth).join("/"));
      const decision = gitignore?.decide(parts.slice(depth).join("/"), isDirectory);
      if (decision !== undefined) return decision;
    }
    return false;
  }

  private gitignoreIn(folder: string): Promise<GitignoreFile | undefined> {
    let loaded = this.gitignores.get(folder);
    if (!loaded) {
      loaded = (async () => {
        const real = await this.insideRealPath(folder === "" ? ".gitignore" : `${folder}/.gitignore`);
        if (real === undefined) return undefined;
        try {
          return new GitignoreFile(await fs.readFile(real, "utf8"));
        } catch {
          return undefined;
        }
      })();
      this.gitignores.set(folder, loaded);
    }
    return loaded;
  }

  /** Forgets the `.gitignore` rules read so far (one changed). */
  forgetGitignores(): void {
    this.gitignores.clear();
  }

  private async kindOf(relative: string, entry: import("node:fs").Dirent): Promise<"file" | "folder" | undefined> {
    if (entry.isDirectory()) return "folder";
    if (entry.isFile()) return "file";
    if (!entry.isSymbolicLink()) return undefined;
    const real = await this.insideRealPath(relative);
    if (real === undefined) {
      this.options.log(`Workspace index: not following ${relative} (a link out of the workspace folder)`);
      return undefined;
    }
    const stat = await fs.stat(real).catch(() => undefined);
    return stat?.isDirectory() ? "folder" : stat?.isFile() ? "file" : undefined;
  }

  /** The real path of a workspace path, or undefined when it does not exist or resolves outside the folder. */
  private async insideRealPath(relative: string): Promise<string | undefined> {
    this.realRoot ??= fs.realpath(this.root);
    try {
      const root = await this.realRoot;
      const real = await fs.realpath(path.join(this.root, relative));
      return real === root || real.startsWith(root + path.sep) ? real : undefined;
    } catch {
      return undefined;
    }
  }
}

async function isVirtualEnvironment(folder: string): Promise<boolean> {
  return fs.access(path.join(folder, "pyvenv.cfg")).then(
    () => true,
    () => false,
  );
}

/** Indexes a folder in this thread (CLI, benchmarks, tests); the extension does the same in a worker. */
export async function buildWorkspaceIndex(root: string, options: ScanOptions): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(options.maxFiles);
  for await (const summary of new WorkspaceScanner(root, options).summaries()) index.set(summary);
  return index;
}
