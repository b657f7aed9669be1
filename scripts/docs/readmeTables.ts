/**
 * Keeps the README's generated tables in sync with the code: the security rules (from `allRules`) and the
 * settings (from package.json `contributes.configuration`). Each table sits between
 * `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->` markers.
 *
 *   npm run docs            # rewrites README.md
 *   npm run docs -- --check # exit 1 if README.md is stale (test/unit/docs/readme.test.ts checks the same)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { allRules } from "../../src/core/lint/rules/index";
import type { Rule } from "../../src/core/lint/types";

export const README_PATH = path.resolve(__dirname, "../../../README.md");
const MANIFEST_PATH = path.resolve(__dirname, "../../../package.json");

interface SettingSchema {
  type?: string;
  default?: unknown;
  enum?: string[];
  description?: string;
  markdownDescription?: string;
}

/** A markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta }) => {
    const cwe = `[CWE-${meta.cwe}](https://cwe.mitre.org/data/definitions/${meta.cwe}.html)`;
    return `| \`${meta.id}\` | ${cell(meta.title)} | ${meta.severity} | ${cwe} |`;
  });
  return ["| Rule | What it flags | Severity | CWE |", "|---|---|---|---|", ...rows].join("\n");
}

export function settingsTable(properties: Record<string, SettingSchema>): string {
  const rows = Object.entries(properties).map(([key, schema]) => {
    const description = schema.markdownDescription ?? schema.description ?? "";
    const choices = schema.enum ? ` One of ${schema.enum.map((value) => `\`${value}\``).join(", ")}.` : "";
    return `| \`${key}\` | \`${cell(JSON.stringify(schema.default))}\` | ${cell(description + choices)} |`;
  });
  return ["| Setting | Default | Description |", "|---|---|---|", ...rows].join("\n");
}

/** Replaces the body of the generated section `name`; throws when its markers are missing. */
export function replaceSection(markdown: string, name: string, body: string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} section`);
  return `${markdown.slice(0, from + start.length)}\n${body}\n${markdown.slice(to)}`;
}

/** The README with every generated section brought up to date. */
export function renderReadme(markdown: string): string {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, "utf8")) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } };
  };
  const withRules = replaceSection(markdown, "rules", rulesTable(allRules));
  return replaceSection(withRules, "settings", settingsTable(manifest.contributes.configuration.properties));
}

if (require.main === module) {
  const current = fs.readFileSync(README_PATH, "utf8");
  const rendered = renderReadme(current);
  if (process.argv.includes("--check")) {
    if (rendered !== current) {
      console.error("README.md is stale: run npm run docs");
      process.exit(1);
    }
  } else if (rendered !== current) {
    fs.writeFileSync(README_PATH, rendered);
    console.log("README.md updated");
  } else {
    console.log("README.md is up to date");
  }
}
