/**
 * Mocha entry loaded INSIDE the VS Code extension host (extensionTestsPath = out/test/host/index.js).
 *
 * VS Code calls `run()` once the extension under development is loaded; the promise's outcome becomes the
 * host's exit code (resolve -> 0, reject -> 1). Used by both runners:
 *   - scripts/run-host-tests.sh (code-server + headless chromium; what CI runs, offline)
 *   - test/host/runWithElectron.ts (@vscode/test-electron; needs internet to download VS Code)
 *
 * Environment (read in the extension host's process):
 *   PHI_PAIR_HOST_GREP     only run tests whose full title matches this regexp (mocha --grep)
 *   PHI_PAIR_HOST_TIMEOUT  per-test timeout in ms (default 60000)
 *   PHI_PAIR_HOST_RESULT_FILE  set by run-host-tests: mocha's final counts are written there as JSON. The harness
 *                          only reports a pass if that file says mocha finished with 0 failures — the workbench
 *                          alone reports exit code 0 even when the extension host is killed mid-run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

/** Every *.test.js below `dir`, sorted so the order is stable across runs. */
export function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith(".test.js")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function run(): Promise<void> {
  const timeout = Number(process.env.PHI_PAIR_HOST_TIMEOUT ?? "60000");
  const mocha = new Mocha({
    ui: "bdd",
    color: false, // the log goes through the workbench to stdout; ANSI codes would be escaped there
    reporter: "spec",
    timeout: Number.isFinite(timeout) && timeout > 0 ? timeout : 60000,
  });
  if (process.env.PHI_PAIR_HOST_GREP) mocha.grep(new RegExp(process.env.PHI_PAIR_HOST_GREP));

  const testsRoot = __dirname; // out/test/host
  const files = findTestFiles(testsRoot);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files under ${testsRoot} (did you run "npm run compile-tests"?)`));
  }
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const resultFile = process.env.PHI_PAIR_HOST_RESULT_FILE;
        if (resultFile) {
          const { passes, pending, tests } = runner.stats ?? { passes: -1, pending: -1, tests: -1 };
          fs.writeFileSync(
            resultFile,
            JSON.stringify({ finished: true, failures, passes, pending, tests, files: files.length }),
          );
        }
        if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
