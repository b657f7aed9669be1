#!/usr/bin/env node
// Builds and checks the .vsix of every supported platform on this one machine (CI runs it from scripts/test-all.sh):
// the five CPU builds (macOS arm64 with Metal) and the Vulkan GPU builds of Linux and Windows x64. CUDA is left to
// `npm run package -- --target linux-x64 --gpu cuda` by hand: its binaries alone are ~305 MiB compressed.
// Prints a size table (README "Install") and writes it to .package/report.json.
//
//   node scripts/package-all.mjs [--only linux-x64,win32-x64-vulkan]     (npm run package:all)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkVsix } from "./package/checkVsix.mjs";
import { packageVsix, REPO } from "./package/vsix.mjs";

/** Every build a user can pick, as [vsce target, GPU binaries]. */
const BUILDS = [
  ["linux-x64"],
  ["linux-arm64"],
  ["darwin-arm64"],
  ["darwin-x64"],
  ["win32-x64"],
  ["linux-x64", "vulkan"],
  ["win32-x64", "vulkan"],
];
const variantOf = ([target, gpu]) => (gpu ? `${target}-${gpu}` : target);

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1].split(",") : undefined;
const builds = only ? BUILDS.filter((build) => only.includes(variantOf(build))) : BUILDS;
if (!builds.length) {
  console.error(`[package:all] --only matches none of ${BUILDS.map(variantOf).join(", ")}`);
  process.exit(1);
}

const started = performance.now();
console.log("[package:all] $ npm run build:production");
if (spawnSync("npm", ["run", "build:production"], { cwd: REPO, stdio: "inherit" }).status !== 0) process.exit(1);
const rows = [];
const failures = [];
for (const [target, gpu] of builds) {
  const variant = variantOf([target, gpu]);
  const log = (line) => console.log(`[package:all ${variant}] ${line}`);
  const buildStarted = performance.now();
  try {
    const { file, binaries } = await packageVsix({ target, gpu, log });
    const checked = await checkVsix(file, target, binaries);
    rows.push({
      variant,
      target,
      gpu: gpu ?? null,
      file: path.relative(REPO, file),
      binaries,
      ...checked,
      seconds: (performance.now() - buildStarted) / 1000,
    });
    log(
      `checked: ${(checked.bytes / 1024 / 1024).toFixed(1)} MiB, ${checked.files} files, ${checked.nativeFiles} native`,
    );
  } catch (error) {
    failures.push(variant);
    console.error(`[package:all ${variant}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const seconds = (performance.now() - started) / 1000;
fs.mkdirSync(path.join(REPO, ".package"), { recursive: true });
fs.writeFileSync(
  path.join(REPO, ".package/report.json"),
  JSON.stringify({ seconds, builds: rows, failures }, null, 2) + "\n",
);
console.log("\n| Build | .vsix size | Files | llama.cpp binaries |\n|---|---:|---:|---|");
for (const row of rows)
  console.log(
    `| ${row.variant} | ${(row.bytes / 1024 / 1024).toFixed(1)} MiB | ${row.files} | ${row.binaries.join(", ")} |`,
  );
console.log(
  `\n[package:all] ${rows.length} built and checked, ${failures.length} failed${failures.length ? ` (${failures.join(", ")})` : ""} in ${seconds.toFixed(0)} s; .package/report.json`,
);
process.exit(failures.length ? 1 : 0);
