#!/usr/bin/env bash
# Prints the brotli size (brotli -q 11) of every file of a built site and the
# total a visitor downloads, and fails when that total is over the 350 KB
# budget (350 * 1024 bytes). Builds nothing: pass the site's directory
# (default dist/, as `trunk build --release` writes it).
#   scripts/check-size.sh [DIST]
# The total counts index.html and every file it names (the loader, the wasm,
# the stylesheet). Files it does not name are listed but not counted: the
# one-file copy of the app (rootless-doctor.html) and downloads are not part
# of loading the page.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DIST="${1:-$ROOT/dist}"
DIST="${DIST%/}"
BUDGET=$((350 * 1024))
command -v brotli >/dev/null || { log "brotli is missing: scripts/setup.sh --test installs it (Debian's brotli)"; exit 2; }
[ -f "$DIST/index.html" ] || { log "no site at $DIST: build it first (trunk build --release)"; exit 2; }

total=0
raw_total=0
other=0
printf '%10s %10s  %s\n' "bytes" "brotli" "file"
while IFS= read -r -d '' f; do
  rel="${f#"$DIST"/}"
  raw=$(stat -c %s "$f")
  br=$(brotli -q 11 -c "$f" | wc -c)
  if [ "$rel" = index.html ] || grep -qF "$rel" "$DIST/index.html"; then
    total=$((total + br))
    raw_total=$((raw_total + raw))
    printf '%10d %10d  %s\n' "$raw" "$br" "$rel"
  else
    other=$((other + br))
    printf '%10d %10d  %s  (not loaded by index.html; not counted)\n' "$raw" "$br" "$rel"
  fi
done < <(find "$DIST" -type f -not -path '*/.stage/*' -print0 | sort -z)
printf '%10d %10d  %s\n' "$raw_total" "$total" "total loaded by index.html"
if [ "$total" -gt "$BUDGET" ]; then
  log "over budget: $total bytes with brotli > $BUDGET (350 KB) by $((total - BUDGET)) bytes"
  exit 1
fi
log "within budget: $total bytes with brotli <= $BUDGET (350 KB)"
