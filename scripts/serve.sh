#!/usr/bin/env bash
# Sets up every tool, then builds and serves the app at http://127.0.0.1:8080
# (rebuilding on change). Pass --dev for a faster, unoptimised build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
MODE=--release
[ "${1:-}" = "--dev" ] && MODE=""
# Trunk resolves every [watch] ignore path at start and refuses to run when
# one is missing, as target/ and dist/ are on a fresh clone.
mkdir -p target dist
log "serving at http://127.0.0.1:8080/ (Ctrl-C stops)"
# No autoreload: its injected script would not match the page's CSP.
exec trunk serve $MODE --address 127.0.0.1 --port 8080 --no-autoreload
