import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "../../../../src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith(".ts") ? [file] : [];
  });
}

/** The src/ modules `file` imports, type-only imports included (a type cycle still ties the modules together). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => path.resolve(path.dirname(file), name))
    .map((base) => [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate)))
    .filter((resolved): resolved is string => resolved !== undefined);
}

/** Every import cycle, each as the list of modules around it (depth-first search, one report per cycle found). */
function importCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open")
        cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe("architecture: no import cycles", () => {
  it("src/ has none (once: ctx.ts → commands/index.ts → review/commands.ts → reviewController.ts → ctx.ts)", () => {
    assert.deepEqual(
      importCycles(sourceFiles(SRC)).map((cycle) => cycle.join(" → ")),
      [],
    );
  });

  it("finds a cycle when there is one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-cycles-"));
    fs.writeFileSync(path.join(dir, "a.ts"), 'import type { B } from "./b";\nexport type A = B;\n');
    fs.writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a";\nexport type B = typeof a;\n');
    assert.equal(importCycles([path.join(dir, "a.ts"), path.join(dir, "b.ts")]).length, 1);
  });
});
