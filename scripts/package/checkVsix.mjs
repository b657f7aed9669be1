// Checks a built .vsix without installing it (so it works for every target on one machine): the manifest's target
// platform, and that the prebuilt llama.cpp binaries inside are exactly the target's, built for its OS and CPU.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);
// vsce's own reader: the vsixmanifest parsed with xml2js, the entries read with yauzl.
const { readVSIXPackage, readZip } = require("@vscode/vsce/out/zip.js");

const BINARY_SCOPE = "extension/node_modules/@node-llama-cpp/";
/** Files a platform's loader opens: a stray one outside the target's binary packages is another platform's payload. */
const NATIVE_FILE = /\.(node|dll|so(\.\d+)*|dylib|metallib|exe)$/;

/** npm's `os`/`cpu` names for a vsce target (linux-armhf is npm's `arm`). */
function npmPlatformOf(target) {
  const [os, arch] = target.split("-");
  return { os, cpu: arch === "armhf" ? "arm" : arch };
}

/**
 * Throws with every problem found; returns the size and counts on success.
 * `binaries`: the @node-llama-cpp packages the target ships (scripts/package/llamaBinaries.mjs binariesFor()).
 */
export async function checkVsix(file, target, binaries) {
  const problems = [];
  const { manifest, xmlManifest } = await readVSIXPackage(file);
  const declaredTarget = xmlManifest.PackageManifest.Metadata[0].Identity[0].$.TargetPlatform;
  if (declaredTarget !== target) problems.push(`vsixmanifest TargetPlatform is ${declaredTarget}, not ${target}`);
  const expectedDependencies = ["node-llama-cpp", ...binaries.map((name) => `@node-llama-cpp/${name}`)].sort();
  const dependencies = Object.keys(manifest.dependencies ?? {}).sort();
  if (dependencies.join() !== expectedDependencies.join())
    problems.push(`package.json dependencies are [${dependencies}], not [${expectedDependencies}]`);

  const names = [];
  const binaryManifests = await readZip(file, (name) => {
    names.push(name);
    return name.startsWith(BINARY_SCOPE) && name.split("/").length === 5 && name.endsWith("/package.json");
  });
  const shipped = [
    ...new Set(names.filter((name) => name.startsWith(BINARY_SCOPE)).map((name) => name.split("/")[3])),
  ].sort();
  if (shipped.join() !== [...binaries].sort().join())
    problems.push(`binary packages inside are [${shipped}], expected [${binaries}]`);
  const { os, cpu } = npmPlatformOf(target);
  for (const [name, buffer] of binaryManifests) {
    const binary = JSON.parse(buffer.toString("utf8"));
    if (!binary.os?.includes(os) || !binary.cpu?.includes(cpu))
      problems.push(`${binary.name} is for ${binary.os}/${binary.cpu}, not ${os}/${cpu} (${name})`);
  }
  const natives = names.filter((name) => NATIVE_FILE.test(name));
  const stray = natives.filter((name) => !binaries.some((binary) => name.startsWith(`${BINARY_SCOPE}${binary}/bins/`)));
  if (stray.length)
    problems.push(
      `native files outside the target's binary packages: ${stray.slice(0, 5).join(", ")}${stray.length > 5 ? ", …" : ""}`,
    );
  if (!natives.length) problems.push("no native llama.cpp binary inside");
  if (!names.includes("extension/node_modules/node-llama-cpp/dist/index.js"))
    problems.push("the bundled node-llama-cpp (dist/index.js) is missing");
  if (!names.includes("extension/dist/extension.js")) problems.push("dist/extension.js is missing");
  if (problems.length) throw new Error(`${path.basename(file)}:\n  - ${problems.join("\n  - ")}`);
  return {
    bytes: fs.statSync(file).size,
    files: names.filter((name) => !name.endsWith("/")).length,
    nativeFiles: natives.length,
  };
}
