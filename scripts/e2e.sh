#!/usr/bin/env bash
# End-to-end check of the packaged extension in a real VS Code (code-server + headless chromium, offline):
# packages the .vsix for this platform (unless E2E_VSIX names one), installs it with --install-extension, and
# test/vscode-host/e2e.mjs types Python in the browser until the model's ghost text shows and Tab inserts it.
#
#   npm run test:e2e                      # screenshots + logs in test-artifacts/e2e/
#   E2E_UPDATE_SCREENSHOTS=1 npm run test:e2e   # also copy the screenshots to media/screenshots/ (README)
#
# Env: E2E_VSIX (skip packaging), HOST_SKIP_INSTALL=1 (skip the code-server install check), more in e2e.mjs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${HOST_SKIP_INSTALL:-0}" != 1 ]]; then
  bash "$ROOT/scripts/install-vscode-host.sh"
fi
node "$ROOT/node_modules/typescript/bin/tsc" -p "$ROOT"
node out/scripts/fixture-models/fixtures.js
if [[ -z "${E2E_VSIX:-}" ]]; then
  npm run package
  E2E_VSIX="$(node -p 'const p = require("./package.json"); `${p.name}-${process.platform}-${process.arch}-${p.version}.vsix`')"
fi
export E2E_VSIX
limit="${E2E_TIMEOUT_S:-240}"
timeout -k 15 "$((limit + 60))" node "$ROOT/test/vscode-host/e2e.mjs"
if [[ "${E2E_UPDATE_SCREENSHOTS:-0}" == 1 ]]; then
  mkdir -p media/screenshots
  cp test-artifacts/e2e/0*.png media/screenshots/
  echo "[e2e] screenshots copied to media/screenshots/"
fi
