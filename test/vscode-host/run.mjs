#!/usr/bin/env node
// Runs the extension's mocha tests inside a real VS Code extension host, offline:
// code-server 4.100.3 (VS Code 1.100.3 server, Node extension host) + headless Debian chromium driven by
// playwright-core. The workbench page URL carries extensionDevelopmentPath / extensionTestsPath (as VS Code's own
// browser integration tests do); the workbench reports the host's output through window.codeAutomationLog and the
// result through window.codeAutomationExit(code, logs). Called by scripts/run-host-tests.sh; see README.md.
//
// Env (all optional):
//   EXTENSION_DIR          extension under test (default: repo root)
//   EXTENSION_TESTS_PATH   mocha entry exporting run() (default: <repo>/out/test/host/index.js)
//   HOST_WORKSPACE         folder to open (default: <repo>/test/fixtures/workspace)
//   HOST_TEST_TIMEOUT_S    overall limit, seconds (default 600)
//   HOST_START_TIMEOUT_S   limit for the extension host to start running tests (default 120)
//   HOST_ARTIFACTS_DIR     where failure screenshot + logs go (default <repo>/test-artifacts/host)
//   CHROMIUM               browser binary (default /usr/bin/chromium)
//   HOST_VERBOSE=1         also stream code-server's own output and browser console errors
//   HOST_KEEP_TMP=1        keep the temporary user-data/extensions dirs
// Everything else in the environment (e.g. PHI_PAIR_EXTENSION_ID) reaches the extension host process.
import * as fs from "node:fs";
import * as path from "node:path";
import { format } from "node:util";
import {
  CODE_SERVER_ENTRY,
  QUIET_SETTINGS,
  REPO,
  freePort,
  killProcessGroup,
  launchChromium,
  makeSandbox,
  sandboxEnv,
  sleep,
  spawnCodeServer,
  waitHealthy,
} from "./codeServer.mjs";

const env = process.env;
const EXTENSION_DIR = path.resolve(env.EXTENSION_DIR || REPO);
const TESTS_PATH = path.resolve(env.EXTENSION_TESTS_PATH || path.join(REPO, "out/test/host/index.js"));
const WORKSPACE = path.resolve(env.HOST_WORKSPACE || path.join(REPO, "test/fixtures/workspace"));
const TOTAL_TIMEOUT_MS = Number(env.HOST_TEST_TIMEOUT_S || 600) * 1000;
const START_TIMEOUT_MS = Number(env.HOST_START_TIMEOUT_S || 120) * 1000;
const ARTIFACTS = path.resolve(env.HOST_ARTIFACTS_DIR || path.join(REPO, "test-artifacts/host"));
/**
 * A test asks for a screenshot of the workbench by logging "[phi-pair:screenshot] <name>" (test/host/support.ts
 * `screenshot`) and waits for <name>.png to appear here: written under another name, then renamed, so it is whole.
 */
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
const SCREENSHOT_REQUEST = /^\[phi-pair:screenshot\] ([\w-]+)$/;
const CHROMIUM = env.CHROMIUM || "/usr/bin/chromium";
const VERBOSE = env.HOST_VERBOSE === "1";

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1) + "s";
const say = (msg) => process.stdout.write(`[host-tests ${secs()}] ${msg}\n`);

// ---- preflight: clear messages instead of a blank workbench ---------------------------------------------------
function preflight() {
  const problems = [];
  if (!fs.existsSync(CODE_SERVER_ENTRY))
    problems.push(`code-server is not installed (${CODE_SERVER_ENTRY}); run scripts/install-vscode-host.sh`);
  if (!fs.existsSync(CHROMIUM))
    problems.push(`no browser at ${CHROMIUM}; run scripts/install-vscode-host.sh (apt chromium) or set CHROMIUM`);
  const pkgPath = path.join(EXTENSION_DIR, "package.json");
  if (!fs.existsSync(pkgPath)) problems.push(`EXTENSION_DIR ${EXTENSION_DIR} has no package.json`);
  else {
    const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8"));
    if (pkg.main) {
      const main = path.resolve(EXTENSION_DIR, pkg.main);
      if (![main, main + ".js"].some((p) => fs.existsSync(p)))
        problems.push(`extension main ${main} does not exist; run "npm run build" first`);
    }
    say(`extension under test: ${pkg.publisher}.${pkg.name}@${pkg.version} (${EXTENSION_DIR})`);
  }
  if (!fs.existsSync(TESTS_PATH))
    problems.push(`tests entry ${TESTS_PATH} does not exist; run "npm run compile-tests" first`);
  if (!fs.existsSync(WORKSPACE)) problems.push(`workspace folder ${WORKSPACE} does not exist`);
  if (problems.length) {
    for (const p of problems) console.error(`[host-tests] ERROR: ${p}`);
    process.exit(2);
  }
}

// ---- state shared with cleanup ---------------------------------------------------------------------------------
let dirs; // the sandbox: temp user-data, extensions, XDG and TMPDIR folders
let server; // child process (own process group)
let serverExited = null; // exit code/signal once it exited
let browser;
let page;

async function screenshot(name) {
  try {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path: `${file}.partial`, type: "png", timeout: 10_000 });
    fs.renameSync(`${file}.partial`, file);
    say(`screenshot ${path.relative(REPO, file)}`);
  } catch (err) {
    console.error(`[host-tests] screenshot ${name} failed: ${err.message}`);
  }
}
const serverLog = [];
const browserLog = [];
let workbenchLogs = [];
let finishing = false;
let hostStarted = false;
let resultFile; // code-server logged "Launched Extension Host Process"

function writeArtifacts(reason) {
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, "code-server.log"), serverLog.join(""));
    fs.writeFileSync(path.join(ARTIFACTS, "browser-console.log"), browserLog.join("\n") + "\n");
    fs.writeFileSync(path.join(ARTIFACTS, "reason.txt"), reason + "\n");
    for (const { relativePath, contents } of workbenchLogs) {
      const dest = path.join(ARTIFACTS, "workbench-logs", relativePath.replace(/\.\.(\/|\\)/g, ""));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, contents);
    }
    // the extension host's and server's own log files from the temp user-data dir
    if (dirs && fs.existsSync(path.join(dirs["user-data"], "logs"))) {
      fs.cpSync(path.join(dirs["user-data"], "logs"), path.join(ARTIFACTS, "server-logs"), { recursive: true });
    }
  } catch (err) {
    console.error(`[host-tests] could not write artifacts: ${err}`);
  }
}

async function killServer() {
  await killProcessGroup(server, () => serverExited !== null);
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  if (code !== 0) {
    say(`FAILED (exit ${code}): ${reason}`);
    if (page) {
      try {
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, "failure.png"), timeout: 10_000 });
      } catch (err) {
        console.error(`[host-tests] screenshot failed: ${err.message}`);
      }
    }
    writeArtifacts(reason);
    say(`artifacts in ${ARTIFACTS}`);
    if (!VERBOSE) {
      const tail = serverLog.join("").split("\n").slice(-25).join("\n");
      if (tail.trim())
        process.stdout.write(
          `---- last lines of code-server output ----\n${tail}\n------------------------------------------\n`,
        );
    }
  } else {
    say(`PASSED: ${reason}`);
  }
  try {
    if (browser) await Promise.race([browser.close(), sleep(5000)]);
  } catch {
    /* ignore */
  }
  await killServer();
  if (dirs && env.HOST_KEEP_TMP !== "1") fs.rmSync(dirs.root, { recursive: true, force: true });
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => finish(130, `interrupted by ${sig}`));
process.on("uncaughtException", (err) => finish(1, `harness error: ${err.stack || err}`));
process.on("unhandledRejection", (err) => finish(1, `harness error: ${err?.stack || err}`));

// ---- main ------------------------------------------------------------------------------------------------------
async function main() {
  preflight();
  fs.rmSync(ARTIFACTS, { recursive: true, force: true }); // only this run's artifacts in there
  const totalTimer = setTimeout(
    () => finish(124, `overall timeout of ${TOTAL_TIMEOUT_MS / 1000}s reached`),
    TOTAL_TIMEOUT_MS,
  );
  totalTimer.unref();

  dirs = makeSandbox("phi-pair-host-", QUIET_SETTINGS);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  resultFile = path.join(dirs.root, "mocha-result.json"); // written by test/host/index.ts when mocha finishes
  say(`starting code-server on ${base} (tmp ${dirs.root})`);
  server = spawnCodeServer(
    dirs,
    port,
    WORKSPACE,
    sandboxEnv(dirs, { PHI_PAIR_HOST_RESULT_FILE: resultFile, PHI_PAIR_SCREENSHOT_DIR: SCREENSHOTS }),
  );
  const onOut = (chunk) => {
    const s = chunk.toString();
    serverLog.push(s);
    if (VERBOSE) process.stdout.write(s.replace(/^(?=.)/gm, "[code-server] "));
    if (/Launched Extension Host Process/.test(s)) hostStarted = true;
    const died = /Extension Host Process exited with code: (\S+), signal: (\S+)/.exec(s);
    if (died) {
      // Normally the workbench reports the tests' result (codeAutomationExit) right around this; if it does not,
      // the host died before or without reporting.
      setTimeout(() => {
        if (!finishing)
          finish(1, `the extension host exited (code ${died[1]}, signal ${died[2]}) without reporting a test result`);
      }, 15_000).unref();
    }
  };
  server.stdout.on("data", onOut);
  server.stderr.on("data", onOut);
  server.on("exit", (code, signal) => {
    serverExited = code ?? signal;
    if (!finishing) finish(1, `code-server exited unexpectedly (${code ?? signal}) — see code-server.log`);
  });

  if (!(await waitHealthy(base))) return finish(1, "code-server did not answer /healthz within 60s");
  say("code-server is up (/healthz ok)");

  browser = await launchChromium(dirs, CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();

  let exitResolve;
  const exited = new Promise((r) => (exitResolve = r));

  await page.exposeFunction("codeAutomationLog", (type, args) => {
    // console.* arguments from the extension host (printf-style, e.g. mocha's "%d passing (%s)")
    const text = format(...(Array.isArray(args) ? args : [args]));
    const shot = SCREENSHOT_REQUEST.exec(text);
    if (shot) void screenshot(shot[1]);
    (type === "error" ? process.stderr : process.stdout).write(text.endsWith("\n") ? text : text + "\n");
  });
  await page.exposeFunction("codeAutomationExit", (code, logs) => {
    workbenchLogs = Array.isArray(logs) ? logs : [];
    exitResolve(typeof code === "number" ? code : 1);
  });
  page.on("console", (msg) => {
    const line = `[${msg.type()}] ${msg.text()}`;
    browserLog.push(line);
    const t = msg.text();
    if (VERBOSE && (msg.type() === "error" || msg.type() === "warning")) process.stdout.write(`[browser] ${line}\n`);
    // The workbench logs these when the extension host cannot start or dies; report them even when not verbose.
    if (
      /extension host.*(terminated|exited|crash|failed)|Extension host \(.*\) terminated|Failed to load extension|Activating extension .* failed|Cannot find module/i.test(
        t,
      )
    ) {
      process.stdout.write(`[host-tests] workbench: ${t}\n`);
    }
  });
  page.on("pageerror", (err) => browserLog.push(`[pageerror] ${err.stack || err}`));
  page.on("crash", () => finish(1, "the browser page crashed"));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ["extensionDevelopmentPath", remote(EXTENSION_DIR)],
    ["extensionTestsPath", remote(TESTS_PATH)],
  ];
  const url = `${base}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60_000 });
      await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
      break;
    } catch (err) {
      if (attempt >= 3) return finish(1, `workbench page did not load after ${attempt} attempts: ${err.message}`);
      say(`page load attempt ${attempt} failed (${err.message.split("\n")[0]}); retrying`);
      await sleep(2000);
    }
  }
  say("workbench loaded; waiting for the extension host to run the tests");

  const startTimer = setTimeout(() => {
    if (!hostStarted) {
      finish(
        1,
        `the extension host did not start within ${START_TIMEOUT_MS / 1000}s of the workbench loading ` +
          '(code-server never logged "Launched Extension Host Process"). See code-server.log, browser-console.log and ' +
          "server-logs/ in the artifacts; HOST_VERBOSE=1 streams them.",
      );
    }
  }, START_TIMEOUT_MS);
  startTimer.unref();

  const code = await exited;
  clearTimeout(startTimer);
  // Cross-check with mocha's own result: the workbench reports 0 also when the extension host was killed mid-run.
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, "utf8"));
  } catch {
    /* missing: mocha never finished */
  }
  if (code === 0 && !result) {
    return finish(
      1,
      "the workbench reported exit 0 but mocha never finished (extension host crashed or was killed mid-run?)",
    );
  }
  if (code === 0 && result.failures !== 0)
    return finish(1, `mocha reported ${result.failures} failure(s) but the workbench exit code was 0`);
  if (code === 0 && result.tests === 0) return finish(1, "no host tests ran (grep matched nothing?)");
  const counts = result ? ` (${result.passes} passed, ${result.failures} failed, ${result.pending} pending)` : "";
  await finish(
    code,
    code === 0 ? `all host tests passed${counts}` : `extension host tests exited with code ${code}${counts}`,
  );
}

main().catch((err) => finish(1, `harness error: ${err.stack || err}`));
