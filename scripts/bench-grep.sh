#!/usr/bin/env bash
# The engine against GNU grep on the same patterns and the same input.
#
# Builds the benchmark inputs (crates/engine/examples/bench_input.rs, the
# bytes `cargo bench -p engine` measures) and the knowledge base's line
# patterns translated to POSIX ERE (crates/engine/examples/kb_patterns.rs),
# then times, best of 3:
#   grep:   LC_ALL=C grep -E -c -f patterns-cs.txt INPUT  +  grep -E -i -c -f patterns-ci.txt INPUT
#           (the patterns that start with (?i) go to the second, -i, file;
#           the counts go to a file: grep stops early when writing to /dev/null)
#   engine: target/release/rootless-doctor diagnose INPUT --format json > /dev/null
#           (the whole diagnosis: start-up, loading the knowledge base, line
#           patterns, facts, ranking, rendering, JSON)
# grep only counts matching lines; the engine does all of its work. Honours
# CARGO_TARGET_DIR; writes its files under $TARGET/bench (BENCH_DIR overrides).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="${BENCH_DIR:-$TARGET/bench}"
mkdir -p "$WORK"

log "building the CLI and the input generators (release)"
cargo build --quiet --release -p cli
cargo build --quiet --release -p engine --examples
"$TARGET/release/examples/bench_input" "$WORK/inputs" >/dev/null
TRANSLATED=$("$TARGET/release/examples/kb_patterns" --ere "$WORK" 2>"$WORK/skipped.txt")
CS="$WORK/patterns-cs.txt"
CI="$WORK/patterns-ci.txt"
CLI="$TARGET/release/rootless-doctor"

# Output to a file, never /dev/null: GNU grep stops at the first match when
# its output is /dev/null, which would time almost nothing.
grep_both() {
  LC_ALL=C grep -E -c -f "$CS" "$1" >"$WORK/grep-count.txt" || true
  LC_ALL=C grep -E -i -c -f "$CI" "$1" >>"$WORK/grep-count.txt" || true
}
engine() { "$CLI" diagnose "$1" --format json >/dev/null; }

# Best wall time of 3 runs, in seconds; a run over 20 s is not repeated
# (the time is then marked "(1 run)").
best_of_3() {
  local best="" t n=0
  for _ in 1 2 3; do
    t=$( { TIMEFORMAT=%3R; time "$@" 2>/dev/null; } 2>&1 )
    n=$((n + 1))
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    awk -v a="$t" 'BEGIN { exit !(a > 20) }' && break
  done
  if [ "$n" = 1 ]; then echo "$best (1 run)"; else echo "$best"; fi
}

echo "patterns: $TRANSLATED"
[ -s "$WORK/skipped.txt" ] && sed 's/^/  /' "$WORK/skipped.txt"
echo "grep: $(grep --version | head -1), LC_ALL=C"
echo
echo "| input | size | lines matched (grep / engine set) | grep -E (s) | engine, full diagnosis (s) | engine / grep |"
echo "|---|---:|---:|---:|---:|---:|"
for name in journal-1mb paste-10mb; do
  f="$WORK/inputs/$name.txt"
  # Lines matched by either grep run (the union), and by the engine's own set.
  matched=$( { LC_ALL=C grep -E -n -f "$CS" "$f" || true; LC_ALL=C grep -E -i -n -f "$CI" "$f" || true; } | cut -d: -f1 | sort -u | wc -l)
  own=$("$TARGET/release/examples/kb_patterns" --count "$f")
  g=$(best_of_3 grep_both "$f")
  e=$(best_of_3 engine "$f")
  size=$(stat -c %s "$f")
  ratio=$(awk -v e="${e%% *}" -v g="${g%% *}" 'BEGIN { printf "%.2f", (g > 0 ? e / g : 0) }')
  printf '| %s | %s B | %s / %s | %s | %s | %s |\n' "$name" "$size" "$matched" "$own" "$g" "$e" "$ratio"
done
