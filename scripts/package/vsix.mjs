// Stages and packs one platform's .vsix (used by scripts/package.mjs and scripts/package-all.mjs).
//
// It stages what ships in .package/<target>[-<gpu>]/ (package.json, README.md, LICENSE, dist/, media/, and a
// node_modules/ with node-llama-cpp bundled by ./nodeLlamaCpp.mjs plus the target's binary packages), checks that the
// staged node-llama-cpp loads its prebuilt binary (only possible when the target is this machine), and runs
// `vsce package` there, with .vscodeignore. Any vsce WARNING fails the build. Other binary packages installed
// locally never ship. The production bundle (dist/) must be built first (`npm run build:production`).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { binariesFor, ensureLlamaBinaries, hostTarget } from "./llamaBinaries.mjs";
import { stageNodeLlamaCpp } from "./nodeLlamaCpp.mjs";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Builds the .vsix for `target` (plus `gpu` binaries, if any); returns its path and the binary packages inside. */
export async function packageVsix({ target, gpu, log = (line) => console.log(`[package] ${line}`) }) {
  const wanted = binariesFor(target, gpu);
  ensureLlamaBinaries(wanted, log);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  const llamaVersion = pkg.dependencies["node-llama-cpp"];

  // vsce packs a folder and its `npm list --production` tree; this folder holds exactly what ships.
  const variant = `${target}${gpu ? `-${gpu}` : ""}`;
  const stage = path.join(REPO, ".package", variant);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  // Runtime dependencies only: markdown-it and tree-sitter are bundled into dist/extension.js (their .wasm files
  // copied into dist/), so node-llama-cpp and the target's binary packages are all that node_modules holds.
  pkg.dependencies = Object.fromEntries([
    ["node-llama-cpp", llamaVersion],
    ...wanted.map((name) => [`@node-llama-cpp/${name}`, llamaVersion]),
  ]);
  delete pkg.devDependencies;
  delete pkg.config; // nodeLlamaCppPostinstall: a development-install setting
  delete pkg.scripts.postinstall; // fetches development binaries; the .vsix carries its own
  fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  for (const entry of ["README.md", "LICENSE", "dist", "media"])
    fs.cpSync(path.join(REPO, entry), path.join(stage, entry), { recursive: true });
  const stagedLlama = await stageNodeLlamaCpp(
    path.join(REPO, "node_modules"),
    path.join(stage, "node_modules"),
    wanted,
  );
  if (target === hostTarget) checkPrebuiltBinaryLoads(stage, stagedLlama, log);

  const out = path.join(REPO, `${pkg.name}-${variant}-${pkg.version}.vsix`);
  // No repository to name yet: --allow-missing-repository instead of a made-up URL (vsce would otherwise ask on
  // stdin). Relative README links stay relative: the README's screenshots ship inside the .vsix and show offline.
  const vsce = [
    path.join(REPO, "node_modules/@vscode/vsce/vsce"),
    "package",
    "--target",
    target,
    "--ignoreFile",
    path.join(REPO, ".vscodeignore"),
    "--allow-missing-repository",
    "--no-rewrite-relative-links",
    "--out",
    out,
  ];
  log(`$ (cd ${path.relative(REPO, stage)} && vsce ${vsce.slice(1).join(" ")})`);
  const packed = spawnSync(process.execPath, vsce, { cwd: stage, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const vsceOutput = `${packed.stdout}${packed.stderr}`;
  process.stdout.write(vsceOutput);
  if (packed.status !== 0) throw new Error(`vsce exited with ${packed.status ?? packed.signal}`);
  // A warning (too many files, a missing field, …) is a packaging bug here, not something to scroll past.
  if (/\bWARNING\b/.test(vsceOutput)) throw new Error("vsce printed a WARNING (above); fix it rather than ship it");
  return { file: out, binaries: wanted };
}

/**
 * Loads the staged node-llama-cpp's prebuilt binary the way the extension does. getLlama() first tests the binary
 * in a child process running the standalone testBindingBinary.js; a bundling mistake shows as its "not independent"
 * warning (the test skipped) or as no binary found.
 */
function checkPrebuiltBinaryLoads(stage, stagedLlama, log) {
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
  if (result.status !== 0 || /not independent/.test(output))
    throw new Error(`the bundled node-llama-cpp does not load its prebuilt binary:\n${output}`);
  log(`bundled node-llama-cpp: ${output}`);
}
