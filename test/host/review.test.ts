import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { PRIMER_MODULES, PRIMING_ROUNDS, suggestionSamples } from "../../src/core/lint/primer";
import type { FlaggedRecord } from "../../src/core/review/store";
import type { PhiPairApi } from "../../src/extension/extension";
import type { FlaggedNode } from "../../src/extension/review/flaggedTree";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const YAML_FUNCTION =
  'import yaml\n\n\ndef load_config(stream):\n    """Load the configuration from a YAML stream."""\n█';
const EVAL_FUNCTION = 'def calculate(expression):\n    """Evaluate the arithmetic expression."""\n█';

/** Polls until `probe` returns something truthy (the lint and the accept command run asynchronously). */
async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === "object" ? diagnostic.code : undefined);

function phiDiagnostics(uri: vscode.Uri, ruleId: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Phi Pair" && codeOf(d)?.value === ruleId);
}

/** The Flagged Suggestions view's rows for one document, as its TreeDataProvider gives them. */
function viewRows(api: PhiPairApi, uri: vscode.Uri): { record: FlaggedRecord; item: vscode.TreeItem }[] {
  const tree = api.ctx.review.tree;
  const file = tree.getChildren().find((node) => node.kind === "file" && node.documentUri === uri.toString());
  if (!file) return [];
  return tree.getChildren(file).map((node: FlaggedNode) => ({
    record: (node as Extract<FlaggedNode, { kind: "record" }>).record,
    item: tree.getTreeItem(node),
  }));
}

describe("Review of flagged suggestions", function () {
  this.timeout(120_000);
  let api: PhiPairApi;

  before(async () => {
    api = await activateExtension();
    await setSetting("security.lintOpenFiles", true);
  });

  beforeEach(() => api.ctx.review.clear());

  afterEach(async () => {
    await setSetting("security.policy", undefined);
    await setSetting("security.lintOpenFiles", undefined);
    await closeAllEditors();
  });

  it("primes the suggestion lint on idle after activation, logging what it did", async () => {
    const result = await api.ctx.lintPrimed;
    assert.ok(result, "priming ran (the policy is not off)");
    console.log(
      `      primed in the extension host: ${result.rounds} lints of ${result.samples} samples in ${result.elapsedMs.toFixed(0)} ms`,
    );
    assert.equal(result.rounds, PRIMING_ROUNDS);
    assert.ok(
      result.samples >= PRIMER_MODULES.flatMap((module) => suggestionSamples(module)).length,
      `${result.samples} samples`,
    );
  });

  it("annotates a flagged suggestion; once accepted, its code gets a diagnostic and a quick fix to yaml.safe_load", async () => {
    await setSetting("model.path", fixtureModel("yamlLoadBody"));
    await sleep(200);
    const editor = await openPython(YAML_FUNCTION);
    const uri = editor.document.uri;
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    // Checked while the suggestion is on screen: after Tab, the next request (the rest of the block) takes over.
    await waitFor("the status bar to name the risk while the suggestion is on screen", () =>
      /yaml-unsafe-load CWE-502/.test(api.ctx.statusBar.text),
    );
    const text = await acceptInlineSuggestion(editor);
    assert.equal(text, YAML_FUNCTION.replace("█", "") + scriptedText("yamlLoadBody").slice(1));

    const [row] = await waitFor(
      "the accepted record",
      () => viewRows(api, uri).filter((r) => r.record.state === "accepted").length > 0 && viewRows(api, uri),
    );
    assert.equal(row.item.label, "yaml-unsafe-load");
    assert.match(String(row.item.description), /^accepted · high · CWE-502 · /);
    const inserted = row.record.inserted!;
    assert.equal(
      editor.document.getText().slice(inserted.start, inserted.end),
      scriptedText("yamlLoadBody").slice(1),
      "the record tracks the inserted code",
    );

    const [diagnostic] = await waitFor(
      "the diagnostic on the accepted code",
      () => phiDiagnostics(uri, "yaml-unsafe-load").length > 0 && phiDiagnostics(uri, "yaml-unsafe-load"),
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(diagnostic)?.target.toString(), "https://cwe.mitre.org/data/definitions/502.html");
    assert.match(diagnostic.message, /accepted Phi Pair suggestion/);
    assert.equal(editor.document.getText(diagnostic.range), "yaml.load(stream)");

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      diagnostic.range,
    );
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes("Explain this risk (yaml-unsafe-load, CWE-502)"), titles.join(", "));
    assert.ok(titles.includes("Mark suggestion as reviewed"), titles.join(", "));
    const fix = actions.find((action) => action.title === "Use yaml.safe_load");
    assert.ok(fix?.edit, `a quick fix among: ${titles.join(", ")}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\n {4}data = yaml\.safe_load\(stream\)\n/);
    await waitFor(
      "the diagnostic to go once the code is fixed",
      () => phiDiagnostics(uri, "yaml-unsafe-load").length === 0,
    );

    await vscode.commands.executeCommand("phiPair.review.open", row.record.id);
    const revealed = vscode.window.activeTextEditor!;
    assert.equal(revealed.document.uri.toString(), uri.toString());
    assert.equal(
      revealed.document.getText(revealed.selection),
      "    data = yaml.safe_load(stream)\n\n    return data",
      "clicking reveals the accepted code, tracked through the fix",
    );

    const explanation = await vscode.workspace.openTextDocument(
      vscode.Uri.parse("phi-pair-review:/risk/yaml-unsafe-load.md"),
    );
    assert.match(explanation.getText(), /CWE-502/);
    assert.ok(explanation.getText().length > 200, "the rule's description");
    await vscode.commands.executeCommand("phiPair.review.explainRisk", "yaml-unsafe-load");
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    await waitFor(
      "the explanation to open",
      () => tabs().some((label) => label.includes("yaml-unsafe-load")),
      5000,
    ).catch(() => assert.fail(`tabs: ${tabs().join(", ")}`));

    await sleep(500);
    const saved = api.ctx.extensionContext.workspaceState.get<{ records: FlaggedRecord[] }>("phiPair.review.flagged");
    assert.ok(
      saved?.records.some((record) => record.id === row.record.id && record.state === "accepted"),
      "the list is saved in the workspace state",
    );
  });

  it("hide-high keeps a high-severity suggestion (eval of a parameter) off screen and lists it as hidden", async () => {
    await setSetting("security.policy", "hide-high");
    await setSetting("model.path", fixtureModel("evalBody"));
    await sleep(200);
    const editor = await openPython(EVAL_FUNCTION);
    const uri = editor.document.uri;
    assert.equal(await acceptInlineSuggestion(editor, 6000), undefined, "nothing is inserted");
    const [row] = await waitFor("the hidden record", () => viewRows(api, uri).length > 0 && viewRows(api, uri));
    assert.equal(row.record.state, "hidden");
    assert.equal(row.item.label, "code-injection");
    assert.match(String(row.item.description), /^hidden · high · CWE-95 · /);
    assert.match(api.ctx.statusBar.text, /\$\(eye-closed\) code-injection CWE-95/);
    assert.match(api.ctx.statusBar.tooltip, /Hidden by phiPair\.security\.policy/);

    await vscode.commands.executeCommand("phiPair.review.open", row.record.id);
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, "phi-pair-review");
    assert.match(shown.getText(), /result = eval\(expression\)/);
    assert.match(shown.getText(), /code-injection \(CWE-95, high\)/);

    await vscode.commands.executeCommand("phiPair.review.markReviewed", row.record.id);
    assert.equal(viewRows(api, uri)[0].record.state, "reviewed");
  });

  it("annotate shows the eval suggestion; accepted, its code is flagged until marked as reviewed (open-file lint off)", async () => {
    await setSetting("security.lintOpenFiles", false);
    await setSetting("model.path", fixtureModel("evalBody"));
    await sleep(200);
    const editor = await openPython(EVAL_FUNCTION);
    const uri = editor.document.uri;
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    await waitFor("the shown record", () => viewRows(api, uri).some((row) => row.record.state === "shown"));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      uri,
      editor.selection.active,
    );
    const hoverText = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === "string" ? content : content.value)))
      .join("\n");
    assert.match(hoverText, /Phi Pair flagged this suggestion/);
    assert.match(
      hoverText,
      /`code-injection` \[CWE-95\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/95\.html\), high/,
    );
    assert.match(api.ctx.statusBar.text, /code-injection CWE-95/);
    assert.ok(await acceptInlineSuggestion(editor), "the flagged suggestion is shown and accepted");
    const [diagnostic] = await waitFor(
      "the code-injection diagnostic",
      () => phiDiagnostics(uri, "code-injection").length > 0 && phiDiagnostics(uri, "code-injection"),
    );
    assert.equal(editor.document.getText(diagnostic.range), "eval(expression)");
    const [row] = viewRows(api, uri);
    assert.equal(row.record.state, "accepted");

    await vscode.commands.executeCommand("phiPair.reviewFlagged");
    await vscode.commands.executeCommand("phiPair.review.markReviewed", row.record.id);
    await waitFor("the diagnostic to go once reviewed", () => phiDiagnostics(uri, "code-injection").length === 0);
    assert.match(String(viewRows(api, uri)[0].item.description), /^reviewed · high · CWE-95 · /);
  });

  it("lints the user's own Python code on open and while editing, and stops when the setting is off", async () => {
    const editor = await openPython('import yaml\n\nconfig = yaml.load(open("config.yml"))\n█');
    const uri = editor.document.uri;
    const [diagnostic] = await waitFor(
      "a diagnostic in the user's code",
      () => phiDiagnostics(uri, "yaml-unsafe-load").length > 0 && phiDiagnostics(uri, "yaml-unsafe-load"),
    );
    assert.doesNotMatch(diagnostic.message, /accepted Phi Pair suggestion/);
    assert.equal(viewRows(api, uri).length, 0, "the user's own code is not a flagged suggestion");

    await editor.edit((edit) => edit.replace(diagnostic.range, 'yaml.safe_load(open("config.yml"))'));
    await waitFor("the diagnostic to follow the edit", () => phiDiagnostics(uri, "yaml-unsafe-load").length === 0);
    await editor.edit((edit) =>
      edit.insert(editor.document.positionAt(editor.document.getText().length), "other = yaml.load(open('b.yml'))\n"),
    );
    const [again] = await waitFor(
      "a diagnostic on the new line",
      () => phiDiagnostics(uri, "yaml-unsafe-load").length > 0 && phiDiagnostics(uri, "yaml-unsafe-load"),
    );
    assert.equal(again.range.start.line, 3);

    await setSetting("security.lintOpenFiles", false);
    await waitFor("no diagnostics once the setting is off", () => phiDiagnostics(uri, "yaml-unsafe-load").length === 0);
  });
});
