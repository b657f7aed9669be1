import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { encode } from "gpt-tokenizer/encoding/r50k_base";
import { buildPrompt } from "../../src/core/prompt";
import { activateExtension, closeAllEditors, setSetting, sleep } from "./support";

const countTokens = (text: string) => encode(text).length;

/** Polls `check` until it holds or `timeoutMs` passes. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

describe("workspace context in a real extension host", function () {
  this.timeout(90_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const extraFile = () => path.join(folder(), "inventory", "pricing.py");
  const openFile = () => path.join(folder(), "inventory", "restock.py");

  after(async () => {
    fs.rmSync(extraFile(), { force: true });
    fs.rmSync(openFile(), { force: true });
    await setSetting("workspace.context", undefined);
    await setSetting("workspace.similarCode", undefined);
    await setSetting("workspace.maxTokens", undefined);
    await closeAllEditors();
  });

  /** The prompt the extension builds at the end of the open document (the index, path and budget the pipeline uses). */
  async function promptAtEnd(document: vscode.TextDocument): Promise<string> {
    const api = await activateExtension();
    const workspace = api.ctx.workspaceIndex.workspaceFor(document.uri.toString());
    const text = document.getText();
    return (await buildPrompt({ text, offset: text.length, countTokens, workspace })).prompt;
  }

  it("indexes the workspace on a worker thread; the prompt holds the imported class's methods", async () => {
    const api = await activateExtension();
    const document = await vscode.workspace.openTextDocument(path.join(folder(), "inventory", "orders.py"));
    await vscode.window.showTextDocument(document);
    await api.ctx.workspaceIndex.whenScanned();
    assert.ok(api.ctx.workspaceIndex.size >= 3, `indexed ${api.ctx.workspaceIndex.size} modules`);
    const prompt = await promptAtEnd(document);
    // Other tests' open files may add similar code before it: the stubs are found by their header.
    assert.match(prompt, /(^|\n)# file: inventory\/stock\.py\nclass Warehouse:\n/, prompt);
    assert.match(prompt, /\n    def receive\(self, code: str, quantity: int\) -> None:\n/);
    assert.match(prompt, /\n    def ship\(self, code: str, quantity: int\) -> bool:/);
    assert.match(prompt, /\n# file: inventory\/orders\.py\n"""Fixture/);
  });

  it("follows file changes: a new module the document imports shows up without a rescan", async () => {
    fs.writeFileSync(extraFile(), "def price_of(code: str) -> float:\n    return 1.0\n");
    const orders = await vscode.workspace.openTextDocument(path.join(folder(), "inventory", "orders.py"));
    const withImport = orders
      .getText()
      .replace("from .stock import Warehouse", "from .stock import Warehouse\nfrom .pricing import price_of");
    // The prompt for an edited (unsaved) copy of orders.py: its path stays the one in the workspace.
    const api = await activateExtension();
    const workspace = api.ctx.workspaceIndex.workspaceFor(orders.uri.toString());
    assert.ok(workspace);
    const found = await eventually(async () => {
      const built = await buildPrompt({ text: withImport, offset: withImport.length, countTokens, workspace });
      return built.prompt.includes("# file: inventory/pricing.py\ndef price_of(code: str) -> float: ...");
    });
    assert.ok(found, "the new module reached the index");
  });

  it("takes similar code from a Python file the user had open, and not with phiPair.workspace.similarCode off", async () => {
    fs.writeFileSync(
      openFile(),
      [
        "from .stock import Warehouse",
        "",
        "",
        "def restock(warehouse: Warehouse, lines: list[tuple[str, int]]) -> list[str]:",
        '    """Receive every line into the warehouse; return the codes received."""',
        "    codes = []",
        "    for code, quantity in lines:",
        "        warehouse.receive(code, quantity)",
        "        codes.append(code)",
        "    return codes",
        "",
      ].join("\n"),
    );
    // Room for every open file's window whole: other tests leave sample.py open, and its fixture docstring matches too.
    await setSetting("workspace.maxTokens", 800);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(openFile()));
    const orders = await vscode.workspace.openTextDocument(path.join(folder(), "inventory", "orders.py"));
    await vscode.window.showTextDocument(orders);
    const prompt = await promptAtEnd(orders);
    assert.match(
      prompt,
      /# file: inventory\/restock\.py\n(.*\n)*        warehouse\.receive\(code, quantity\)\n/,
      prompt,
    );
    assert.equal(prompt.split("# file: inventory/orders.py").length, 2, "the current file is never a neighbour");
    await setSetting("workspace.similarCode", false);
    assert.ok(!(await promptAtEnd(orders)).includes("# file: inventory/restock.py"));
  });

  it("phiPair.workspace.context off leaves the file alone in the prompt", async () => {
    await setSetting("workspace.context", false);
    const document = await vscode.workspace.openTextDocument(path.join(folder(), "inventory", "orders.py"));
    assert.ok(!(await promptAtEnd(document)).includes("# file:"));
  });
});
