#!/usr/bin/env bash
# Builds llama.cpp's own `llama-bench` from the exact llama.cpp source node-llama-cpp ships (its git bundle),
# so `npm run bench` can compare our decode speed with llama.cpp on the same model and threads.
# Offline; needs cmake + g++. Output: $LLAMA_BENCH_DIR/build/bin/llama-bench (default: .bench/llama.cpp, gitignored).
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$repo_root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
target="${LLAMA_BENCH_DIR:-$repo_root/.bench/llama.cpp}"
jobs="${JOBS:-$(nproc)}"

[ -f "$bundle" ] || { echo "missing $bundle (npm install first)" >&2; exit 1; }
release="$(node -p "require('$repo_root/node_modules/node-llama-cpp/llama/binariesGithubRelease.json').release")"
if [ ! -d "$target/.git" ]; then
  mkdir -p "$(dirname "$target")"
  git -c advice.detachedHead=false clone --quiet "$bundle" "$target"
fi
git -C "$target" checkout --quiet "$(git bundle list-heads "$bundle" | awk '{print $1; exit}')"
echo "llama.cpp source: node-llama-cpp's bundle (release $release), commit $(git -C "$target" rev-parse --short HEAD)"

# GGML_NATIVE: tuned for this CPU, like the prebuilt's best-matching CPU variant; only the tool we need.
# The compiler's warnings (thousands) go to a log that is shown only when the build fails.
log="$target/build.log"
{
  cmake -S "$target" -B "$target/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
    -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DBUILD_SHARED_LIBS=OFF &&
    cmake --build "$target/build" --target llama-bench -j "$jobs"
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "llama-bench build failed; full log: $log" >&2; exit 1; }
echo "built $target/build/bin/llama-bench"
