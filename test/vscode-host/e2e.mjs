#!/usr/bin/env node
// End to end, as a user meets it: the packaged .vsix installed into code-server with `--install-extension`,
// scripted fixture models (real inference through node-llama-cpp, fixed output) set as phiPair.model.path in the
// settings.json files of a temp user-data dir, and headless chromium typing into Python files of a temp workspace:
//   1. a signature + docstring → the model's body as ghost text → Tab inserts it (the saved file is checked);
//   2. Phi Pair: Explain Code → the explanation in the panel, the model's raw HTML shown as inert text;
//   3. a suggestion calling yaml.load → flagged in the status bar → listed in the Flagged Suggestions view;
//   4. the "Get started with Phi Pair" walkthrough (opened first, as after an install) shows its steps and media,
//      and the steps done above are checked off.
// Steps 2 and 3 run when the installed extension contributes their commands. Screenshots of every step go to
// test-artifacts/e2e/. Called by scripts/e2e.sh (which builds the fixtures and the .vsix).
//
// Env: E2E_VSIX (required), E2E_TIMEOUT_S (default 300), E2E_ARTIFACTS_DIR (default test-artifacts/e2e),
//      CHROMIUM (default /usr/bin/chromium), E2E_KEEP_TMP=1.
import * as fs from "node:fs";
import * as path from "node:path";
import fixtures from "../../out/scripts/fixture-models/fixtures.js";
import {
  QUIET_SETTINGS,
  REPO,
  freePort,
  installExtension,
  killProcessGroup,
  launchChromium,
  makeSandbox,
  sandboxEnv,
  sleep,
  spawnCodeServer,
  waitHealthy,
} from "./codeServer.mjs";

const env = process.env;
const VSIX = path.resolve(env.E2E_VSIX ?? "");
const ARTIFACTS = path.resolve(env.E2E_ARTIFACTS_DIR || path.join(REPO, "test-artifacts/e2e"));
const CHROMIUM = env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT_MS = Number(env.E2E_TIMEOUT_S || 300) * 1000;

// What the user types. The editor indents each new line, so a suggestion shows without the model's leading
// newline and indentation, and after Tab the file holds the typed code plus the model's text.
const SUM = {
  header: "# Phi Pair end-to-end check\n\n",
  signature: "def total_of(values):",
  docstring: '"""Return the sum of values."""',
  fixture: "sumBody",
};
const YAML = {
  header: "import yaml\n\n\n",
  signature: "def load_config(stream):",
  docstring: '"""Load the configuration from a YAML stream."""',
  fixture: "yamlLoadBody",
};
const shownPart = (fixture) => fixtures.scriptedText(fixture).replace(/^\n {4}/, "");
const fileAfterTab = (f) => `${f.header}${f.signature}\n    ${f.docstring}${fixtures.scriptedText(f.fixture)}`;

const t0 = Date.now();
const say = (msg) => process.stdout.write(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

let dirs;
let server;
let serverExited = false;
let browser;
let page;
const serverLog = [];
const browserLog = [];
const shots = [];
let finishing = false;

async function shoot(name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
  say(`screenshot ${path.relative(REPO, file)}`);
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  say(`${code === 0 ? "PASSED" : `FAILED (exit ${code})`}: ${reason}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  if (code !== 0) {
    if (page) {
      await page.screenshot({ path: path.join(ARTIFACTS, "failure.png") }).catch(() => undefined);
      const html = await page
        .evaluate(() => document.querySelector(".editor-instance .monaco-editor")?.outerHTML)
        .catch(() => undefined);
      if (html) fs.writeFileSync(path.join(ARTIFACTS, "editor.html"), html);
    }
    if (dirs && fs.existsSync(path.join(dirs["user-data"], "logs"))) {
      fs.cpSync(path.join(dirs["user-data"], "logs"), path.join(ARTIFACTS, "server-logs"), { recursive: true });
    }
  }
  fs.writeFileSync(path.join(ARTIFACTS, "code-server.log"), serverLog.join(""));
  fs.writeFileSync(path.join(ARTIFACTS, "browser-console.log"), browserLog.join("\n") + "\n");
  fs.writeFileSync(path.join(ARTIFACTS, "result.txt"), `${code === 0 ? "passed" : "failed"}: ${reason}\n`);
  if (browser) await Promise.race([browser.close(), sleep(5000)]).catch(() => undefined);
  await killProcessGroup(server, () => serverExited);
  if (dirs && env.E2E_KEEP_TMP !== "1") fs.rmSync(dirs.root, { recursive: true, force: true });
  process.exit(code);
}

/** Polls `check` until it returns a truthy value; `nudge` runs between tries (e.g. to re-trigger suggestions). */
async function waitFor(what, check, { timeoutMs = 60_000, everyMs = 500, nudge } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let tries = 1; ; tries++) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    if (nudge) await nudge(tries);
    await sleep(everyMs);
  }
}

/**
 * The ghost text on screen: the grey tokens on the cursor line (one span each), then the lines VS Code previews
 * below it in a view zone.
 */
async function ghostText() {
  return page.evaluate(() => {
    const text = (el) => el.textContent.replace(/\u00a0/g, " ");
    const inline = [...document.querySelectorAll(".monaco-editor .view-lines .ghost-text-decoration")]
      .map(text)
      .join("");
    const below = [...document.querySelectorAll(".monaco-editor .suggest-preview-text .view-line")].map(text);
    return [inline, ...below].join("\n");
  });
}

/**
 * Edits the settings.json files as a user would; the workbench picks the change up. In code-server, settings with
 * "machine" scope (such as phiPair.model.path) come from the Machine (remote) file, the others from User.
 */
function setSettings(changes) {
  for (const scope of ["User", "Machine"]) {
    const file = path.join(dirs["user-data"], scope, "settings.json");
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), ...changes }, null, 2));
  }
}

/**
 * Points phiPair.model.path at another fixture and waits until the extension dropped the old model (the status bar
 * shows "not loaded" again); nothing may touch the editor in between, or a warm-up would load the new one at once.
 */
async function switchModel(fixture) {
  setSettings({ "phiPair.model.path": fixtures.scriptedFixturePath(fixture) });
  await page
    .locator(".statusbar-item", { hasText: "Phi-2", has: page.locator(".codicon-circle-outline") })
    .first()
    .waitFor({ timeout: 20_000 });
  say(`model switched to the ${fixture} fixture`);
}

async function openFromExplorer(name) {
  // Quick Open can take Enter before its results arrive: open files from the Explorer instead.
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: name });
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page.locator(".tab.active", { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
}

/** Runs a command from the Command Palette by its title, clicking its row once the list shows it. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/** Types a signature and a docstring at the end of the active file; resolves with the ghost text once it is `expected`. */
async function typeFunctionAndWaitForSuggestion(f, expected) {
  await page.keyboard.press("Control+End");
  await page.keyboard.type(f.signature, { delay: 20 });
  await page.keyboard.press("Enter");
  await page.keyboard.type(f.docstring, { delay: 20 });
  await page.keyboard.press("Enter");
  say(`typed ${f.signature} and its docstring; waiting for ghost text`);
  // The first request loads the model; while nothing (or a stale suggestion) shows, ask again with
  // Phi Pair: Suggest Here (Alt+\). The preview lines below the cursor line render a moment after the inline part.
  let last = "";
  try {
    return await waitFor("ghost text", async () => (last = await ghostText()) === expected && last, {
      timeoutMs: 90_000,
      nudge: async (tries) => {
        if (tries % 10 === 0) await page.keyboard.press(last ? "Escape" : "Alt+Backslash");
      },
    });
  } catch (error) {
    throw new Error(`${error.message}: expected ${JSON.stringify(expected)}, last shown ${JSON.stringify(last)}`);
  }
}

async function acceptAndSave(file, expected) {
  await page.keyboard.press("Tab");
  await waitFor("the ghost text to be accepted", async () => !(await ghostText()).trim(), { timeoutMs: 10_000 });
  await page.keyboard.press("Control+S");
  let saved = "";
  try {
    await waitFor("the saved file", () => (saved = fs.readFileSync(file, "utf8")) === expected, { timeoutMs: 10_000 });
  } catch (error) {
    throw new Error(`${error.message}: expected ${JSON.stringify(expected)}, the file holds ${JSON.stringify(saved)}`);
  }
}

/** The Explain panel's answer element, inside the webview's nested frames. */
async function explainAnswer() {
  for (const frame of page.frames()) {
    const answer = await frame
      .evaluate(() => {
        const element = document.getElementById("answer");
        return (
          element && {
            text: element.textContent,
            html: element.innerHTML,
            images: element.querySelectorAll("img").length,
          }
        );
      })
      .catch(() => null);
    if (answer) return answer;
  }
  return null;
}

async function stepSuggestion(workspace) {
  await openFromExplorer("stats.py");
  // The extension activates on the Python file; keystrokes before that never reach its provider.
  await page.locator(".statusbar-item", { hasText: "Phi-2" }).first().waitFor({ timeout: 60_000 });
  say("extension active (status bar shows Phi-2)");
  const suggestion = await typeFunctionAndWaitForSuggestion(SUM, shownPart(SUM.fixture));
  say(`ghost text: ${JSON.stringify(suggestion)}`);
  await shoot("01-ghost-text");
  await acceptAndSave(path.join(workspace, "stats.py"), fileAfterTab(SUM));
  say("Tab inserted the suggestion; the saved file is the typed code plus the model's text");
  await shoot("02-accepted");
}

async function stepExplain() {
  const answerFixture = "htmlAnswer";
  await switchModel(answerFixture);
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown"); // on the def line: the function around the cursor is explained
  await runCommand("Phi Pair: Explain Code");
  // The scripted answer carries raw HTML: it must show as text, never become an element.
  const expected = fixtures.scriptedText(answerFixture).trim();
  let answer = null;
  try {
    answer = await waitFor(
      "the explanation",
      async () => {
        answer = await explainAnswer();
        return answer && answer.text.includes("done") && answer;
      },
      { timeoutMs: 90_000 },
    );
  } catch (error) {
    throw new Error(
      `${error.message}: expected the text of ${JSON.stringify(expected)}, the panel shows ${JSON.stringify(answer)}`,
    );
  }
  say(`explanation: ${JSON.stringify(answer.text.trim())}`);
  if (!answer.text.includes("<img src=x onerror = alert(1)>") || answer.images !== 0)
    throw new Error(`the model's HTML was not shown as inert text: ${answer.html}`);
  if (!/<strong>done<\/strong>/.test(answer.html))
    throw new Error(`the answer's Markdown was not rendered: ${answer.html}`);
  await shoot("03-explain");
  await runCommand("View: Close All Editors"); // the next step starts from a clean editor area
}

async function stepFlagged(workspace) {
  await switchModel(YAML.fixture);
  await openFromExplorer("config_loader.py");
  const suggestion = await typeFunctionAndWaitForSuggestion(YAML, shownPart(YAML.fixture));
  say(`ghost text: ${JSON.stringify(suggestion)}`);
  const flag = page.locator(".statusbar-item", { hasText: "yaml-unsafe-load" }).first();
  await flag.waitFor({ timeout: 10_000 });
  say(`status bar: ${JSON.stringify((await flag.textContent()).trim())}`);
  await shoot("05-flagged-suggestion");
  await acceptAndSave(path.join(workspace, "config_loader.py"), fileAfterTab(YAML));
  await runCommand("Phi Pair: Review Flagged Suggestions");
  const pane = page.locator(".pane", { has: page.locator(".pane-header", { hasText: "Flagged Suggestions" }) });
  const row = pane.locator(".monaco-list-row", { hasText: /yaml/i }).first();
  await row.waitFor({ timeout: 15_000 });
  say(`Flagged Suggestions lists: ${JSON.stringify((await row.textContent()).trim())}`);
  await shoot("04-flagged");
}

/** Opens the walkthrough from Welcome: Open Walkthrough…; resolves with its steps once they show. */
async function openWalkthrough() {
  await runCommand("Welcome: Open Walkthrough...");
  const entry = page.locator(".quick-input-widget .monaco-list-row", { hasText: "Get started with Phi Pair" }).first();
  await entry.waitFor({ timeout: 10_000 });
  await entry.click();
  const steps = page.locator(".getting-started-step");
  await steps.filter({ hasText: "Get a model" }).first().waitFor({ timeout: 15_000 });
  return steps;
}

/**
 * A first-time user starts from the walkthrough (VS Code opens it after the install). It also starts VS Code's
 * walkthrough service, which records steps' completion events only from then on (with workbench.startupEditor
 * "none", nothing starts it earlier).
 */
async function stepOpenWalkthrough() {
  await openWalkthrough();
  // Its Markdown media is a webview that can hold the focus, and F1 there never reaches the Command Palette.
  const tab = page.locator(".tab", { hasText: "Walkthrough" });
  await tab.locator(".codicon-close").click();
  await tab.waitFor({ state: "detached", timeout: 10_000 });
  say("walkthrough opened and closed");
}

/** The walkthrough shows its steps with their media, and the steps this run did are checked off. */
async function stepWalkthrough(commands) {
  await runCommand("View: Close Primary Side Bar"); // room for the walkthrough's two columns
  const steps = await openWalkthrough();
  const titles = (await page.locator(".getting-started-step .step-title").allTextContents())
    .map((t) => t.trim())
    .filter(Boolean);
  say(`walkthrough steps: ${JSON.stringify(titles)}`);
  for (const title of ["Get a model", "Try a suggestion", "Keys and settings"]) {
    if (!titles.includes(title)) throw new Error(`the walkthrough has no "${title}" step`);
  }
  // The first step's media is Markdown rendered in a webview: its heading must show. VS Code expands the first
  // step not yet done, and this run already set the model path (the step's completion event): open it by hand.
  await steps.filter({ hasText: "Get a model" }).first().locator(".step-title").click();
  await waitFor(
    "the walkthrough's Markdown media",
    async () => {
      for (const frame of page.frames()) {
        if (
          await frame
            .evaluate(() => document.body?.textContent?.includes("A model that runs on your computer"))
            .catch(() => false)
        )
          return true;
      }
      return false;
    },
    // a liveness wait, not a speed check: under load on a 2-core VM the webview took over 15 s (2026-12-08)
    { timeoutMs: 60_000 },
  );
  // The steps done earlier in this run are checked off by their completion events.
  const checked = [];
  for (const title of ["Try a suggestion", ...(commands.has("phiPair.explainCode") ? ["Explain code"] : [])]) {
    const step = steps.filter({ hasText: title }).first();
    if ((await step.getAttribute("aria-checked")) !== "true")
      throw new Error(`the walkthrough step "${title}" is not checked off after the e2e did it`);
    checked.push(title);
  }
  say(`walkthrough steps checked off: ${JSON.stringify(checked)}`);
  await shoot("06-walkthrough");
}

async function main() {
  if (!env.E2E_VSIX || !fs.existsSync(VSIX))
    throw new Error(`E2E_VSIX must name a built .vsix (got "${env.E2E_VSIX ?? ""}"); run npm run package`);
  for (const name of [SUM.fixture, YAML.fixture, "htmlAnswer"]) {
    if (!fs.existsSync(fixtures.scriptedFixturePath(name)))
      throw new Error(`fixture model ${name} is missing; run npm run fixtures`);
  }
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  setTimeout(() => finish(124, `overall timeout of ${TIMEOUT_MS / 1000}s reached`), TIMEOUT_MS).unref();

  dirs = makeSandbox("phi-pair-e2e-", {
    ...QUIET_SETTINGS,
    "phiPair.model.path": fixtures.scriptedFixturePath(SUM.fixture),
    "phiPair.inference.threads": 1,
    // Typed quotes stay as typed (no auto-closed pairs to skip over); a clean, legible editor for screenshots.
    "editor.autoClosingQuotes": "never",
    "editor.autoClosingBrackets": "never",
    "editor.minimap.enabled": false,
    "editor.fontSize": 15,
    "workbench.colorTheme": "Default Dark Modern",
    "breadcrumbs.enabled": false,
    "workbench.layoutControl.enabled": false,
    "chat.commandCenter.enabled": false,
  });
  const workspace = path.join(dirs.root, "workspace");
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, "stats.py"), SUM.header);
  fs.writeFileSync(path.join(workspace, "config_loader.py"), YAML.header);

  say(`installing ${path.relative(REPO, VSIX)} (${(fs.statSync(VSIX).size / 1024 / 1024).toFixed(1)} MiB)`);
  say(installExtension(dirs, VSIX).split("\n").pop());
  const [installed] = fs.readdirSync(dirs.extensions).filter((name) => name.startsWith("phi-pair.phi-pair-"));
  const commands = new Set(
    JSON.parse(fs.readFileSync(path.join(dirs.extensions, installed, "package.json"), "utf8")).contributes.commands.map(
      (c) => c.command,
    ),
  );

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawnCodeServer(dirs, port, workspace, sandboxEnv(dirs));
  server.stdout.on("data", (chunk) => serverLog.push(chunk.toString()));
  server.stderr.on("data", (chunk) => serverLog.push(chunk.toString()));
  server.on("exit", (code, signal) => {
    serverExited = true;
    finish(1, `code-server exited unexpectedly (${code ?? signal})`);
  });
  if (!(await waitHealthy(base))) throw new Error("code-server did not answer /healthz within 60s");
  say(`code-server is up on ${base}`);

  browser = await launchChromium(dirs, CHROMIUM);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
  page.on("console", (msg) => browserLog.push(`[${msg.type()}] ${msg.text()}`));
  page.on("pageerror", (err) => browserLog.push(`[pageerror] ${err.stack || err}`));
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, {
    waitUntil: "domcontentloaded",
    timeout: 60_000,
  });
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  say("workbench loaded");

  const done = [];
  const skipped = [];
  await stepOpenWalkthrough();
  await stepSuggestion(workspace);
  done.push("suggestion");
  if (commands.has("phiPair.explainCode")) {
    await stepExplain();
    done.push("explain");
  } else skipped.push("explain (phiPair.explainCode not contributed)");
  if (commands.has("phiPair.reviewFlagged")) {
    await stepFlagged(workspace);
    done.push("flagged");
  } else skipped.push("flagged (phiPair.reviewFlagged not contributed)");
  await stepWalkthrough(commands);
  done.push("walkthrough");
  if (skipped.length) say(`skipped: ${skipped.join(", ")}`);
  await finish(
    0,
    `${done.join(", ")} passed${skipped.length ? `; skipped ${skipped.length}` : ""} (${shots.length} screenshots in ${path.relative(REPO, ARTIFACTS)})`,
  );
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => finish(130, `interrupted by ${sig}`));
main().catch((err) => finish(1, err.stack || String(err)));
