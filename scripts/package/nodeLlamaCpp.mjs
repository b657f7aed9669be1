// Stages node-llama-cpp for the .vsix with its JavaScript bundled: its dist/ and its ~60 dependencies are ~880
// files, which makes vsce warn and slows the extension host's first import. The bundled copy keeps the file layout
// node-llama-cpp relies on at run time:
//   - dist/config.js and dist/utils/getModuleVersion.js find llama/ and package.json relative to their own
//     import.meta.url, so each bundled module gets its original file's URL instead of the bundle's;
//   - getLlama() tests a prebuilt binary in a child process that re-runs dist/bindings/utils/testBindingBinary.js
//     (a module that finds itself inside a bundle skips that test with a warning), so that file is a second,
//     standalone bundle at its original path;
//   - the prebuilt binaries stay in their own @node-llama-cpp/<platform> package, loaded with import().
import * as esbuild from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";

/** Entry points, at their original paths: the package's main module and the binary-test child process. */
const ENTRIES = ["dist/index.js", "dist/bindings/utils/testBindingBinary.js"];
/** What node-llama-cpp reads from llama/ at run time with prebuilt binaries (build: "never"). */
const LLAMA_RUNTIME_FILES = ["package.json", "binariesGithubRelease.json", "llama.cpp.info.json", "grammars"];

/**
 * Writes node-llama-cpp (bundled) and the given @node-llama-cpp/* binary packages into `stageModules`
 * (a node_modules folder). Returns the staged node-llama-cpp folder.
 */
export async function stageNodeLlamaCpp(sourceModules, stageModules, binaryPackages) {
  const source = fs.realpathSync(path.join(sourceModules, "node-llama-cpp"));
  const staged = path.join(stageModules, "node-llama-cpp");
  fs.mkdirSync(path.join(staged, "llama"), { recursive: true });
  fs.copyFileSync(path.join(source, "LICENSE"), path.join(staged, "LICENSE"));
  for (const name of LLAMA_RUNTIME_FILES) {
    fs.cpSync(path.join(source, "llama", name), path.join(staged, "llama", name), { recursive: true });
  }
  // Its dependencies are inside the bundle now; listing them would make `npm list` (run by vsce) report them missing.
  const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
  delete manifest.dependencies;
  fs.writeFileSync(path.join(staged, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

  for (const entry of ENTRIES) {
    const outfile = path.join(staged, entry);
    await esbuild.build({
      entryPoints: [path.join(source, entry)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      keepNames: true,
      legalComments: "none",
      logLevel: "warning",
      // The binary packages are found by import() at run time; electron is imported only inside Electron.
      external: ["@node-llama-cpp/*", "electron"],
      // CommonJS dependencies (fs-extra, semver, …) call require(), which an ES module lacks.
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
      plugins: [originalImportMetaUrl(source, staged, outfile)],
    });
  }

  for (const name of binaryPackages) {
    fs.cpSync(
      fs.realpathSync(path.join(sourceModules, "@node-llama-cpp", name)),
      path.join(stageModules, "@node-llama-cpp", name),
      { recursive: true },
    );
  }
  return staged;
}

/** Replaces `import.meta.url` in node-llama-cpp's own modules with the URL their file had before bundling. */
function originalImportMetaUrl(source, staged, outfile) {
  return {
    name: "original-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, async (args) => {
        const relative = path.relative(source, args.path);
        if (!relative.startsWith(`dist${path.sep}`)) return undefined;
        const contents = await fs.promises.readFile(args.path, "utf8");
        if (!contents.includes("import.meta.url")) return undefined;
        const original = path.relative(path.dirname(outfile), path.join(staged, relative)).split(path.sep).join("/");
        const url = `new URL(${JSON.stringify(original.startsWith(".") ? original : `./${original}`)}, import.meta.url).href`;
        return { contents: contents.replaceAll("import.meta.url", url), loader: "js" };
      });
    },
  };
}
