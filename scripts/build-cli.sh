#!/usr/bin/env bash
# Builds the command-line tool as static Linux binaries, one file each, for
# the server where rootless Docker failed (no toolchain, no libraries there):
#   scripts/build-cli.sh           target/cli/rootless-doctor-{x86_64,aarch64}-linux
#                                  and a .sha256 beside each (`sha256sum -c` reads it)
#   scripts/build-cli.sh --smoke   then runs each binary: --version, diagnose, check
#                                  (the foreign one under qemu-user: setup.sh --test)
# How: rustup's musl targets bring the musl C library and start files; rust-lld,
# which ships with the toolchain, links them statically. No C cross compiler,
# no zig. One cargo call builds both targets in parallel with the release
# profile (opt-level z, LTO); stripped here, and with source paths remapped,
# so a binary names no directory of the machine that built it.
# The release site build copies target/cli/ into dist/cli/ (post-build.mjs).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
SMOKE=false
[ "${1:-}" = "--smoke" ] && SMOKE=true

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/cli"
ARCHES=(x86_64 aarch64)

for arch in "${ARCHES[@]}"; do
  rustup target list --installed | grep -qx "$arch-unknown-linux-musl" || {
    log "the $arch-unknown-linux-musl target is missing: run scripts/setup.sh"; exit 2; }
done

# Only these flags: a RUSTFLAGS from the environment would replace them.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
FLAGS="-C strip=symbols --remap-path-prefix=$ROOT=/rootless-doctor --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
targets=()
for arch in "${ARCHES[@]}"; do
  triple="$arch-unknown-linux-musl"
  var="CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')"
  export "${var}_LINKER=rust-lld" "${var}_RUSTFLAGS=$FLAGS"
  targets+=(--target "$triple")
done

log "building ${ARCHES[*]} (static, musl)"
start=$SECONDS
cargo build --release --locked -p cli "${targets[@]}"
log "built in $((SECONDS - start)) s"

mkdir -p "$OUT"
for arch in "${ARCHES[@]}"; do
  name="rootless-doctor-$arch-linux"
  cp "$TARGET_DIR/$arch-unknown-linux-musl/release/rootless-doctor" "$OUT/$name.tmp"
  mv "$OUT/$name.tmp" "$OUT/$name"
  (cd "$OUT" && sha256sum "$name" > "$name.sha256")
  log "$OUT/$name: $(stat -c %s "$OUT/$name") bytes, sha256 $(cut -c1-16 "$OUT/$name.sha256")…"
done

$SMOKE || exit 0

# Each binary, on this machine or under qemu-user: it starts, reads a paste,
# and runs the collector here. Static: no program interpreter, no libraries.
SAMPLE=content/kb/privileged-port/samples/fires-compose-443.txt
passed=0
failed=0
# expect WHAT PATTERN COMMAND...: COMMAND exits 0 and its output holds PATTERN.
expect() {
  local what=$1 pattern=$2 out
  shift 2
  if out=$("$@" 2>/dev/null) && grep -qE -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    log "FAIL: $what"
  fi
}
static_binary() {
  local headers
  headers=$(readelf -lWd "$1") && ! grep -qE 'program interpreter|\(NEEDED\)' <<<"$headers" && echo static
}
for arch in "${ARCHES[@]}"; do
  bin="$OUT/rootless-doctor-$arch-linux"
  run=()
  if [ "$arch" != "$(uname -m)" ]; then
    qemu=$(command -v "qemu-$arch-static" || command -v "qemu-$arch" || true)
    [ -n "$qemu" ] || { log "no qemu-$arch-static to run $bin: scripts/setup.sh --test installs it"; exit 2; }
    run=("$qemu")
  fi
  log "running $bin${run[*]:+ under ${run[*]}}"
  expect "$arch: static (no program interpreter, no library)" '^static$' static_binary "$bin"
  expect "$arch: --version names its platform" "\\($arch-linux\\)" "${run[@]}" "$bin" --version
  expect "$arch: diagnose finds privileged-port" '"id": "privileged-port"' "${run[@]}" "$bin" diagnose --format json "$SAMPLE"
  expect "$arch: check runs the collector here" '"findings"' "${run[@]}" "$bin" check --format json
done
echo "cli smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
