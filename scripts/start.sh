#!/usr/bin/env bash
# The main job, on a fresh machine (Node + npm + apt): install, build, make the fixture models if missing, then
# show Phi Pair at work on samples/inventory.py with the bundled tiny model:
#   - headless (default): the extension's completion pipeline and security lint through the CLIs;
#   - --serve: also open the extension in a real VS Code (code-server) at http://127.0.0.1:${PORT:-8080}.
# Model: $PHI_PAIR_MODEL, else the tiny trained phi2 model in ../shared/models when present, else the
# project's scripted fixture model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules/node-llama-cpp ] || npm ci
# .npmrc omits optional dependencies (node-llama-cpp's CUDA/Vulkan payloads); fetch this machine's CPU binary
node scripts/package/llamaBinaries.mjs
npm run build --silent
node node_modules/typescript/bin/tsc -p .
node out/scripts/fixture-models/fixtures.js

model="${PHI_PAIR_MODEL:-}"
if [ -z "$model" ]; then
  if [ -f ../shared/models/tiny-phi2-python.gguf ]; then model="$(cd ../shared/models && pwd)/tiny-phi2-python.gguf"
  else model="$PWD/.fixtures/models/scripted-sum.gguf"; fi
fi
threads="$(nproc)"
echo "== Phi Pair on samples/inventory.py with $model"
for position in 16:1 20:1; do
  echo "-- suggestion at samples/inventory.py:$position"
  node dist/cli/complete.js samples/inventory.py "$position" --model "$model" --threads "$threads" || true
done
echo "-- security lint of samples/vulnerable.py"
node dist/cli/lint.js samples/vulnerable.py || true

if [[ "${1:-}" == "--serve" ]]; then
  bash scripts/install-vscode-host.sh
  port="${PORT:-8080}"
  home="$PWD/.serve"
  mkdir -p "$home/user-data/User" "$home/extensions"
  ln -sfn "$PWD" "$home/extensions/phi-pair.phi-pair-0.1.0"
  cat > "$home/user-data/User/settings.json" <<JSON
{ "phiPair.model.path": "$model", "phiPair.inference.threads": $threads, "files.autoSave": "off", "security.workspace.trust.enabled": false }
JSON
  echo "== VS Code with Phi Pair: http://127.0.0.1:$port/?folder=$PWD/samples  (Ctrl+C to stop)"
  exec node test/vscode-host/node_modules/code-server/out/node/entry.js --auth none --bind-addr "127.0.0.1:$port" \
    --disable-telemetry --user-data-dir "$home/user-data" --extensions-dir "$home/extensions" "$PWD/samples"
fi
