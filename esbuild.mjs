// Bundles the extension (dist/extension.js) and the CLIs (dist/cli/*.js) as CommonJS for Node.
// node-llama-cpp stays external: it is native (prebuilt binaries per platform) and ESM, loaded with import().
// The tree-sitter WebAssembly files are copied next to the bundle, where src/core/python/parser.ts finds them.
import * as esbuild from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  external: ["vscode", "node-llama-cpp"],
  logLevel: "info",
  // web-tree-sitter's loader calls createRequire(import.meta.url), which is undefined in a CommonJS bundle.
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
};

const builds = [
  // the document lint's worker thread (src/extension/review/documentLinter.ts) loads dist/lintWorker.js,
  // the workspace index (src/extension/workspace/workspaceIndexer.ts) dist/indexWorker.js
  {
    ...common,
    entryPoints: {
      extension: "src/extension/extension.ts",
      lintWorker: "src/extension/review/lintWorker.ts",
      indexWorker: "src/extension/workspace/indexWorker.ts",
    },
    outdir: "dist",
  },
  { ...common, entryPoints: { lint: "src/cli/lint.ts", complete: "src/cli/complete.ts" }, outdir: "dist/cli" },
].filter((options) => Object.values(options.entryPoints).every((entry) => fs.existsSync(entry)));

function copyWasm() {
  const files = [
    ["node_modules/web-tree-sitter/tree-sitter.wasm", "tree-sitter.wasm"],
    ["node_modules/tree-sitter-python/tree-sitter-python.wasm", "tree-sitter-python.wasm"],
  ];
  for (const dir of ["dist", "dist/cli"]) {
    fs.mkdirSync(dir, { recursive: true });
    for (const [from, name] of files) fs.copyFileSync(from, path.join(dir, name));
  }
}

copyWasm();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
