import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../../..");

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
const settings = new Set(
  [manifest.contributes.configuration].flat().flatMap((section) => Object.keys(section.properties)),
);
/** `phiPair.security` names the group in `affectsConfiguration` and in an openSettings query. */
const settingGroups = new Set([...settings].map((key) => key.slice(0, key.lastIndexOf("."))));
const commands = new Set(manifest.contributes.commands.map(({ command }) => command));
const views = new Set(
  Object.values(manifest.contributes.views)
    .flat()
    .map(({ id }) => id),
);

/**
 * Ids in src that share the `phiPair.` prefix but are neither settings nor contributed commands or views: naming them
 * here keeps a misspelt setting (say `phiPair.contextSize`) from passing as some other id.
 */
const INTERNAL_IDS = new Set([
  "phiPair.status", // status bar item
  "phiPair.suggestionAccepted", // internal command run on accept, and its context key
  "phiPair.paused", // global state key
  "phiPair.snoozedUntil", // global state key
  "phiPair.snoozed", // context key
  "phiPair.review.flagged", // workspace state key
  "phiPair.flaggedFile", // tree item contextValue
  "phiPair.flagged", // tree item contextValue prefix, followed by the record's state
  "phiPair.explain", // webview panel type
  "phiPair.explaining", // context key
  "phiPair.server.apiKey", // SecretStorage key of the server backend's API key
]);

const isKnown = (name: string) =>
  [settings, settingGroups, commands, views, INTERNAL_IDS].some((known) => known.has(name));

/** A dotted `phiPair.` name; a sentence's full stop after it is not part of it. */
const PHI_PAIR_NAME = /\bphiPair(?:\.[A-Za-z][\w]*)+/g;
const namesIn = (text: string) => [...text.matchAll(PHI_PAIR_NAME)].map(([name]) => name);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith(".ts") ? [file] : [];
  });
}

/** The manifest's prose: every description, title, welcome text and walkthrough step, not ids or `when` clauses. */
function manifestProse(value: unknown, key = ""): string[] {
  if (typeof value === "string") return /description|title|contents|message/i.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => manifestProse(item, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => manifestProse(v, k));
  return [];
}

interface Mention {
  name: string;
  where: string;
}

function mentions(): Mention[] {
  const found: Mention[] = [];
  const add = (where: string, text: string) => found.push(...namesIn(text).map((name) => ({ name, where })));
  for (const file of sourceFiles(path.join(ROOT, "src"))) add(path.relative(ROOT, file), fs.readFileSync(file, "utf8"));
  add("README.md", fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  for (const text of manifestProse(manifest.contributes)) add("package.json", text);
  for (const step of manifest.contributes.walkthroughs.flatMap(({ steps }) => steps)) {
    if (step.media.markdown) add(step.media.markdown, fs.readFileSync(path.join(ROOT, step.media.markdown), "utf8"));
  }
  return found;
}

describe("docs: every phiPair.* name in code and docs exists", () => {
  const found = mentions();

  it("finds settings, commands and ids in src, README.md and package.json", () => {
    const where = (name: string) =>
      new Set(found.filter((mention) => mention.name === name).map((mention) => mention.where));
    assert.ok(where("phiPair.inference.contextSize").has("src/core/engine/inferenceEngine.ts"));
    assert.ok(where("phiPair.completion.trigger").has("README.md"));
    assert.ok(where("phiPair.downloadModel").has("package.json"));
  });

  it("names only declared settings, setting groups, commands, views and the listed internal ids", () => {
    const unknown = found.filter(({ name }) => !isKnown(name));
    assert.deepEqual(
      unknown.map(({ name, where }) => `${where}: ${name}`),
      [],
    );
  });

  it("names internal ids only in src, so docs point users at real settings and commands", () => {
    const inDocs = found.filter(({ name, where }) => INTERNAL_IDS.has(name) && !where.startsWith("src/"));
    assert.deepEqual(
      inDocs.map(({ name, where }) => `${where}: ${name}`),
      [],
    );
  });

  it("lists only internal ids that src still uses", () => {
    const inSource = new Set(found.filter(({ where }) => where.startsWith("src/")).map(({ name }) => name));
    for (const id of INTERNAL_IDS)
      assert.ok(inSource.has(id), `${id} is listed as an internal id but src no longer uses it`);
  });

  it("rejects a misspelt setting such as the old phiPair.contextSize", () => {
    assert.deepEqual(namesIn("Lower phiPair.contextSize."), ["phiPair.contextSize"]);
    assert.ok(!isKnown("phiPair.contextSize"));
    assert.ok(isKnown("phiPair.inference.contextSize"));
  });
});
