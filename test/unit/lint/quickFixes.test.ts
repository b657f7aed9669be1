import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePython } from "../../../src/core/python/parser";
import { lintPython } from "../../../src/core/lint/engine";
import { allRules } from "../../../src/core/lint/rules/index";
import type { Finding } from "../../../src/core/lint/types";
import { applyEdits } from "../../support/applyEdits";

const REPOSITORY = path.resolve(__dirname, "../../../..");

async function findingsOf(source: string, ruleId: string): Promise<Finding[]> {
  const rules = allRules.filter((rule) => rule.meta.id === ruleId);
  return (await lintPython(source, { rules, timeBudgetMs: 10_000 })).filter((finding) => finding.ruleId === ruleId);
}

/** The source after the one fix the rule offers in it. */
async function fixed(source: string, ruleId: string): Promise<string | undefined> {
  const withFix = (await findingsOf(source, ruleId)).filter((finding) => finding.fix);
  assert.ok(withFix.length <= 1, `${withFix.length} fixes offered`);
  return withFix[0] ? applyEdits(source, withFix[0].fix!.edits) : undefined;
}

async function hasSyntaxError(source: string): Promise<boolean> {
  const tree = await parsePython(source);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe("quick fixes keep the code's meaning", () => {
  describe("ast.literal_eval adds its import below the module header", () => {
    it("after `from __future__` imports (above them is a SyntaxError)", async () => {
      const source = "from __future__ import annotations\nfrom __future__ import division\nprint(eval(input()))\n";
      assert.equal(
        await fixed(source, "code-injection"),
        "from __future__ import annotations\nfrom __future__ import division\nimport ast\nprint(ast.literal_eval(input()))\n",
      );
    });

    it("after a shebang, a coding line and the module docstring", async () => {
      const source = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Calculator."""\nprint(eval(input()))\n';
      assert.equal(
        await fixed(source, "code-injection"),
        '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Calculator."""\nimport ast\nprint(ast.literal_eval(input()))\n',
      );
    });

    it("at the top of a file without a header, and not at all when ast is imported", async () => {
      assert.equal(
        await fixed("print(eval(input()))\n", "code-injection"),
        "import ast\nprint(ast.literal_eval(input()))\n",
      );
      assert.equal(
        await fixed("import os, ast\nprint(eval(input()))\n", "code-injection"),
        "import os, ast\nprint(ast.literal_eval(input()))\n",
      );
    });
  });

  it("the assert fix keeps the statement after `;` outside the new check", async () => {
    const source = "def view(user):\n    assert user.is_admin; audit(user)\n    return 1\n";
    assert.equal(
      await fixed(source, "assert-for-authorization"),
      'def view(user):\n    if not (user.is_admin):\n        raise PermissionError("permission denied")\n    audit(user)\n    return 1\n',
    );
    assert.equal(
      await fixed("def view(user):\n    assert user.is_admin;\n", "assert-for-authorization"),
      'def view(user):\n    if not (user.is_admin):\n        raise PermissionError("permission denied")\n',
    );
  });

  it("offers no argument list for a shell builtin (`cd` is no program)", async () => {
    for (const command of ["cd src", "export A", "dir", "source env/bin/activate"]) {
      const source = `import subprocess\nsubprocess.run("${command}", shell=True)\n`;
      assert.equal((await findingsOf(source, "subprocess-shell-true")).length, 1, command);
      assert.equal(await fixed(source, "subprocess-shell-true"), undefined, command);
    }
    assert.equal(
      await fixed('import subprocess\nsubprocess.run("git status", shell=True)\n', "subprocess-shell-true"),
      'import subprocess\nsubprocess.run(["git", "status"])\n',
    );
  });

  /** Every fix any rule offers on the fixtures and the corpus parses and removes a finding of its rule. */
  const files = [
    path.join(REPOSITORY, "test/corpus/lint"),
    ...fs
      .readdirSync(path.join(REPOSITORY, "test/fixtures/lint"))
      .map((name) => path.join(REPOSITORY, "test/fixtures/lint", name)),
  ]
    .filter((directory) => fs.statSync(directory).isDirectory())
    .flatMap((directory) =>
      fs
        .readdirSync(directory)
        .filter((name) => name.endsWith(".py"))
        .map((name) => path.join(directory, name)),
    );
  for (const file of files) {
    it(`every fix in ${path.relative(REPOSITORY, file)} parses and resolves its finding`, async () => {
      const source = fs.readFileSync(file, "utf8");
      const findings = (await lintPython(source, { timeBudgetMs: 10_000 })).filter((finding) => finding.fix);
      for (const finding of findings) {
        const where = `${finding.ruleId} "${finding.fix!.title}" on line ${finding.range.startLine + 1}`;
        const result = applyEdits(source, finding.fix!.edits);
        assert.ok(!(await hasSyntaxError(result)), `${where} produced invalid Python`);
        const before = await findingsOf(source, finding.ruleId);
        const after = await findingsOf(result, finding.ruleId);
        assert.ok(after.length < before.length, `${where} did not resolve its finding`);
      }
    });
  }
});
