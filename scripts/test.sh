#!/usr/bin/env bash
# Sets up everything the tests need, then runs every test:
#   1. native: engine unit and property tests, the content tidy check,
#      snapshots of every sample's diagnosis, CLI tests, the hostile-paste
#      suite, the accuracy corpus                          (cargo test)
#   2. fuzzing: each target 3 s, the whole diagnosis 60 s (scripts/fuzz.sh)
#   3. wasm: the app and engine in headless Chromium     (wasm-bindgen-test)
#   4. the static command-line binaries (x86_64, aarch64 musl), built once and
#      run: --version, diagnose, check; aarch64 under qemu-user (build-cli.sh)
#   5. the release site built by Trunk (with the binaries under cli/), its brotli size held under a ceiling
#      (scripts/check-size.sh; per language; the 400 KB first-load goal is reported, not met), then
#      driven end to end in headless Chromium by playwright-core (node --test)
# Idempotent; installs only what is missing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh --test

log "native tests"
cargo test --workspace --locked

log "fuzzing, short run (the long one: scripts/fuzz.sh)"
bash scripts/fuzz.sh 3 60

log "wasm tests in headless Chromium"
# wasm-bindgen-test-runner reads webdriver.json (chromium binary and flags) from here.
WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --locked --target wasm32-unknown-unknown -p rootless-doctor-web --test web

log "static command-line binaries: build, then run each (aarch64 under qemu-user)"
bash scripts/build-cli.sh --smoke

log "release build (post-build.mjs copies the binaries into dist/cli/)"
trunk build --release --locked

log "size of the built site (a regression guard; per language; the 400 KB goal is reported)"
bash scripts/check-size.sh

log "browser end-to-end tests"
node --test --test-concurrency=1 tests/e2e/
