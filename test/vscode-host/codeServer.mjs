// Starting code-server and headless chromium in throwaway folders: shared by run.mjs (extension tests) and
// e2e.mjs (the packaged .vsix driven through the browser).
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, "../..");
export const CODE_SERVER_ENTRY = path.join(HERE, "node_modules/code-server/out/node/entry.js");

/** User and machine settings that keep the workbench quiet, offline and from writing typed text to disk. */
export const QUIET_SETTINGS = {
  "files.autoSave": "off",
  "files.hotExit": "off",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "editor.inlineSuggest.enabled": true,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "workbench.startupEditor": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "git.enabled": false,
  "npm.autoDetect": "off",
  "typescript.tsserver.experimental.enableProjectDiagnostics": false,
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A temp folder with user-data, extensions, XDG and TMPDIR folders, and settings for both scopes. */
export function makeSandbox(prefix, settings) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = { root };
  for (const d of ["user-data", "extensions", "xdg-config", "xdg-data", "xdg-cache", "home", "tmp"]) {
    dirs[d] = path.join(root, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  for (const scope of ["User", "Machine"]) {
    fs.mkdirSync(path.join(dirs["user-data"], scope), { recursive: true });
    fs.writeFileSync(path.join(dirs["user-data"], scope, "settings.json"), JSON.stringify(settings, null, 2));
  }
  return dirs;
}

/** Environment for code-server and chromium: nothing written under the real home or XDG folders. */
export function sandboxEnv(dirs, extra = {}) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: dirs["xdg-config"],
    XDG_DATA_HOME: dirs["xdg-data"],
    XDG_CACHE_HOME: dirs["xdg-cache"],
    TMPDIR: dirs.tmp, // the extension host's vscode-ipc-*.sock files go here, removed with the rest
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
    ...extra,
  };
}

/** `code-server --install-extension <vsix>` into the sandbox's extensions folder; throws with its output on failure. */
export function installExtension(dirs, vsix) {
  const result = spawnSync(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      "--user-data-dir",
      dirs["user-data"],
      "--extensions-dir",
      dirs.extensions,
      "--install-extension",
      vsix,
    ],
    {
      env: sandboxEnv(dirs),
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/was successfully installed/.test(output))
    throw new Error(`installing ${vsix} failed (${result.status ?? result.signal}):\n${output}`);
  return output.trim();
}

/** Spawns code-server (own process group, so killing it takes the extension host along) on `port`. */
export function spawnCodeServer(dirs, port, folder, env) {
  const configFile = path.join(dirs.root, "config.yaml");
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--config",
    configFile,
    "--user-data-dir",
    dirs["user-data"],
    "--extensions-dir",
    dirs.extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    folder,
  ];
  return spawn(process.execPath, args, { cwd: dirs.root, detached: true, stdio: ["ignore", "pipe", "pipe"], env });
}

/** Resolves once /healthz answers; false after `timeoutMs`. */
export async function waitHealthy(base, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

export async function killProcessGroup(child, exited) {
  if (!child || exited()) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* gone */
  }
  for (let i = 0; i < 30 && !exited(); i++) await sleep(100);
  if (!exited()) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

export function launchChromium(dirs, executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    // chromium writes crash reports / dconf under $XDG_CONFIG_HOME, $XDG_CACHE_HOME even with a temp profile
    env: {
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs["xdg-config"],
      XDG_CACHE_HOME: dirs["xdg-cache"],
      XDG_DATA_HOME: dirs["xdg-data"],
    },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
