#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): install, build, unit tests, the server backend's tests, the extension-host tests
# inside a real VS Code (code-server + headless chromium, installed by scripts/install-vscode-host.sh), then the
# end-to-end check of the packaged .vsix in that VS Code (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules/node-llama-cpp ] || npm ci
# .npmrc omits optional dependencies (node-llama-cpp's CUDA/Vulkan payloads); fetch this machine's CPU binary
node scripts/package/llamaBinaries.mjs
npm run build
npx tsc -p .
node out/scripts/fixture-models/fixtures.js
npx mocha --config .mocharc.json
# The server backend against the real llama-server (the first run builds it: ~9 min on 2 idle cores, then cached);
# the extension-host tests use it too
PHI_PAIR_LLAMA_SERVER="${PHI_PAIR_LLAMA_SERVER:-$(bash scripts/build-llama-server.sh | tail -n 1)}"
export PHI_PAIR_LLAMA_SERVER
bash scripts/test-server.sh
PHI_PAIR_EXTENSION_ID=phi-pair.phi-pair HOST_SKIP_COMPILE=1 bash scripts/run-host-tests.sh
# End to end: the packaged .vsix installed into code-server, driven through chromium (about 90 s)
HOST_SKIP_INSTALL=1 bash scripts/e2e.sh
