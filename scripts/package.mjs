#!/usr/bin/env node
// Builds a platform-specific .vsix: the production esbuild bundle, the tree-sitter .wasm files, media/, and
// node-llama-cpp with the prebuilt llama.cpp binaries of ONE platform (no CUDA/Vulkan payload unless asked for).
//
//   node scripts/package.mjs [--target linux-x64] [--gpu vulkan|cuda]     (npm run package -- --target …)
//
// It stages what ships in .package/<target>/ (package.json, README.md, LICENSE, dist/, media/, and a node_modules/
// with node-llama-cpp bundled by scripts/package/nodeLlamaCpp.mjs plus the target's binary packages), checks that the
// staged node-llama-cpp loads its prebuilt binary (when the target is this machine), and runs `vsce package` there,
// with .vscodeignore. Any vsce WARNING fails the build. Other binary packages installed locally never ship.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { binariesFor, ensureLlamaBinaries, hostTarget } from "./package/llamaBinaries.mjs";
import { stageNodeLlamaCpp } from "./package/nodeLlamaCpp.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

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

const target = option("target") ?? hostTarget;
const gpu = option("gpu");
let wanted;
try {
  wanted = binariesFor(target, gpu);
  ensureLlamaBinaries(wanted, (line) => console.log(`[package] ${line}`));
} catch (error) {
  fail(error.message);
}
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const llamaVersion = pkg.dependencies["node-llama-cpp"];

run("npm", ["run", "build:production"]);

// vsce packs a folder and its `npm list --production` tree; this folder holds exactly what ships.
const stage = path.join(REPO, ".package", `${target}${gpu ? `-${gpu}` : ""}`);
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
// Runtime dependencies only: markdown-it and tree-sitter are bundled into dist/extension.js (their .wasm files copied
// into dist/), so node-llama-cpp and the target's binary packages are all that node_modules holds.
pkg.dependencies = Object.fromEntries([["node-llama-cpp", llamaVersion], ...wanted.map((name) => [`@node-llama-cpp/${name}`, llamaVersion])]);
delete pkg.devDependencies;

fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
for (const entry of ["README.md", "LICENSE", "dist", "media"]) fs.cpSync(path.join(REPO, entry), path.join(stage, entry), { recursive: true });
const stagedLlama = await stageNodeLlamaCpp(path.join(REPO, "node_modules"), path.join(stage, "node_modules"), wanted);
if (target === hostTarget) checkPrebuiltBinaryLoads(stagedLlama);

const out = path.join(REPO, `${pkg.name}-${path.basename(stage)}-${pkg.version}.vsix`);
// No repository to name yet: --allow-missing-repository instead of a made-up URL (vsce would otherwise ask on stdin).
// Relative README links stay relative: the README's screenshots ship inside the .vsix and show offline.
const vsce = [path.join(REPO, "node_modules/@vscode/vsce/vsce"), "package", "--target", target, "--ignoreFile", path.join(REPO, ".vscodeignore"),
  "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out];
console.log(`[package] $ (cd ${path.relative(REPO, stage)} && vsce ${vsce.slice(1).join(" ")})`);
const packed = spawnSync(process.execPath, vsce, { cwd: stage, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const vsceOutput = `${packed.stdout}${packed.stderr}`;
process.stdout.write(vsceOutput);
if (packed.status !== 0) fail(`vsce exited with ${packed.status ?? packed.signal}`);
// A warning (too many files, a missing field, …) is a packaging bug here, not something to scroll past.
if (/\bWARNING\b/.test(vsceOutput)) fail("vsce printed a WARNING (above); fix it rather than ship it");

const files = spawnSync("unzip", ["-Z1", out], { encoding: "utf8" }).stdout.split("\n").filter((name) => name.startsWith("extension/"));
const jsFiles = files.filter((name) => name.endsWith(".js"));
console.log(`[package] ${path.relative(REPO, out)}: ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MiB, ${files.length} files, ${jsFiles.length} JavaScript (binaries: ${wanted.join(", ")})`);

/**
 * Loads the staged node-llama-cpp's prebuilt binary the way the extension does. getLlama() first tests the binary
 * in a child process running the standalone testBindingBinary.js; a bundling mistake shows as its "not independent"
 * warning (the test skipped) or as no binary found.
 */
function checkPrebuiltBinaryLoads(stagedLlama) {
  const entry = pathToFileURL(path.join(stagedLlama, "dist/index.js")).href;
  const script = `const { getLlama, LlamaLogLevel } = await import(${JSON.stringify(entry)});
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
console.log(\`\${llama.buildType} binary loaded (GPU: \${llama.gpu})\`);
await llama.dispose();`;
  // A file, not `node -e`: the binary test forks with this process's execArgv, which would carry `-e` along.
  const checkFile = `${stage}-check.mjs`;
  fs.writeFileSync(checkFile, script);
  const result = spawnSync(process.execPath, [checkFile], { encoding: "utf8", timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0 || /not independent/.test(output)) fail(`the bundled node-llama-cpp does not load its prebuilt binary:\n${output}`);
  console.log(`[package] bundled node-llama-cpp: ${output}`);
}
