import * as assert from "node:assert/strict";
import * as path from "node:path";
import { lintPython } from "../../../src/core/lint/engine";
import { DocumentLinter } from "../../../src/extension/review/documentLinter";

const VULNERABLE = 'import os\nfrom flask import request\n\ndef run():\n    os.system("ping " + request.args["host"])\n';

describe("document lint on a worker thread", () => {
  it("finds what lintPython finds, for documents sent together", async () => {
    const logs: string[] = [];
    const linter = new DocumentLinter((message) => logs.push(message));
    try {
      const sources = [VULNERABLE, "x = 1\n", VULNERABLE.replace("ping", "echo")];
      const findings = await Promise.all(sources.map((source) => linter.lint(source)));
      assert.deepEqual(findings, await Promise.all(sources.map((source) => lintPython(source))));
      assert.ok(findings[0]!.some((finding) => finding.ruleId === "command-injection"));
      assert.deepEqual(logs, []);
    } finally {
      linter.dispose();
    }
  });

  it("lints in-process when the worker cannot run", async () => {
    const logs: string[] = [];
    const linter = new DocumentLinter((message) => logs.push(message), path.join(__dirname, "no-such-worker.js"));
    try {
      assert.deepEqual(await linter.lint(VULNERABLE), await lintPython(VULNERABLE));
      assert.deepEqual(await linter.lint("x = 1\n"), []);
      assert.equal(logs.length, 1, logs.join("\n"));
      assert.match(logs[0]!, /in-process/);
    } finally {
      linter.dispose();
    }
  });
});
