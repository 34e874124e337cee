#!/usr/bin/env bash
# Installs what Rootless Doctor needs, skipping whatever is already right.
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt,
#                             the musl targets for the static CLI (scripts/build-cli.sh)
#   scripts/setup.sh --test   also chromium + chromedriver (Debian) for the browser tests,
#                             cargo-fuzz and a C++ compiler (libFuzzer) for scripts/fuzz.sh,
#                             qemu-user (Debian) to run the aarch64 CLI on x86_64
# Safe to run again and again. Nothing here downloads a prebuilt binary from
# outside the package registries, and Trunk is set to never download tools.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
CARGO_FUZZ_VERSION=0.13.1
WITH_TESTS=false
[ "${1:-}" = "--test" ] && WITH_TESTS=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=false
apt_install() {
  if ! $APT_UPDATED; then as_root apt-get update -qq; APT_UPDATED=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

command -v cargo >/dev/null || { log "cargo is missing: install Rust (rustup) first"; exit 1; }

# wasm32 for the page; musl for the static CLI binaries, which rust-lld (part
# of the toolchain) links with the C library these targets ship.
for target in wasm32-unknown-unknown x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  if ! rustup target list --installed | grep -qx "$target"; then
    log "adding the $target target"
    rustup target add "$target"
  fi
done

# wasm-bindgen-cli must be exactly the version Cargo.lock pins.
WB=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WB" ] || { log "no wasm-bindgen in Cargo.lock"; exit 1; }
if ! grep -q "^wasm_bindgen = \"$WB\"" Trunk.toml; then
  log "Trunk.toml [tools] wasm_bindgen must be $WB, the version in Cargo.lock"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB" ]; then
  log "installing wasm-bindgen-cli $WB (about 2 minutes)"
  # Not --locked: its lockfile wants a webpki-roots release the registry lacks.
  cargo install --quiet wasm-bindgen-cli --version "$WB"
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install --quiet --locked trunk --version "$TRUNK_VERSION"
fi

# Node tools (wasm-opt from binaryen, playwright-core, axe-core), pinned by package-lock.json.
if ! command -v npm >/dev/null; then
  log "installing node and npm"
  apt_install nodejs npm
fi
STAMP=node_modules/.installed-from-lock
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$(sha256sum package-lock.json | cut -d' ' -f1)" ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$STAMP"
fi
wasm-opt --version | grep -q "version 132" || { log "wasm-opt on PATH is not binaryen 132: $(command -v wasm-opt)"; exit 1; }

if $WITH_TESTS; then
  if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
    log "installing chromium and chromium-driver (Debian)"
    apt_install chromium chromium-driver
  fi
  command -v brotli >/dev/null || apt_install brotli  # scripts/check-size.sh
  # scripts/fuzz.sh: libfuzzer-sys compiles libFuzzer (C++) with the cc crate.
  command -v c++ >/dev/null || apt_install g++
  # scripts/build-cli.sh --smoke runs the other architecture's binary with it.
  command -v qemu-aarch64-static >/dev/null || command -v qemu-aarch64 >/dev/null || apt_install qemu-user-static
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    log "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 1 minute)"
    cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
  fi
fi
log "tools ready: $(trunk --version), wasm-bindgen $WB, $(wasm-opt --version | cut -d' ' -f1-3)"
