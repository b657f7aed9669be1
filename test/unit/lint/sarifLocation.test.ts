import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import AjvDraft04 from "ajv-draft-04";
import { toSarif } from "../../../src/cli/lint";
import { fileUri, sarifArtifactLocation } from "../../../src/cli/sarifLocation";
import { allRules } from "../../../src/core/lint/rules/index";
import type { Finding } from "../../../src/core/lint/types";

const SARIF_SCHEMA = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

/** RFC 3986 URI reference characters: unreserved, reserved and percent-escapes only. */
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$/;

const CASES: Array<{ file: string; root: string; style: "posix" | "win32"; uri: string; uriBaseId?: string }> = [
  { file: "src/app.py", root: "/repo", style: "posix", uri: "src/app.py", uriBaseId: "%SRCROOT%" },
  { file: "/repo/src/app.py", root: "/repo", style: "posix", uri: "src/app.py", uriBaseId: "%SRCROOT%" },
  { file: "/elsewhere/app.py", root: "/repo", style: "posix", uri: "file:///elsewhere/app.py" },
  { file: "../outside.py", root: "/repo", style: "posix", uri: "file:///outside.py" },
  { file: "src/a\\b.py", root: "/repo", style: "posix", uri: "src/a%5Cb.py", uriBaseId: "%SRCROOT%" },
  { file: "/tmp/odd name#1?%.py", root: "/repo", style: "posix", uri: "file:///tmp/odd%20name%231%3F%25.py" },
  { file: "src\\app.py", root: "C:\\repo", style: "win32", uri: "src/app.py", uriBaseId: "%SRCROOT%" },
  { file: "c:\\Repo\\src\\app.py", root: "C:\\repo", style: "win32", uri: "src/app.py", uriBaseId: "%SRCROOT%" },
  { file: "C:\\Users\\me\\app.py", root: "C:\\repo", style: "win32", uri: "file:///C:/Users/me/app.py" },
  { file: "D:/work/app.py", root: "C:\\repo", style: "win32", uri: "file:///D:/work/app.py" },
  { file: "\\\\server\\share\\dir\\app.py", root: "C:\\repo", style: "win32", uri: "file://server/share/dir/app.py" },
  { file: "//server/share/app.py", root: "C:\\repo", style: "win32", uri: "file://server/share/app.py" },
];

describe("SARIF artifactLocation (SARIF 2.1.0 §3.4.3, RFC 3986 / RFC 8089)", () => {
  for (const { file, root, style, uri, uriBaseId } of CASES) {
    it(`${style} ${JSON.stringify(file)} under ${JSON.stringify(root)} → ${uri}`, () => {
      const location = sarifArtifactLocation(file, root, style);
      assert.deepEqual(location, uriBaseId ? { uri, uriBaseId } : { uri });
      assert.match(location.uri, URI_CHARACTERS);
      if (!uriBaseId) assert.ok(new URL(location.uri).protocol === "file:");
    });
  }

  it("the source root is an absolute file: URI ending with a slash", () => {
    assert.equal(fileUri("/repo", "posix", true), "file:///repo/");
    assert.equal(fileUri("C:\\repo", "win32", true), "file:///C:/repo/");
    assert.equal(fileUri("C:\\", "win32", true), "file:///C:/");
    assert.equal(fileUri("\\\\server\\share", "win32", true), "file://server/share/");
  });

  it("a log naming all these paths validates against the SARIF 2.1.0 schema and resolves every result to its file", () => {
    for (const style of ["posix", "win32"] as const) {
      const cases = CASES.filter((c) => c.style === style);
      const root = cases[0].root;
      const findings = cases.map(({ file }) => ({ ...finding(), file }));
      const log = toSarif(findings, allRules, [...new Set(cases.map((c) => c.file))], root, style);
      const ajv = new AjvDraft04({
        strict: false,
        allErrors: true,
        unicodeRegExp: false,
        validateFormats: false,
        logger: false,
      });
      const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")));
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const run = log.runs[0];
      const base = run.originalUriBaseIds["%SRCROOT%"].uri;
      run.results.forEach((result, index) => {
        const { uri, uriBaseId } = result.locations[0].physicalLocation.artifactLocation;
        const resolved = new URL(uri, uriBaseId ? base : undefined).href;
        const expected = cases[index];
        assert.equal(resolved, new URL(expected.uri, expected.uriBaseId ? base : undefined).href);
        assert.deepEqual(
          run.artifacts[result.locations[0].physicalLocation.artifactLocation.index].location,
          sarifArtifactLocation(expected.file, root, style),
        );
      });
    }
  });
});

function finding(): Finding {
  return {
    ruleId: "command-injection",
    category: "command-injection",
    cwe: 78,
    severity: "high",
    confidence: "high",
    range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 },
    message: "m",
    fixHint: "h",
  };
}
