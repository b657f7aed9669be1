import * as assert from "node:assert/strict";
import * as path from "node:path";
import { lintPython } from "../../../src/core/lint/engine";
import { DocumentLinter, MAX_QUEUED_DOCUMENTS } from "../../../src/extension/review/documentLinter";

const VULNERABLE =
  'import os\nfrom flask import request\n\ndef run():\n    os.system("ping " + request.args["host"])\n';

describe("document lint on a worker thread", () => {
  it("finds what lintPython finds, for documents sent together", async () => {
    const logs: string[] = [];
    const linter = new DocumentLinter((message) => logs.push(message));
    try {
      const sources = [VULNERABLE, "x = 1\n", VULNERABLE.replace("ping", "echo")];
      const findings = await Promise.all(sources.map((source) => linter.lint(source)));
      assert.deepEqual(findings, await Promise.all(sources.map((source) => lintPython(source))));
      assert.ok(findings[0].some((finding) => finding.ruleId === "command-injection"));
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
      assert.match(logs[0], /in-process/);
    } finally {
      linter.dispose();
    }
  });

  it("latest wins per document: after a burst of edits only the running lint and the latest text are linted", async () => {
    const linter = new DocumentLinter(() => undefined);
    try {
      // a large document, so the burst arrives while the first lint is still running
      const filler = Array.from(
        { length: 3000 },
        (_, index) => `def helper_${index}(value):\n    return value + ${index}\n`,
      ).join("");
      const versions = Array.from({ length: 40 }, (_, version) => `${filler}${"\n".repeat(version)}${VULNERABLE}`);
      const results = await Promise.all(versions.map((source) => linter.lint(source, "file:///big.py")));
      const linted = results.flatMap((findings, version) => (findings ? [version] : []));
      assert.deepEqual(linted, [0, versions.length - 1], "the superseded versions were dropped, not linted");
      const latest = results.at(-1)!.find((finding) => finding.ruleId === "command-injection");
      assert.equal(
        latest?.range.startLine,
        6000 + versions.length - 1 + 4,
        "the findings are those of the latest text",
      );
    } finally {
      linter.dispose();
    }
  });

  it("bounds the waiting work: at most MAX_QUEUED_DOCUMENTS documents wait, the longest-waiting is dropped", async () => {
    const logs: string[] = [];
    const linter = new DocumentLinter((message) => logs.push(message));
    try {
      const count = MAX_QUEUED_DOCUMENTS + 10;
      const results = await Promise.all(
        Array.from({ length: count }, (_, index) => linter.lint("x = 1\n", `file:///doc${index}.py`)),
      );
      const linted = results.filter((findings) => findings !== undefined).length;
      assert.equal(linted, MAX_QUEUED_DOCUMENTS + 1, "the one running plus the ones that fit the queue");
      assert.deepEqual(
        results.slice(-MAX_QUEUED_DOCUMENTS),
        Array(MAX_QUEUED_DOCUMENTS).fill([]),
        "the newest are kept",
      );
      assert.equal(logs.length, count - MAX_QUEUED_DOCUMENTS - 1);
      assert.match(logs[0], /lint queue full/);
    } finally {
      linter.dispose();
    }
  });
});
