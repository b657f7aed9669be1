import * as assert from "node:assert/strict";
import { lintPython } from "../../../src/core/lint/engine";
import { isBuiltinName } from "../../../src/core/lint/dataflow/unknown";

/** The lint reads Python 3: Python 2's builtins are ordinary names, undefined unless the file binds them. */
describe("lint builtins (Python 3)", () => {
  const python2Only = [
    "unicode",
    "basestring",
    "long",
    "xrange",
    "raw_input",
    "reduce",
    "file",
    "cmp",
    "execfile",
    "reload",
  ];

  it("does not count Python 2 builtins as builtins", () => {
    for (const name of python2Only) assert.equal(isBuiltinName(name), false, name);
    for (const name of ["open", "eval", "__import__", "ValueError"]) assert.equal(isBuiltinName(name), true, name);
  });

  it("treats an undefined `file` like any other undefined global: unknown origin, low confidence", async () => {
    const source = ["import os", "", 'os.execlp(file, file, "-v")', 'os.execlp(program, program, "-v")', ""].join("\n");
    const findings = (await lintPython(source, { minSeverity: "low" })).filter(
      (finding) => finding.ruleId === "command-injection",
    );
    assert.deepEqual(
      findings.map((finding) => [finding.range.startLine, finding.confidence]),
      [
        [2, "low"],
        [3, "low"],
      ],
    );
  });

  it("keeps a file's own binding of such a name trusted", async () => {
    const source = ["import os", "", 'file = "/usr/bin/git"', 'os.execlp(file, file, "status")', ""].join("\n");
    const findings = await lintPython(source, { minSeverity: "low" });
    assert.deepEqual(
      findings.filter((finding) => finding.ruleId === "command-injection"),
      [],
    );
  });
});
