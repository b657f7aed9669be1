import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parsePython } from "../../../../src/core/python/parser";
import { lintPython } from "../../../../src/core/lint/engine";
import { reviewRules } from "../../../../src/core/lint/rules/review/index";
import { unsafeDefaultRules } from "../../../../src/core/lint/rules/unsafeDefaults/index";
import type { Finding } from "../../../../src/core/lint/types";
import { applyEdits } from "../../../support/applyEdits";

const FIXTURE_ROOT = path.resolve(__dirname, "../../../../../test/fixtures/lint");
const ownRules = [...unsafeDefaultRules, ...reviewRules];

function fixturesOf(ruleId: string): string[] {
  const directory = path.join(FIXTURE_ROOT, ruleId);
  return fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => name.endsWith(".py"))
        .map((name) => path.join(directory, name))
    : [];
}

describe("unsafe-default and review rules", () => {
  it("registers at least 25 unsafe-default rules and the review rule, with unique kebab-case ids", () => {
    assert.ok(unsafeDefaultRules.length >= 25, `only ${unsafeDefaultRules.length} unsafe-default rules`);
    assert.ok(reviewRules.length >= 1);
    const ids = ownRules.map((rule) => rule.meta.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate rule ids");
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it("gives every rule its category, a subkind, a CWE and an explanation", () => {
    for (const { meta } of unsafeDefaultRules) {
      assert.equal(meta.category, "unsafe-default", meta.id);
      assert.ok(meta.subkind && meta.cwe > 0 && meta.description.length > 100 && meta.title, meta.id);
    }
    for (const { meta } of reviewRules) assert.deepEqual([meta.category, meta.severity], ["review", "info"], meta.id);
  });

  for (const rule of ownRules) {
    it(`${rule.meta.id} has positive and safe-twin fixtures`, () => {
      const annotations = fixturesOf(rule.meta.id)
        .map((file) => fs.readFileSync(file, "utf8"))
        .join("\n");
      assert.match(annotations, new RegExp(`#\\s*ruleid:\\s*${rule.meta.id}\\b`), "no positive fixture");
      assert.match(annotations, new RegExp(`#\\s*ok:\\s*${rule.meta.id}\\b`), "no safe-twin fixture");
    });
  }

  it("weighs deserialized data by its source kind: request data is certain, a parameter or a file's contents is not", async () => {
    const source = [
      "import pickle",
      "from flask import Flask, request",
      "app = Flask(__name__)",
      "@app.post('/restore')",
      "def restore():",
      "    pickle.loads(request.data)",
      "    pickle.loads(request.files['state'].read())",
      "def load_cache(path):",
      "    pickle.loads(open(path, 'rb').read())",
      "def decode(blob):",
      "    pickle.loads(blob)",
    ].join("\n");
    const findings = (await lintPython(source, { rules: ownRules })).filter(
      (finding) => finding.ruleId === "unsafe-deserialization",
    );
    assert.deepEqual(
      findings.map((finding) => [finding.range.startLine + 1, finding.severity, finding.confidence]),
      [
        [6, "high", "high"],
        [7, "high", "high"],
        [9, "medium", "medium"],
        [11, "medium", "medium"],
      ],
    );
  });

  it("exposes exception details only from what the entry-point tables call a request handler", async () => {
    const source = [
      "import click",
      "from flask import Flask",
      "from flask.views import MethodView",
      "from tenacity import retry",
      "app = Flask(__name__)",
      "class OrderView(MethodView):",
      "    def get(self, order_id):",
      "        try:",
      "            return load(order_id)",
      "        except Exception as e:",
      "            return {'error': str(e)}", // a view class's verb method: the response
      "@retry(wait=SETTINGS.get('retry_wait'))",
      "def fetch_rates():",
      "    try:",
      "        return download()",
      "    except Exception as e:",
      "        return {'error': str(e)}", // a helper whose decorator's argument reads `.get`: its caller decides
      "@click.command()",
      "def sync():",
      "    try:",
      "        return download()",
      "    except Exception as e:",
      "        return str(e)", // a command's return value reaches no client
    ].join("\n");
    const findings = await lintPython(source, { rules: ownRules });
    assert.deepEqual(
      findings
        .filter((finding) => finding.ruleId === "exception-details-exposed")
        .map((finding) => finding.range.startLine + 1),
      [11],
    );
  });

  /** A mechanical fix must leave valid Python and remove exactly the finding it was offered for. */
  for (const rule of ownRules) {
    for (const file of fixturesOf(rule.meta.id)) {
      it(`${rule.meta.id}: quick fixes in ${path.basename(file)} parse and resolve their finding`, async () => {
        const source = fs.readFileSync(file, "utf8");
        const findingsOfRule = async (text: string): Promise<Finding[]> =>
          (await lintPython(text, { rules: [rule], timeBudgetMs: 10_000 })).filter(
            (finding) => finding.ruleId === rule.meta.id,
          );
        const before = await findingsOfRule(source);
        for (const finding of before.filter((candidate) => candidate.fix)) {
          const fixed = applyEdits(source, finding.fix!.edits);
          const tree = await parsePython(fixed);
          try {
            assert.ok(
              !tree.rootNode.hasError,
              `fix "${finding.fix!.title}" on line ${finding.range.startLine + 1} produced invalid Python`,
            );
          } finally {
            tree.delete();
          }
          const after = await findingsOfRule(fixed);
          assert.equal(
            after.length,
            before.length - 1,
            `fix "${finding.fix!.title}" on line ${finding.range.startLine + 1} did not resolve its finding`,
          );
        }
      });
    }
  }
});
