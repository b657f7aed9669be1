#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): install, build, the type-aware lint, unit tests, the server backend's
# tests against a real llama-server, the extension-host tests
# inside a real VS Code (code-server + headless chromium, installed by scripts/install-vscode-host.sh), then the
# packages of every platform (scripts/package-all.mjs), and the end-to-end check of this machine's .vsix in that
# VS Code (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules/node-llama-cpp ] || npm ci
npm run build
npx tsc -p .
# Formatting (prettier) and the type-aware lint (eslint.config.mjs: floating/misused promises, unsafe any), before the suites
npm run format:check
npm run lint
node out/scripts/fixture-models/fixtures.js
npx mocha --config .mocharc.json
# The server backend against the real llama-server (the first run builds it: ~9 min on 2 idle cores, then cached);
# the extension-host tests use it too
PHI_PAIR_LLAMA_SERVER="${PHI_PAIR_LLAMA_SERVER:-$(bash scripts/build-llama-server.sh | tail -n 1)}"
export PHI_PAIR_LLAMA_SERVER
bash scripts/test-server.sh
PHI_PAIR_EXTENSION_ID=phi-pair.phi-pair HOST_SKIP_COMPILE=1 bash scripts/run-host-tests.sh
# Every platform's .vsix (five CPU builds, two Vulkan), built and checked on this machine (about 100 s)
npm run package:all
# End to end: this machine's .vsix installed into code-server, driven through chromium (about 90 s)
HOST_SKIP_INSTALL=1 E2E_VSIX="$(node -p 'const p = require("./package.json"); `${p.name}-${process.platform}-${process.arch}-${p.version}.vsix`')" bash scripts/e2e.sh
