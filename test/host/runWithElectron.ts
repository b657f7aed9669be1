/**
 * Alternative runner for machines WITH internet (a developer laptop): @vscode/test-electron downloads desktop
 * VS Code and runs out/test/host/index.js in it. It cannot work offline (the download fails with ENOTFOUND), so
 * CI uses scripts/run-host-tests.sh (code-server) instead.
 *
 *   npm run compile-tests && npm run build && node out/test/host/runWithElectron.js
 *
 * Env: VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 embeds), EXTENSION_DIR (default repo root).
 */
import * as path from "node:path";
import * as fs from "node:fs";
import * as os from "node:os";
import { runTests } from "@vscode/test-electron";

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, "../../..");
  const extensionDevelopmentPath = path.resolve(process.env.EXTENSION_DIR ?? repoRoot);
  const extensionTestsPath = path.join(repoRoot, "out/test/host/index.js");
  const workspace = path.join(repoRoot, "test/fixtures/workspace");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-electron-user-"));
  fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, "User/settings.json"),
    JSON.stringify(
      {
        "files.autoSave": "off",
        "files.hotExit": "off",
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
        "editor.inlineSuggest.enabled": true,
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
      },
      null,
      2,
    ),
  );
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? "1.100.3",
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, "--user-data-dir", userDataDir, "--disable-extensions", "--disable-workspace-trust"],
    });
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error("host tests failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
