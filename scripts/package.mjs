#!/usr/bin/env node
// Builds a platform-specific .vsix: the production esbuild bundle, the tree-sitter .wasm files, media/, and
// node-llama-cpp with the prebuilt llama.cpp binaries of ONE platform (no CUDA/Vulkan payload unless asked for).
//
//   node scripts/package.mjs [--target linux-x64] [--gpu vulkan|cuda]     (npm run package -- --target …)
//
// vsce collects the production dependency tree (npm list --production) and drops what .vscodeignore lists; this
// script adds ignore lines for every top-level entry that does not ship and for every installed @node-llama-cpp/*
// binary package the target does not use, so the project's .npmrc (omit=optional) and a developer's extra local
// binary packages both give the same .vsix.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BINARY_SCOPE = path.join(REPO, "node_modules/@node-llama-cpp");

/** vsce target → node-llama-cpp's prebuilt binary packages (CPU, or the platform's own GPU API on macOS). */
const CPU_BINARIES = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "linux-armhf": "linux-armv7l",
  "darwin-arm64": "mac-arm64-metal",
  "darwin-x64": "mac-x64",
  "win32-x64": "win-x64",
  "win32-arm64": "win-arm64",
};
/** Extra GPU binaries a target can ask for with --gpu (they are large: CUDA's is hundreds of MB). */
const GPU_BINARIES = {
  vulkan: { "linux-x64": ["linux-x64-vulkan"], "win32-x64": ["win-x64-vulkan"] },
  cuda: { "linux-x64": ["linux-x64-cuda", "linux-x64-cuda-ext"], "win32-x64": ["win-x64-cuda", "win-x64-cuda-ext"] },
};

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function fail(message) {
  console.error(`[package] ${message}`);
  process.exit(1);
}

function run(command, args) {
  console.log(`[package] $ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: REPO, stdio: "inherit" });
  if (result.status !== 0) fail(`${command} exited with ${result.status ?? result.signal}`);
}

const target = option("target") ?? `${process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`;
const gpu = option("gpu");
if (!(target in CPU_BINARIES)) fail(`unknown target ${target}; one of ${Object.keys(CPU_BINARIES).join(", ")}`);
if (gpu && !GPU_BINARIES[gpu]?.[target]) fail(`--gpu ${gpu} is not available for ${target}`);
const wanted = [CPU_BINARIES[target], ...(gpu ? GPU_BINARIES[gpu][target] : [])];

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const llamaVersion = pkg.dependencies["node-llama-cpp"];
const missing = wanted.filter((name) => {
  const manifest = path.join(BINARY_SCOPE, name, "package.json");
  return !fs.existsSync(manifest) || JSON.parse(fs.readFileSync(manifest, "utf8")).version !== llamaVersion;
});
if (missing.length) {
  const specs = missing.map((name) => `@node-llama-cpp/${name}@${llamaVersion}`).join(" ");
  fail(`the ${target} binaries are not installed; fetch them first (another platform's package needs --force):\n  npm install --no-save --force ${specs}`);
}

// Only these top-level entries ship; sources, tests, samples, CI files and anything added later stay out.
const SHIPPED = new Set(["package.json", "README.md", "LICENSE", "dist", "media", "node_modules"]);
const notShipped = fs.readdirSync(REPO, { withFileTypes: true })
  .filter((entry) => !SHIPPED.has(entry.name))
  .map((entry) => (entry.isDirectory() ? `${entry.name}/**` : entry.name));
const installed = fs.existsSync(BINARY_SCOPE) ? fs.readdirSync(BINARY_SCOPE) : [];
const otherBinaries = installed.filter((name) => !wanted.includes(name)).map((name) => `node_modules/@node-llama-cpp/${name}/**`);
const ignoreFile = path.join(REPO, ".package", `vscodeignore-${target}`);
fs.mkdirSync(path.dirname(ignoreFile), { recursive: true });
fs.writeFileSync(ignoreFile, [
  fs.readFileSync(path.join(REPO, ".vscodeignore"), "utf8"),
  "# top-level entries that do not ship", ...notShipped,
  `# binaries ${target} does not use`, ...otherBinaries, "",
].join("\n"));

run("npm", ["run", "build:production"]);
const out = path.join(REPO, `${pkg.name}-${target}${gpu ? `-${gpu}` : ""}-${pkg.version}.vsix`);
// Relative README links stay relative: the README's screenshots ship inside the .vsix and show offline.
run("npx", ["vsce", "package", "--target", target, "--ignoreFile", ignoreFile, "--no-rewrite-relative-links", "--out", out]);
console.log(`[package] ${path.relative(REPO, out)}: ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MiB (binaries: ${wanted.join(", ")})`);
