import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** The window APIs whose text VS Code renders with clickable `[label](command:…)` links. */
const LINK_RENDERING_APIS = new Set([
  "showInformationMessage",
  "showWarningMessage",
  "showErrorMessage",
  "withProgress",
  "setStatusBarMessage",
]);
const SRC = path.resolve(__dirname, "../../../../src");
const GATEWAY = path.join(SRC, "extension/notifications.ts");

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** `window.showErrorMessage` and the like, found in the syntax tree (also when passed around uncalled). */
function notificationCalls(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && LINK_RENDERING_APIS.has(node.name.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(SRC, file)}:${line + 1} ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("notification surfaces", () => {
  it("only src/extension/notifications.ts calls the window's notification APIs (it neutralises links)", () => {
    const files = sourceFiles(SRC);
    assert.ok(files.includes(GATEWAY));
    const elsewhere = files.filter((file) => file !== GATEWAY).flatMap(notificationCalls);
    assert.deepEqual(elsewhere, []);
    assert.ok(notificationCalls(GATEWAY).length >= 3, "the gateway itself uses them");
  });
});
