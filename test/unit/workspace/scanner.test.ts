import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { IndexJobs, type IndexReply } from "../../../src/core/workspace/indexJobs";
import { findWorkspaceFolder, workspaceRelativePath } from "../../../src/core/workspace/folder";
import {
  enabledExcludeGlobs,
  ExcludeGlobs,
  GitignoreFile,
  globToRegExp,
} from "../../../src/core/workspace/ignoreRules";
import { buildWorkspaceIndex, DEFAULT_SCAN_OPTIONS, WorkspaceScanner } from "../../../src/core/workspace/scanner";
import { readOrWriteGolden } from "../prompt/fixtures";

const PROJECT = path.resolve(__dirname, "../../../../test/fixtures/workspace-project");
const CLI = path.resolve(__dirname, "../../../src/cli/complete.js");

function tree(root: string, files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}

async function indexedFiles(
  root: string,
  options: Partial<typeof DEFAULT_SCAN_OPTIONS> = {},
  log: string[] = [],
): Promise<string[]> {
  const index = await buildWorkspaceIndex(root, {
    ...DEFAULT_SCAN_OPTIONS,
    ...options,
    log: (message) => log.push(message),
  });
  return [...index.files()].sort();
}

describe("workspace ignore rules", () => {
  it("reads globs as git and VS Code do", () => {
    const cases: [string, string, boolean][] = [
      ["**/.git", ".git", true],
      ["**/.git", "a/b/.git", true],
      ["*.py", "a.py", true],
      ["*.py", "a/b.py", false],
      ["a/**/b.py", "a/b.py", true],
      ["a/**/b.py", "a/x/y/b.py", true],
      ["a/**", "a/x/y", true],
      ["**/node_modules", "web/node_modules", true],
      ["**/*.{pyc,pyo}", "x/y.pyo", true],
      ["file?.py", "file1.py", true],
      ["file[!0-9].py", "file1.py", false],
      ["file[!0-9].py", "filex.py", true],
      ["a.b", "axb", false],
    ];
    for (const [glob, file, expected] of cases)
      assert.equal(globToRegExp(glob).test(file), expected, `${glob} ~ ${file}`);
    assert.equal(globToRegExp("[z-a]").test("a"), false, "a malformed class matches nothing instead of throwing");
  });

  it("applies .gitignore lines: unanchored at any depth, anchored, folders only, last match wins, ! re-includes", () => {
    const gitignore = new GitignoreFile(
      "# comment\n\n*.log\n/build\ncache/\n*_generated.py\n!keep_generated.py\ndocs/*.py\n",
    );
    const decide = (file: string, dir = false) => gitignore.decide(file, dir);
    assert.equal(decide("a/b/x.log"), true);
    assert.equal(decide("build", true), true);
    assert.equal(decide("src/build", true), undefined, "/build is anchored");
    assert.equal(decide("src/cache", true), true);
    assert.equal(decide("src/cache"), undefined, "cache/ matches folders only");
    assert.equal(decide("m_generated.py"), true);
    assert.equal(decide("keep_generated.py"), false);
    assert.equal(decide("docs/a.py"), true);
    assert.equal(decide("docs/sub/a.py"), undefined);
  });

  it("takes only the files.exclude entries that are on", () => {
    assert.deepEqual(enabledExcludeGlobs({ "**/.git": true, "**/off": false, "**/*.js": { when: "$(basename).ts" } }), [
      "**/.git",
    ]);
    assert.ok(new ExcludeGlobs(["**/legacy"]).matches("src/legacy"));
  });
});

describe("workspace scanner", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-workspace-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("indexes Python files, skipping .gitignore'd paths (nested files too), files.exclude, .git and virtual environments", async () => {
    tree(root, {
      ".gitignore": "build/\n",
      "app/.gitignore": "local_*.py\n",
      "app/main.py": "def main(): ...\n",
      "app/local_settings.py": "SECRET = 1\n",
      "build/lib/app.py": "x = 1\n",
      "legacy/old.py": "x = 1\n",
      ".git/hooks/x.py": "x = 1\n",
      ".venv/pyvenv.cfg": "home = /usr/bin\n",
      ".venv/lib/site.py": "x = 1\n",
      "README.md": "not python",
    });
    assert.deepEqual(await indexedFiles(root, { exclude: ["**/legacy"] }), ["app/main.py"]);
  });

  it("skips huge and binary files with a log line, and stops at maxFiles", async () => {
    tree(root, {
      "a.py": "x = 1\n",
      "big.py": `x = "${"a".repeat(2000)}"\n`,
      "blob.py": Buffer.from([0x78, 0x00, 0x01]),
      "c.py": "y = 2\n",
    });
    const log: string[] = [];
    assert.deepEqual(await indexedFiles(root, { maxFileBytes: 1000 }, log), ["a.py", "c.py"]);
    assert.ok(
      log.some((line) => line.includes("big.py") && line.includes("KiB")),
      log.join("\n"),
    );
    assert.ok(
      log.some((line) => line.includes("blob.py (binary)")),
      log.join("\n"),
    );
    const limited: string[] = [];
    assert.deepEqual(await indexedFiles(root, { maxFiles: 1 }, limited), ["a.py"]);
    assert.ok(limited.some((line) => line.includes("more than 1 Python files")));
  });

  it("follows no symlink out of the folder, and links inside it only once", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-outside-"));
    try {
      tree(outside, { "secret.py": "TOKEN = 'x'\n" });
      tree(root, { "pkg/mod.py": "def f(): ...\n" });
      fs.symlinkSync(outside, path.join(root, "linked"));
      fs.symlinkSync(path.join(outside, "secret.py"), path.join(root, "secret.py"));
      fs.symlinkSync(path.join(root, "pkg"), path.join(root, "pkg", "loop"));
      const log: string[] = [];
      assert.deepEqual(await indexedFiles(root, {}, log), ["pkg/mod.py"]);
      assert.ok(
        log.some((line) => line.includes("not following linked")),
        log.join("\n"),
      );
      const scanner = new WorkspaceScanner(root, { ...DEFAULT_SCAN_OPTIONS, log: () => undefined });
      assert.equal(await scanner.summarize("secret.py"), undefined);
      assert.equal(await scanner.summarize("../outside.py"), undefined);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("re-reads one changed file and forgets a deleted or newly ignored one", async () => {
    tree(root, { "m.py": "def f(): ...\n" });
    const scanner = new WorkspaceScanner(root, { ...DEFAULT_SCAN_OPTIONS, log: () => undefined });
    assert.deepEqual(
      (await scanner.summarize("m.py"))?.definitions.map((d) => d.name),
      ["f"],
    );
    fs.writeFileSync(path.join(root, "m.py"), "def g(): ...\n");
    assert.deepEqual(
      (await scanner.summarize("m.py"))?.definitions.map((d) => d.name),
      ["g"],
    );
    fs.writeFileSync(path.join(root, ".gitignore"), "m.py\n");
    scanner.forgetGitignores();
    assert.equal(await scanner.summarize("m.py"), undefined);
    fs.rmSync(path.join(root, "m.py"));
    assert.equal(await scanner.summarize("m.py"), undefined);
  });

  it("runs the index worker's jobs: a scan in batches, then updates and removals; a superseded scan stops", async () => {
    tree(
      root,
      Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`m${String(i).padStart(2, "0")}.py`, `def f${i}(): ...\n`]),
      ),
    );
    const replies: IndexReply[] = [];
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const jobs = new IndexJobs((reply) => {
      replies.push(reply);
      if (reply.type === "modules" && reply.removed.length > 0) settle();
    });
    const options = { maxFiles: 100, maxFileBytes: 10_000, exclude: [] };
    jobs.handle({ type: "scan", key: "a", generation: 1, folder: root, options });
    jobs.handle({ type: "scan", key: "a", generation: 2, folder: root, options });
    fs.rmSync(path.join(root, "m00.py"));
    jobs.handle({ type: "update", key: "a", generation: 2, files: ["m00.py", "m01.py"] });
    await done;
    assert.ok(
      !replies.some((reply) => reply.type === "scanned" && reply.generation === 1),
      "the first scan was superseded",
    );
    const modules = replies.filter((reply) => reply.type === "modules" && reply.generation === 2);
    assert.ok(modules.length >= 2, "summaries come in batches");
    const last = modules.at(-1) as Extract<IndexReply, { type: "modules" }>;
    assert.deepEqual(last.removed, ["m00.py"]);
    assert.deepEqual(
      last.summaries.map((summary) => summary.file),
      ["m01.py"],
    );
    assert.ok(replies.some((reply) => reply.type === "scanned" && reply.generation === 2 && reply.files === 59));
  });

  it("finds the workspace folder above a file by pyproject.toml, setup.py or .git", () => {
    tree(root, { "proj/setup.py": "", "proj/pkg/mod.py": "", "loose/x.py": "" });
    assert.equal(findWorkspaceFolder(path.join(root, "proj/pkg/mod.py")), fs.realpathSync(path.join(root, "proj")));
    assert.equal(workspaceRelativePath(path.join(root, "proj"), path.join(root, "proj/pkg/mod.py")), "pkg/mod.py");
    assert.equal(workspaceRelativePath(path.join(root, "proj"), path.join(root, "loose/x.py")), undefined);
  });
});

describe("phi-pair-complete --prompt-only", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });

  it("prints the exact prompt at LINE:COL with the stubs of the workspace modules the file imports (golden)", () => {
    const result = run(["--prompt-only", path.join(PROJECT, "src/shop/checkout.py"), "17:5"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, readOrWriteGolden(path.join(PROJECT, "expected.prompt.txt"), result.stdout));
    assert.match(
      result.stdout,
      /\nclass Repository:\n    def find\(self, sku: str\) -> Item \| None: \.\.\.\n    def __init__\(self\): \.\.\.\n/,
      "the member another module uses (checkout.py: store.find) first",
    );
    assert.doesNotMatch(
      result.stdout,
      /Leftover|Generated|_reindex/,
      ".gitignore'd files and private methods stay out",
    );
  });

  it("takes similar code from the --open files, before the current file's header", () => {
    const file = path.join(PROJECT, "src/shop/reports.py");
    const result = run(["--prompt-only", "--open", path.join(PROJECT, "src/shop/checkout.py"), file, "7:5"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^# file: src\/shop\/checkout\.py\n(.*\n)*def checkout\(store: repo\.Repository, skus: list\[str\]\) -> Order:\n(.*\n)*# file: src\/shop\/reports\.py\n/,
    );
    const outside = run(["--prompt-only", "--open", path.join(PROJECT, "../prompt/x.py"), file, "7:5"]);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /not inside the workspace folder/);
  });

  it("takes --workspace, and --no-workspace gives the file alone", () => {
    const file = path.join(PROJECT, "src/shop/checkout.py");
    const explicit = run(["--prompt-only", "--workspace", PROJECT, file, "17:5"]);
    assert.equal(explicit.stdout, run(["--prompt-only", file, "17:5"]).stdout);
    const alone = run(["--prompt-only", "--no-workspace", file, "17:5"]);
    assert.equal(alone.status, 0, alone.stderr);
    assert.ok(alone.stdout.startsWith('"""Checkout."""\n'), alone.stdout);
    const outside = run(["--prompt-only", "--workspace", path.join(PROJECT, "src/shop/storage"), file, "17:5"]);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /not inside the workspace folder/);
  });
});
