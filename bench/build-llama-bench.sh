#!/usr/bin/env bash
# Builds llama.cpp's own `llama-bench` from the exact llama.cpp source node-llama-cpp ships (its git bundle),
# so `npm run bench` can compare our decode speed with llama.cpp on the same model and threads.
# The shared build script does the work (and caches the binary in ~/.cache/phi-pair); the source and build stay in
# $LLAMA_BENCH_DIR (default .bench/llama.cpp, gitignored), where decode-bench.ts runs $LLAMA_BENCH_DIR/build/bin/llama-bench.
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
target="${LLAMA_BENCH_DIR:-$repo_root/.bench/llama.cpp}"
binary="$(LLAMA_SRC="$target" bash "$repo_root/scripts/build-llama-tool.sh" llama-bench | tail -n 1)"
[ -x "$target/build/bin/llama-bench" ] || { mkdir -p "$target/build/bin" && cp "$binary" "$target/build/bin/llama-bench"; }
echo "built $target/build/bin/llama-bench"
