import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { allRules } from "../../../src/core/lint/rules/index";
import type { Rule } from "../../../src/core/lint/types";
import {
  README_PATH,
  renderReadme,
  replaceSection,
  rulesTable,
  settingsTable,
} from "../../../scripts/docs/readmeTables";

const readme = () => fs.readFileSync(README_PATH, "utf8");

describe("README generated tables", () => {
  it("are current (run npm run docs after changing rules or settings)", () => {
    assert.equal(renderReadme(readme()), readme());
  });

  it("list every rule with its CWE link", () => {
    assert.ok(allRules.length > 0);
    for (const { meta } of allRules) {
      assert.ok(readme().includes(`| \`${meta.id}\` |`), `README lists ${meta.id}`);
      assert.ok(
        readme().includes(`[CWE-${meta.cwe}](https://cwe.mitre.org/data/definitions/${meta.cwe}.html)`),
        `README links CWE-${meta.cwe}`,
      );
    }
  });

  it("renders a rule row with title, severity and CWE link, escaping pipes", () => {
    const rule = {
      meta: { id: "demo", category: "sql-injection", cwe: 89, severity: "high", title: "a | b", description: "d" },
      check: () => [],
    } as Rule;
    assert.equal(
      rulesTable([rule]).split("\n")[2],
      "| `demo` | a \\| b | high | [CWE-89](https://cwe.mitre.org/data/definitions/89.html) |",
    );
  });

  it("renders settings with their default, markdown description and choices", () => {
    const table = settingsTable({
      "phiPair.x": { type: "string", default: "auto", enum: ["auto", "off"], markdownDescription: "Use `x`.\nOr not." },
    });
    assert.equal(table.split("\n")[2], '| `phiPair.x` | `"auto"` | Use `x`. Or not. One of `auto`, `off`. |');
  });

  it("replaces only the body of a marked section, and refuses a README without the markers", () => {
    const text = "a\n<!-- generated:t:start -->\nold\n<!-- generated:t:end -->\nb\n";
    assert.equal(replaceSection(text, "t", "new"), "a\n<!-- generated:t:start -->\nnew\n<!-- generated:t:end -->\nb\n");
    assert.throws(() => replaceSection("no markers", "t", "new"), /no <!-- generated:t:start -->/);
  });
});
