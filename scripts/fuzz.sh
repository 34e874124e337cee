#!/usr/bin/env bash
# Builds the cargo-fuzz targets in fuzz/ once, then runs each one for a
# bounded time, two at a time (one per core), seeded with every KB sample,
# the accuracy corpus, the hostile pastes and the saved regressions.
#   scripts/fuzz.sh                  60 s per target (the longer run)
#   scripts/fuzz.sh 3 60             3 s per target, 60 s for `diagnose` (scripts/test.sh)
#   scripts/fuzz.sh 600 3600 diagnose render    only the named targets
# Found inputs accumulate in fuzz/corpus/<target>/ (not committed). A crash
# or a hang stops the run with exit 1 and leaves the input in
# fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/, fix the
# engine, and tests/it/hostile.rs replays it from then on.
# Built with debug assertions and overflow checks, and without a sanitizer
# on stable Rust (the engine has no unsafe code). FUZZ_SANITIZER=address
# builds with AddressSanitizer instead, which needs nightly flags: the
# script then sets RUSTC_BOOTSTRAP=1 (about half the executions per second).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

SECONDS_PER_TARGET=${1:-60}
DIAGNOSE_SECONDS=${2:-$SECONDS_PER_TARGET}
shift $(( $# > 2 ? 2 : $# ))
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN="$TARGET_DIR/x86_64-unknown-linux-gnu/release"

command -v cargo-fuzz >/dev/null || { log "cargo-fuzz is missing: run scripts/setup.sh --test"; exit 1; }

started=$(date +%s)
SANITIZER=${FUZZ_SANITIZER:-none}
log "building the fuzz targets (sanitizer: $SANITIZER)"
if [ "$SANITIZER" = none ]; then
  cargo fuzz build -O -a -s none --target-dir "$TARGET_DIR" >/dev/null
else
  RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a -s "$SANITIZER" --target-dir "$TARGET_DIR" >/dev/null
fi
build_s=$(( $(date +%s) - started ))

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)

# Seeds: read-only inputs, copied flat (names carry their origin).
SEEDS="$TARGET_DIR/fuzz-seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS/text" "$SEEDS/markdown"
for f in content/kb/*/samples/*.txt tests/corpus/*.txt tests/hostile/*; do
  [ -f "$f" ] && cp "$f" "$SEEDS/text/$(echo "$f" | tr / _)"
done
for f in content/kb/*/*.md content/guide/*/*.md; do
  [ -f "$f" ] && cp "$f" "$SEEDS/markdown/$(echo "$f" | tr / _)"
done

LOGS="$TARGET_DIR/fuzz-logs"
rm -rf "$LOGS"
mkdir -p "$LOGS"

run_one() {
  local t=$1 secs=$SECONDS_PER_TARGET seeds=("$SEEDS/text")
  [ "$t" = diagnose ] && secs=$DIAGNOSE_SECONDS
  [ "$t" = render ] && seeds=("$SEEDS/markdown" "$SEEDS/text")
  [ -d "fuzz/regressions/$t" ] && seeds+=("fuzz/regressions/$t")
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  if "$BIN/$t" "fuzz/corpus/$t" "${seeds[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 >"$LOGS/$t.log" 2>&1; then
    echo "ok $t"
  else
    echo "FAILED $t"
  fi
}
export -f run_one log
export SECONDS_PER_TARGET DIAGNOSE_SECONDS SEEDS LOGS BIN

log "running ${#targets[@]} targets (${SECONDS_PER_TARGET} s each, diagnose ${DIAGNOSE_SECONDS} s), two at a time"
# diagnose first, so the longest run overlaps all the short ones.
results=$(printf '%s\n' "${targets[@]}" | awk '$0=="diagnose"{print; next} {rest=rest $0 "\n"} END{printf "%s", rest}' |
  xargs -P 2 -I{} bash -c 'run_one {}')

printf '%-26s %8s %12s %10s %8s\n' target seconds executions "exec/s" corpus
for t in "${targets[@]}"; do
  l="$LOGS/$t.log"
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$l")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$l")
  corpus=$(ls "fuzz/corpus/$t" | wc -l)
  printf '%-26s %8s %12s %10s %8s\n' "$t" "$([ "$t" = diagnose ] && echo "$DIAGNOSE_SECONDS" || echo "$SECONDS_PER_TARGET")" "${execs:-?}" "${rate:-?}" "$corpus"
done
log "build ${build_s} s, total $(( $(date +%s) - started )) s"

if grep -q '^FAILED' <<<"$results"; then
  for t in $(grep '^FAILED' <<<"$results" | cut -d' ' -f2); do
    log "$t failed; the end of its log ($LOGS/$t.log):"
    tail -40 "$LOGS/$t.log" >&2
    ls "fuzz/artifacts/$t" >&2
  done
  exit 1
fi
