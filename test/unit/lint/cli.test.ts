import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import AjvDraft04 from "ajv-draft-04";

/** Runs the compiled CLI as users do (a child process), on files and on standard input. */
const CLI = path.resolve(__dirname, "../../../src/cli/lint.js");
const SARIF_SCHEMA = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

const VULNERABLE = `import os
from flask import request

def handler():
    name = request.args["name"]
    os.system("echo " + name)
`;
const SAFE = `import subprocess

def handler(name):
    subprocess.run(["echo", name], check=True)
`;

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; helpUri: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: Array<{ physicalLocation: { region: unknown } }>;
      properties: { cwe: number };
    }>;
  }>;
}

/** Info-level review notes (e.g. "verify this API usage") are left out so the tests see only the injection rules. */
function run(args: string[], input?: string) {
  const withSeverity = args.includes("--min-severity") ? args : [...args, "--min-severity", "low"];
  const result = spawnSync(process.execPath, [CLI, ...withSeverity], { input, encoding: "utf8", timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("phi-pair-lint CLI", () => {
  let directory: string;
  let vulnerableFile: string;
  let safeFile: string;

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-lint-"));
    vulnerableFile = path.join(directory, "vulnerable.py");
    safeFile = path.join(directory, "safe.py");
    fs.writeFileSync(vulnerableFile, VULNERABLE);
    fs.writeFileSync(safeFile, SAFE);
  });

  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("exits 1 and prints file:line:column for findings", () => {
    const { code, stdout } = run([vulnerableFile]);
    assert.equal(code, 1);
    assert.match(
      stdout,
      new RegExp(
        `${vulnerableFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:6:5: high command-injection \\[CWE-78\\] user-controlled request\\.args reaches os\\.system\\(\\)`,
      ),
    );
  });

  it("exits 0 on clean files", () => {
    const { code, stdout } = run([safeFile]);
    assert.equal(code, 0);
    assert.equal(stdout, "");
  });

  it("reads standard input for '-' and reports --stdin-filename", () => {
    const { code, stdout } = run(["-", "--format", "json", "--stdin-filename", "app/views.py"], VULNERABLE);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.equal(findings.length, 1);
    assert.deepEqual(
      {
        file: findings[0].file,
        line: findings[0].line,
        endLine: findings[0].endLine,
        column: findings[0].column,
        endColumn: findings[0].endColumn,
      },
      { file: "app/views.py", line: 6, endLine: 6, column: 5, endColumn: 30 },
    );
    for (const key of ["ruleId", "category", "subkind", "cwe", "severity", "confidence", "message", "fixHint"])
      assert.ok(key in findings[0], key);
    assert.equal(findings[0].cwe, 78);
  });

  it("filters by --min-severity", () => {
    const lowOnly = `import tarfile\n\ndef unpack(path):\n    shutil = None\n`;
    assert.equal(run(["-", "--min-severity", "high"], lowOnly).code, 0);
    assert.equal(run(["-", "--min-severity", "high"], VULNERABLE).code, 1);
  });

  it("lints what parses in broken input instead of failing", () => {
    const broken = `import os\n\ndef f(:\n    os.system(input())\n    if x\n`;
    const { code, stdout } = run(["-", "--format", "json"], broken);
    assert.equal(code, 1);
    assert.equal((JSON.parse(stdout) as unknown[]).length, 1);
  });

  it("exits 2 on usage errors and unreadable files", () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(["--format", "xml", safeFile]).code, 2);
    assert.equal(run(["--min-severity", "urgent", safeFile]).code, 2);
    const missing = run([path.join(directory, "missing.py")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
  });

  it("documents the exit codes in --help", () => {
    const { code, stdout } = run(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /Exit codes:[\s\S]*0 {2}no findings[\s\S]*1 {2}findings[\s\S]*2 {2}usage error/);
  });

  it("writes SARIF 2.1.0 that validates against the official schema", () => {
    const { code, stdout } = run([vulnerableFile, safeFile, "--format", "sarif"]);
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as SarifLog;
    const ajv = new AjvDraft04({
      strict: false,
      allErrors: true,
      unicodeRegExp: false,
      validateFormats: false,
      logger: false,
    }); // the schema has a pattern invalid under the u flag
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")) as object;
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // what code scanning UIs rely on beyond the schema's required fields
    assert.equal(log.version, "2.1.0");
    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules;
    const commandRule = rules.find((rule) => rule.id === "command-injection");
    assert.equal(commandRule?.helpUri, "https://cwe.mitre.org/data/definitions/78.html");
    assert.equal(run0.results.length, 1);
    const result = run0.results[0];
    assert.equal(result.level, "error");
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    assert.deepEqual(result.locations[0].physicalLocation.region, {
      startLine: 6,
      startColumn: 5,
      endLine: 6,
      endColumn: 30,
    });
    assert.equal(result.properties.cwe, 78);
  });
});
