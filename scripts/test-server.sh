#!/usr/bin/env bash
# `npm run test:server`: the server backend's tests against the real llama-server on loopback, with the project's
# fixture models. Builds llama-server the first time (scripts/build-llama-server.sh, cached in ~/.cache/phi-pair;
# PHI_PAIR_LLAMA_SERVER=<binary> uses another one). Expects `npx tsc -p .` to have run (test-all.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d out/test/server ] || npx tsc -p .
node out/scripts/fixture-models/fixtures.js
PHI_PAIR_LLAMA_SERVER="${PHI_PAIR_LLAMA_SERVER:-$(bash scripts/build-llama-server.sh | tail -n 1)}"
export PHI_PAIR_LLAMA_SERVER
echo "llama-server: $PHI_PAIR_LLAMA_SERVER"
npx mocha --no-config --timeout 120000 --exit 'out/test/server/**/*.test.js'
