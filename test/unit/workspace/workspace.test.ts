import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePython } from "../../../src/core/python/parser";
import { collectImports, type PythonImport } from "../../../src/core/workspace/imports";
import { ModuleResolver } from "../../../src/core/workspace/resolver";
import { renderStub } from "../../../src/core/workspace/stubs";

const fixtures = path.join(__dirname, "../../../../test/fixtures/workspace-stubs");

async function importsOf(source: string): Promise<PythonImport[]> {
  const tree = await parsePython(source);
  try {
    return collectImports(tree);
  } finally {
    tree.delete();
  }
}

describe("workspace imports", () => {
  it("reads plain, aliased, relative and star imports", async () => {
    const imports = await importsOf(
      "import pkg.mod\nimport numpy as np\nfrom ..core import models as m, Thing\nfrom . import utils\nfrom helpers import *\n",
    );
    assert.deepEqual(imports, [
      { module: "pkg.mod", level: 0, names: [], alias: "pkg" },
      { module: "numpy", level: 0, names: [], alias: "np" },
      { module: "core", level: 2, names: ["models", "Thing"], renamed: { models: "m" } },
      { module: "", level: 1, names: ["utils"] },
      { module: "helpers", level: 0, names: ["*"] },
    ]);
  });

  it("reads the imports of top-level if/try/with blocks (TYPE_CHECKING, fallbacks), not those in a function or class", async () => {
    const imports = await importsOf(
      [
        "import typing",
        "if typing.TYPE_CHECKING:",
        "    from .app import Flask",
        "try:",
        "    import fast as impl",
        "except ImportError:",
        "    import slow as impl",
        "def f():",
        "    from .local import helper",
        "class C:",
        "    import inner",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      imports.map((imported) => imported.module),
      ["typing", "app", "fast", "slow"],
    );
  });
});

describe("workspace module resolution", () => {
  const resolver = new ModuleResolver([
    "app/__init__.py",
    "app/models.py",
    "app/views/__init__.py",
    "app/views/list.py",
    "src/lib/core.py",
    "nspkg/part.py",
    "top.py",
  ]);
  const absolute = (module: string, names: string[] = []): PythonImport => ({ module, level: 0, names });

  it("resolves a dotted module and a package's __init__", () => {
    assert.deepEqual(resolver.resolve("top.py", absolute("app.models")), [{ file: "app/models.py" }]);
    assert.deepEqual(resolver.resolve("top.py", absolute("app.views")), [{ file: "app/views/__init__.py" }]);
  });

  it("takes a submodule named in `from pkg import mod` before the package's names", () => {
    assert.deepEqual(resolver.resolve("top.py", absolute("app", ["models", "VERSION"])), [
      { file: "app/models.py" },
      { file: "app/__init__.py", names: ["VERSION"] },
    ]);
  });

  it("resolves relative imports from the importing file's package", () => {
    const fromList = (module: string, level: number, names: string[]) =>
      resolver.resolve("app/views/list.py", { module, level, names });
    assert.deepEqual(fromList("", 2, ["models"]), [{ file: "app/models.py" }]);
    assert.deepEqual(fromList("models", 2, ["Item"]), [{ file: "app/models.py", names: ["Item"] }]);
    assert.deepEqual(fromList("", 1, ["helper"]), [{ file: "app/views/__init__.py", names: ["helper"] }]);
  });

  it("never climbs above the workspace folder", () => {
    assert.deepEqual(resolver.resolve("top.py", { module: "secrets", level: 3, names: ["key"] }), []);
  });

  it("finds src/-layout packages and namespace packages", () => {
    assert.deepEqual(resolver.resolve("top.py", absolute("lib.core")), [{ file: "src/lib/core.py" }]);
    assert.deepEqual(resolver.resolve("top.py", absolute("nspkg", ["part"])), [{ file: "nspkg/part.py" }]);
  });

  it("resolves a star import to the whole module and a missing module to nothing", () => {
    assert.deepEqual(resolver.resolve("top.py", absolute("app.models", ["*"])), [{ file: "app/models.py" }]);
    assert.deepEqual(resolver.resolve("top.py", absolute("requests")), []);
  });
});

describe("workspace stubs", () => {
  it("renders signatures, attributes and first docstring lines (golden)", async () => {
    const tree = await parsePython(fs.readFileSync(path.join(fixtures, "models.py"), "utf8"));
    const stub = renderStub(tree, "shop/models.py");
    tree.delete();
    assert.equal(stub, fs.readFileSync(path.join(fixtures, "models.pyi.golden"), "utf8"));
  });

  it("renders only the imported names, in import order", async () => {
    const tree = await parsePython(fs.readFileSync(path.join(fixtures, "models.py"), "utf8"));
    const stub = renderStub(tree, "shop/models.py", ["load_items", "DEFAULT_CURRENCY"], true);
    tree.delete();
    assert.equal(stub, "# file: shop/models.py\ndef load_items(path): ...\nDEFAULT_CURRENCY = ...\n");
  });

  it("renders the public attributes __init__ sets on self as fields", async () => {
    const tree = await parsePython(
      "class Response:\n    encoding = None\n\n    def __init__(this, raw):\n        this.status_code: int = 200\n        this.raw = raw\n        this.encoding = 'utf-8'\n        this._cache = {}\n        if raw:\n            this.late = 1\n",
    );
    const stub = renderStub(tree, "models.py");
    tree.delete();
    assert.equal(
      stub,
      "# file: models.py\nclass Response:\n    encoding = ...\n    status_code: int\n    raw = ...\n    def __init__(this, raw): ...\n",
    );
  });
});
