#!/usr/bin/env bash
# Installs what scripts/run-host-tests.sh needs: code-server 4.100.3 (VS Code 1.100.3 server, Node 20) and
# playwright-core in test/vscode-host/node_modules, plus Debian's chromium/ripgrep/libkrb5-dev.
# Idempotent: a second run only checks (a second or so). Works offline except for the npm registry and Debian apt.
# See test/vscode-host/README.md for the pitfalls each step works around.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST_DIR="$ROOT/test/vscode-host"
CS="$HOST_DIR/node_modules/code-server"
STAMP="$HOST_DIR/node_modules/.phi-pair-host-installed"
RG_CACHE_NAME="vscode-ripgrep-cache-1.15.11"                          # @vscode/ripgrep version code-server 4.100.3 uses
RG_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"      # the asset that version downloads from GitHub

log() { printf '[install-vscode-host] %s\n' "$*"; }
t0=$SECONDS

# --- 1. Debian packages, only those missing --------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)      # kerberos (VS Code server dep) needs gssapi.h
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || missing+=(g++ make)   # node-gyp builds
command -v python3 >/dev/null 2>&1 || missing+=(python3)
dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)  # readable failure screenshots
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi
[[ -f /usr/include/node/node.h ]] || log "warning: /usr/include/node/node.h not found; node-gyp may try to download Node headers (offline: fails)"

# --- 2. npm packages (skipped when the stamp matches and the native parts are there) ------------------------------
lock_hash="$(cat "$HOST_DIR/package.json" "$HOST_DIR/package-lock.json" | sha256sum | cut -d' ' -f1) node-$(node -v)"
verify() {
  local f
  for f in \
    "$CS/out/node/entry.js" \
    "$CS/lib/vscode/out/server-main.js" \
    "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" \
    "$CS/lib/vscode/node_modules/node-pty/build/Release/pty.node" \
    "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$CS/lib/vscode/node_modules.asar" \
    "$HOST_DIR/node_modules/argon2/lib/binding/napi-v3/argon2.node" \
    "$HOST_DIR/node_modules/playwright-core/package.json"; do
    [[ -e "$f" ]] || { echo "missing: $f"; return 1; }
  done
}
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$lock_hash" ]] && verify >/dev/null; then
  log "already installed ($((SECONDS - t0)) s)"
  exit 0
fi

# Pitfall: @vscode/ripgrep's postinstall downloads rg from GitHub (offline: fails). Seed its download cache with
# a tarball of Debian's rg; it then says "Using cached download".
export TMPDIR="${TMPDIR:-/tmp}"
mkdir -p "$TMPDIR/$RG_CACHE_NAME"
if [[ ! -s "$TMPDIR/$RG_CACHE_NAME/$RG_TARBALL" ]]; then
  tar -czf "$TMPDIR/$RG_CACHE_NAME/$RG_TARBALL" -C "$(dirname "$(command -v rg)")" rg
fi

# Pitfalls, as env config so that the nested `npm install`s code-server's postinstall runs in lib/vscode and
# lib/vscode/extensions see them too:
export npm_config_unsafe_perm=true            # code-server's postinstall refuses to run as root without it
export npm_config_yes=true                    # node-pty's build runs `npx node-gyp` (user .npmrc may say yes=false)
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# npm 11 skips dependency install scripts unless approved ("allowScripts" in package.json or allow-scripts in an
# .npmrc; not allowed on the command line or in env for project installs). test/vscode-host/package.json approves
# argon2 and DENIES code-server: its postinstall (nested `npm install`s in lib/vscode and lib/vscode/extensions,
# which have no allowScripts of their own) is run below by this script, after writing those folders' .npmrc.
VSCODE_NATIVE_DEPS="@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,@vscode/windows-process-tree,@vscode/windows-registry,kerberos,native-watchdog,node-pty"
# node-gyp must use the local Node headers (no download offline)
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then export npm_config_nodedir=/usr; fi
export JOBS="${JOBS:-$(nproc)}"               # node-gyp make -j

log "npm ci in test/vscode-host (code-server builds native modules: a few minutes on 2 cores)"
( cd "$HOST_DIR" && npm ci --no-fund --no-audit --loglevel=warn )

log "code-server postinstall (npm install in lib/vscode and lib/vscode/extensions; builds native modules)"
printf 'allow-scripts=%s\nfund=false\naudit=false\n' "$VSCODE_NATIVE_DEPS" > "$CS/lib/vscode/.npmrc"
printf 'allow-scripts=@parcel/watcher,esbuild\nfund=false\naudit=false\n' > "$CS/lib/vscode/extensions/.npmrc"
# postinstall.sh picks npm (vs yarn) and checks the Node major from this variable, which npm sets for scripts.
( cd "$CS" && npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" sh ./postinstall.sh )

if ! verify; then
  log "ERROR: install finished but parts are missing (a skipped install script?). Check the npm output above."
  exit 1
fi
echo "$lock_hash" > "$STAMP"
log "done in $((SECONDS - t0)) s"
