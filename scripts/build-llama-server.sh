#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` (for `npm run test:server` and the shared-server bench) with the shared
# build script; cached in $PHI_PAIR_CACHE (default ~/.cache/phi-pair)/llama-server-<commit>-<build>. Prints its path (last line).
set -euo pipefail
exec bash "$(dirname "$0")/build-llama-tool.sh" llama-server
