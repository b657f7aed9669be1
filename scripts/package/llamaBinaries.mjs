#!/usr/bin/env node
// node-llama-cpp's prebuilt llama.cpp binaries, one npm package per platform (and GPU API).
//
// They are optional dependencies of node-llama-cpp, and the project's .npmrc omits optional dependencies so that
// `npm ci` does not pull CUDA and Vulkan payloads (hundreds of MB) onto every machine. This module fetches exactly the
// packages a target needs from the registry (`npm pack`), checks each tarball against package-lock.json's integrity,
// and unpacks it into node_modules/@node-llama-cpp/. It works for any target, not only this machine's, so that one
// machine can package every platform.
//
// It is the project's postinstall (`--postinstall`: this machine's CPU binary, a note instead of a failure on a
// platform without one). package.json's `config.nodeLlamaCppPostinstall: "skip"` stops node-llama-cpp's own
// postinstall, which would otherwise compile llama.cpp from source (~10 min on 2 cores) before this runs.
//
//   node scripts/package/llamaBinaries.mjs [--target linux-x64] [--gpu vulkan|cuda]     (default: this machine, CPU)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BINARY_SCOPE = path.join(REPO, "node_modules/@node-llama-cpp");

/** vsce target → node-llama-cpp's prebuilt binary packages (CPU, or the platform's own GPU API on macOS). */
export const CPU_BINARIES = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "linux-armhf": "linux-armv7l",
  "darwin-arm64": "mac-arm64-metal",
  "darwin-x64": "mac-x64",
  "win32-x64": "win-x64",
  "win32-arm64": "win-arm64",
};
/** Extra GPU binaries a target can ask for with --gpu (they are large: CUDA's is hundreds of MB). */
export const GPU_BINARIES = {
  vulkan: { "linux-x64": ["linux-x64-vulkan"], "win32-x64": ["win-x64-vulkan"] },
  cuda: { "linux-x64": ["linux-x64-cuda", "linux-x64-cuda-ext"], "win32-x64": ["win-x64-cuda", "win-x64-cuda-ext"] },
};

export const hostTarget = `${process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`;

/** The binary packages `target` (with `gpu`, if any) ships; throws on an unknown pair. */
export function binariesFor(target, gpu) {
  if (!(target in CPU_BINARIES))
    throw new Error(`unknown target ${target}; one of ${Object.keys(CPU_BINARIES).join(", ")}`);
  if (gpu && !GPU_BINARIES[gpu]?.[target]) throw new Error(`--gpu ${gpu} is not available for ${target}`);
  return [CPU_BINARIES[target], ...(gpu ? GPU_BINARIES[gpu][target] : [])];
}

export function llamaVersion() {
  return JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).dependencies["node-llama-cpp"];
}

function installedVersion(name) {
  const manifest = path.join(BINARY_SCOPE, name, "package.json");
  return fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, "utf8")).version : undefined;
}

/** Makes sure each named binary package is in node_modules at node-llama-cpp's version; fetches the missing ones. */
export function ensureLlamaBinaries(names, log = (line) => console.log(`[llama-binaries] ${line}`)) {
  const version = llamaVersion();
  const missing = names.filter((name) => installedVersion(name) !== version);
  if (!missing.length) return;
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-llama-binaries-"));
  try {
    for (const name of missing) {
      const spec = `@node-llama-cpp/${name}@${version}`;
      log(`fetching ${spec}`);
      // shell: npm is npm.cmd on Windows; the arguments are fixed names, nothing from outside.
      const packed = spawnSync("npm", ["pack", spec, "--json", "--pack-destination", scratch], {
        cwd: scratch,
        encoding: "utf8",
        shell: process.platform === "win32",
      });
      if (packed.status !== 0)
        throw new Error(`npm pack ${spec} failed (${packed.status ?? packed.signal}):\n${packed.stderr}`);
      const [info] = JSON.parse(packed.stdout);
      const locked = lock.packages?.[`node_modules/@node-llama-cpp/${name}`]?.integrity;
      if (locked && locked !== info.integrity) {
        throw new Error(
          `${spec}: the registry's tarball (${info.integrity}) is not the one package-lock.json names (${locked})`,
        );
      }
      const target = path.join(BINARY_SCOPE, name);
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(target, { recursive: true });
      // npm tarballs hold everything under package/.
      const untar = spawnSync(
        "tar",
        ["-xzf", path.join(scratch, info.filename), "-C", target, "--strip-components=1"],
        { encoding: "utf8" },
      );
      if (untar.status !== 0) throw new Error(`unpacking ${info.filename} failed: ${untar.stderr}`);
      log(`installed ${spec} (${(info.size / 1024 / 1024).toFixed(1)} MiB)`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postinstall = process.argv.includes("--postinstall");
  try {
    if (postinstall && !(hostTarget in CPU_BINARIES)) {
      console.warn(
        `[llama-binaries] no prebuilt llama.cpp binary for ${hostTarget}; node-llama-cpp will need a local build`,
      );
      process.exit(0);
    }
    ensureLlamaBinaries(binariesFor(option("target") ?? hostTarget, option("gpu")));
  } catch (error) {
    console.error(`[llama-binaries] ${error.message}`);
    process.exit(1);
  }
}
