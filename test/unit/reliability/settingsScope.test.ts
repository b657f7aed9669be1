import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../../..");

interface SettingSchema {
  scope?: string;
}

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: boolean | "limited"; restrictedConfigurations?: string[] } };
  contributes: {
    configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
const settings = Object.assign(
  {},
  ...[manifest.contributes.configuration].flat().map((section) => section.properties),
) as Record<string, SettingSchema>;
const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []);

/**
 * The settings each method of src/extension/config.ts reads, found in its source: the test follows the code, so a
 * new setting that reaches the engine is checked without anyone remembering to list it here.
 */
function settingsReadByMethod(): Map<string, string[]> {
  const source = fs.readFileSync(path.join(ROOT, "src/extension/config.ts"), "utf8");
  const byMethod = new Map<string, string[]>();
  let method = "";
  for (const line of source.split("\n")) {
    const declaration = /^ {2}(?:static )?(?:get )?(\w+)\(/.exec(line);
    if (declaration) method = declaration[1];
    for (const read of line.matchAll(/\.(?:get|value|inspect)<[^>]+>\("([\w.]+)"/g)) {
      byMethod.set(method, [...(byMethod.get(method) ?? []), `phiPair.${read[1]}`]);
    }
  }
  return byMethod;
}

/** Config members whose values choose a file to load, a server to contact, or how native memory and threads are used. */
const NATIVE_AFFECTING_MEMBERS = [
  "modelPath",
  "modelUri",
  "downloadEndpoint",
  "engineSettings",
  "backend",
  "serverEngineSettings",
];

/**
 * Window-scoped settings (a trusted workspace may tune them) that set how long one request may keep the CPU busy:
 * an untrusted workspace's `.vscode/settings.json` must not raise them (60 s time cap, 512 tokens per keystroke).
 */
const CPU_BOUNDING_SETTINGS = [
  "phiPair.completion.maxTokens",
  "phiPair.completion.timeCapMs",
  "phiPair.completion.promptTokenBudget",
  "phiPair.explain.maxTokens",
];

describe("reliability: workspace trust and setting scopes (package.json)", () => {
  const byMethod = settingsReadByMethod();
  const nativeAffecting = NATIVE_AFFECTING_MEMBERS.flatMap((member) => byMethod.get(member) ?? []);

  it("finds the settings behind the model file, the download server and the engine in config.ts", () => {
    for (const member of NATIVE_AFFECTING_MEMBERS)
      assert.ok(byMethod.get(member)?.length, `config.ts reads settings in ${member}`);
    assert.ok(nativeAffecting.includes("phiPair.model.path"));
    assert.ok(nativeAffecting.includes("phiPair.inference.contextSize"));
    assert.ok(
      nativeAffecting.includes("phiPair.inference.backend") && nativeAffecting.includes("phiPair.server.url"),
      "where the code is sent",
    );
  });

  it("declares every setting the extension reads", () => {
    for (const key of [...byMethod.values()].flat())
      assert.ok(settings[key], `${key} is read by config.ts but not declared in package.json`);
  });

  it("scopes every native-affecting setting to the machine or application, so a workspace cannot set it", () => {
    for (const key of nativeAffecting) {
      assert.ok(
        ["machine", "application"].includes(settings[key].scope ?? "window"),
        `${key} has scope ${settings[key].scope ?? "window (default)"}`,
      );
    }
  });

  it("lists every native-affecting setting as restricted in untrusted workspaces", () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, "limited");
    for (const key of nativeAffecting)
      assert.ok(restricted.has(key), `${key} is missing from restrictedConfigurations`);
  });

  it("restricts the settings that bound one request's CPU time, so an untrusted workspace cannot keep the CPU busy", () => {
    for (const key of CPU_BOUNDING_SETTINGS) {
      assert.ok(settings[key], `${key} is a setting`);
      assert.ok(restricted.has(key), `${key} is missing from restrictedConfigurations`);
    }
  });

  it("restricts only settings that exist", () => {
    for (const key of restricted)
      assert.ok(settings[key], `restrictedConfigurations names ${key}, which is not a setting`);
  });
});
