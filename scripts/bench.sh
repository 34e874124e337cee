#!/usr/bin/env bash
# Measures Rootless Doctor's performance (docs/performance.md):
#   1. the engine natively: criterion benchmarks (cargo bench -p engine), summary lines
#   2. the engine against GNU grep on the same patterns and input (scripts/bench-grep.sh)
#   3. the release site in headless Chromium: navigation to interactive, paste
#      to rendered findings, memory (tests/bench/harness.mjs)
# and prints the site's brotli size (scripts/check-size.sh) for reference.
# Honours CARGO_TARGET_DIR; the site is built into $TARGET/bench/dist unless
# DIST names an existing build. Takes about 10 minutes on 2 cores, longer
# while the engine is slow on large inputs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh --test
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/bench"
mkdir -p "$WORK"

echo "## Machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

log "criterion benchmarks (cargo bench -p engine)"
cargo bench --locked -p engine --bench diagnose 2>&1 | tee "$WORK/criterion.log" >/dev/null
echo "## Engine (criterion; [lower estimate upper])"
# Benchmark names, their time and throughput lines, and the lines of inputs
# too slow to sample; not the comparisons with an earlier run (percentages).
grep -E '^inputs:|^doubled|^[a-z_]+/|time:|thrpt:' "$WORK/criterion.log" | grep -v '%' | grep -v '^Benchmarking' || true
echo

log "engine against grep"
echo "## Engine against grep"
BENCH_DIR="$WORK" bash scripts/bench-grep.sh
echo

if [ -z "${DIST:-}" ]; then
  DIST="$WORK/dist"
  log "release build of the site into $DIST"
  trunk build --release --locked --dist "$DIST" >"$WORK/trunk.log" 2>&1 || { tail -20 "$WORK/trunk.log"; exit 1; }
fi
log "browser harness"
echo "## Browser"
DIST="$DIST" INPUTS="$WORK/inputs" node tests/bench/harness.mjs
echo

echo "## Size"
bash scripts/check-size.sh "$DIST" || true
