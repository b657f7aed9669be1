#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` from the exact llama.cpp source node-llama-cpp ships (its git bundle), for
# `npm run test:server` and the shared-server bench. Offline; needs cmake + g++; ~9 min on 2 cores, so the binary is
# cached outside the clone, keyed by the bundle's commit: $PHI_PAIR_CACHE (default ~/.cache/phi-pair)/llama-server-<commit>.
# Prints the binary's path on stdout (last line).
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$repo_root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
cache="${PHI_PAIR_CACHE:-$HOME/.cache/phi-pair}"
jobs="${JOBS:-$(nproc)}"

[ -f "$bundle" ] || { echo "missing $bundle (npm install first)" >&2; exit 1; }
commit="$(git bundle list-heads "$bundle" | awk '{print $1; exit}')"
binary="$cache/llama-server-${commit:0:12}"
if [ -x "$binary" ]; then echo "$binary"; exit 0; fi

src="$cache/llama.cpp-${commit:0:12}"
if [ ! -d "$src/.git" ]; then
  mkdir -p "$cache"
  git -c advice.detachedHead=false clone --quiet "$bundle" "$src"
fi
git -C "$src" checkout --quiet "$commit"
echo "building llama-server from node-llama-cpp's llama.cpp bundle, commit ${commit:0:12} (~9 min on 2 cores)" >&2

# The compiler's warnings (thousands) go to a log that is shown only when the build fails.
log="$src/build.log"
{
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
    -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DBUILD_SHARED_LIBS=OFF &&
    cmake --build "$src/build" --target llama-server -j "$jobs"
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "llama-server build failed; full log: $log" >&2; exit 1; }
cp "$src/build/bin/llama-server" "$binary.tmp" && mv "$binary.tmp" "$binary"
echo "$binary"
