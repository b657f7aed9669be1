#!/usr/bin/env bash
# Builds one of llama.cpp's own tools (`llama-server`, `llama-bench`) from the exact llama.cpp source node-llama-cpp
# ships (its git bundle). Offline; needs git, cmake and g++. Usage: build-llama-tool.sh <tool>.
# The source is cloned once into $LLAMA_SRC (default $PHI_PAIR_CACHE/llama.cpp-<commit>, PHI_PAIR_CACHE defaulting
# to ~/.cache/phi-pair) and built there; every tool shares that build directory (one configuration, so a second
# tool only compiles what it adds). The binary is copied to $PHI_PAIR_CACHE/<tool>-<commit>, and a later call
# returns that copy at once. Prints the binary's path on stdout (last line).
set -euo pipefail
tool="${1:?usage: build-llama-tool.sh llama-server|llama-bench}"
case "$tool" in llama-server | llama-bench) ;; *) echo "unknown tool $tool (llama-server or llama-bench)" >&2; exit 2 ;; esac
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$repo_root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
cache="${PHI_PAIR_CACHE:-$HOME/.cache/phi-pair}"
jobs="${JOBS:-$(nproc)}"

[ -f "$bundle" ] || { echo "missing $bundle (npm install first)" >&2; exit 1; }
commit="$(git bundle list-heads "$bundle" | awk '{print $1; exit}')"
# AMX off: on CPUs that have it, ggml's AMX matmul crashes on the fixture models' small tensors at warmup (SIGSEGV in
# ggml_backend_amx_mul_mat), and node-llama-cpp's prebuilt binaries, which the benches compare with, have no AMX.
build_id="${commit:0:12}-noamx"
binary="$cache/$tool-$build_id"
if [ -x "$binary" ]; then echo "$binary"; exit 0; fi

src="${LLAMA_SRC:-$cache/llama.cpp-${commit:0:12}}"
if [ ! -d "$src/.git" ]; then
  mkdir -p "$(dirname "$src")"
  git -c advice.detachedHead=false clone --quiet "$bundle" "$src"
fi
git -C "$src" checkout --quiet "$commit"
release="$(node -p "require('$repo_root/node_modules/node-llama-cpp/llama/binariesGithubRelease.json').release")"
echo "building $tool from node-llama-cpp's llama.cpp bundle (release $release, commit ${commit:0:12}) in $src; ~9 min on 2 cores" >&2

# GGML_NATIVE: tuned for this CPU (AMX aside, see above), like the prebuilt's best-matching CPU variant; only the
# tool asked for.
# The compiler's warnings (thousands) go to a log that is shown only when the build fails.
log="$src/build-$tool.log"
started=$SECONDS
{
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
    -DCMAKE_C_FLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" -DCMAKE_CXX_FLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" \
    -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DBUILD_SHARED_LIBS=OFF &&
    cmake --build "$src/build" --target "$tool" -j "$jobs"
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "$tool build failed; full log: $log" >&2; exit 1; }
mkdir -p "$cache"
cp "$src/build/bin/$tool" "$binary.tmp" && mv "$binary.tmp" "$binary"
echo "built $tool in $((SECONDS - started)) s" >&2
echo "$binary"
