import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { FRAMEWORKS, mergeFrameworks } from "../../../src/core/lint/dataflow/frameworks/index";
import { lintPython } from "../../../src/core/lint/engine";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/lint/frameworks");

/** The framework tables (dataflow/frameworks/): each is data with a golden fixture; the engine only reads them. */
describe("lint framework tables", () => {
  it("has one golden fixture per framework table", () => {
    const names = FRAMEWORKS.map((framework) => framework.name);
    assert.equal(new Set(names).size, names.length, "framework names are unique");
    for (const name of names) assert.ok(fs.existsSync(path.join(FIXTURES, `${name}.py`)), `fixture for ${name}`);
  });

  it("merges the tables without losing entries", () => {
    const merged = mergeFrameworks(FRAMEWORKS);
    for (const framework of FRAMEWORKS) {
      for (const method of framework.routeDecoratorMethods ?? []) assert.ok(merged.routeDecoratorMethods.has(method));
      for (const name of framework.commandDecorators ?? []) assert.ok(merged.commandDecorators.has(name));
      for (const name of framework.injectedDefaults ?? []) assert.ok(merged.injectedDefaults.has(name));
    }
    assert.equal(merged.viewClasses.length, FRAMEWORKS.filter((framework) => framework.viewClasses).length);
  });

  it("matches decorators by the names they resolve to, not by their text", async () => {
    const lines = async (source: string) =>
      (await lintPython(source)).filter((finding) => finding.ruleId === "path-traversal").map((f) => f.range.startLine);
    // a project's own `command` decorator, even though its text reads like click's
    const own = [
      "def command(*names):",
      "    return lambda f: f",
      "",
      '@command("click.command")',
      "def show(path):",
      "    return open(path).read()",
      "",
    ].join("\n");
    assert.deepEqual(await lines(own), []);
    // click's, imported by name
    const clicks = own.replace("def command(*names):\n    return lambda f: f\n", "from click import command\n");
    assert.deepEqual(await lines(clicks), [4]);
  });
});
