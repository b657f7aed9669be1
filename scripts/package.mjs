#!/usr/bin/env node
// Builds and checks one platform-specific .vsix: the production esbuild bundle, the tree-sitter .wasm files,
// media/, and node-llama-cpp with the prebuilt llama.cpp binaries of ONE platform (no CUDA/Vulkan payload unless
// asked for). Works for every target on this machine; the binary load check runs only for this machine's target.
//
//   node scripts/package.mjs [--target linux-x64] [--gpu vulkan|cuda]     (npm run package -- --target …)
//   node scripts/package-all.mjs                                           (every target: npm run package:all)
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { checkVsix } from "./package/checkVsix.mjs";
import { hostTarget } from "./package/llamaBinaries.mjs";
import { packageVsix, REPO } from "./package/vsix.mjs";

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const target = option("target") ?? hostTarget;
try {
  console.log("[package] $ npm run build:production");
  if (spawnSync("npm", ["run", "build:production"], { cwd: REPO, stdio: "inherit" }).status !== 0)
    throw new Error("npm run build:production failed");
  const { file, binaries } = await packageVsix({ target, gpu: option("gpu") });
  const { bytes, files } = await checkVsix(file, target, binaries);
  console.log(
    `[package] ${path.relative(REPO, file)}: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${files} files (binaries: ${binaries.join(", ")}); checked`,
  );
} catch (error) {
  console.error(`[package] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
