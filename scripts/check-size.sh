#!/usr/bin/env bash
# Prints the brotli size (brotli -q 11) of every file of a built site and what
# a reader's browser fetches, per language, and fails only when that has grown
# above its ceiling: a regression guard for CI.
# Builds nothing: pass the site's directory (default dist/, as
# `trunk build --release` writes it).
#   scripts/check-size.sh [DIST]
#
# What a reader fetches (src/content.rs, src/diag.rs):
# - before the paste box is usable: index.html, every file it links (Trunk's
#   loader, the page's wasm, the stylesheet) and the interface strings of the
#   reader's language (content/ui-<lang>-*.json);
# - right after, to diagnose: the matchers (content/core-*.json), the
#   language's text (content/<lang>-*.json), the diagnosis module (its JS
#   glue and wasm, named in <meta name="rootless-doctor-diag">) and the
#   worker's script, which runs the same module.
# A host with a team's bundle (extensions.json) loads the diagnosis module
# before the first render; that case is not counted here.
# Other files (the single-file page, the CLI downloads, other languages'
# packs) are listed, not counted.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DIST="${1:-$ROOT/dist}"
DIST="${DIST%/}"
# Issue #16's goal for the first load of each language: 400 KB with brotli
# (and, beyond it, 250 KB). Reported; the ceilings below are what CI enforces.
GOAL=$((400 * 1024))
# The enforced limits: the figures measured when they were set (345,001 and
# 929,645 bytes, Japanese, with 91 entries and the context facts' labels;
# 342,975 and 912,129 with 80 entries, after the diagnosis moved into its own
# module; before that 590,515 and 710,067, and the page embedding all four
# languages was 850,830) plus about 2 %. The whole load grew with the split:
# the second module repeats what both need (docs/size.md).
# When a change makes the site smaller, lower them; raise them only on
# purpose, with the new measurement in the commit message.
FIRST_CEILING=352000
FULL_CEILING=948000
command -v brotli >/dev/null || { log "brotli is missing: scripts/setup.sh --test installs it (Debian's brotli)"; exit 2; }
[ -f "$DIST/index.html" ] || { log "no site at $DIST: build it first (trunk build --release)"; exit 2; }

br() { brotli -q 11 -c "$1" | wc -c; }
# One pack file by name (content/<name>-<hash>.json), as the page's meta names it.
pack() {
  local f
  f=$(grep -oE "[ \"]$1=\./content/[^ \"]*" "$DIST/index.html" | head -n 1 | cut -d= -f2)
  [ -n "$f" ] && [ -f "$DIST/$f" ] || { log "index.html names no content pack $1"; exit 1; }
  echo "$DIST/${f#./}"
}

base=0
printf '%10s %10s  %s\n' "bytes" "brotli" "file"
while IFS= read -r -d '' f; do
  rel="${f#"$DIST"/}"
  raw=$(stat -c %s "$f")
  size=$(br "$f")
  if [ "$rel" = index.html ] || grep -qF -e "href=\"./$rel\"" -e "'./$rel'" "$DIST/index.html"; then
    # A file index.html links (but not one a <meta> names for later).
    base=$((base + size))
    printf '%10d %10d  %s  (first load)\n' "$raw" "$size" "$rel"
  else
    printf '%10d %10d  %s\n' "$raw" "$size" "$rel"
  fi
done < <(find "$DIST" -type f -not -path '*/.stage/*' -print0 | sort -z)

core=$(br "$(pack core)")
# The diagnosis module and the worker script, as their <meta>s name them.
named() {
  local f
  f=$(grep -oE "<meta name=\"$1\" content=\"[^\"]*\"" "$DIST/index.html" | head -n 1 | sed -E 's/.*content="([^"]*)"/\1/')
  [ -n "$f" ] || { log "index.html names no $1"; exit 1; }
  echo "$f"
}
later=0
for f in $(named rootless-doctor-diag) $(named rootless-doctor-worker); do
  [ -f "$DIST/${f#./}" ] || { log "missing $f"; exit 1; }
  later=$((later + $(br "$DIST/${f#./}")))
done
worst_first=0
worst_full=0
printf '\n%-6s %12s %12s   %s\n' "lang" "first load" "diagnosing" "(brotli bytes: before the paste box is usable; with the matchers, the text, the diagnosis module and the worker script)"
for lang in en ko zh ja; do
  first=$((base + $(br "$(pack "ui-$lang")")))
  full=$((first + core + later + $(br "$(pack "$lang")")))
  printf '%-6s %12d %12d\n' "$lang" "$first" "$full"
  [ "$first" -gt "$worst_first" ] && worst_first=$first
  [ "$full" -gt "$worst_full" ] && worst_full=$full
done
if [ "$worst_first" -gt "$GOAL" ]; then
  log "goal missed: the largest first load is $worst_first bytes with brotli > $GOAL (400 KB) by $((worst_first - GOAL)) bytes"
else
  log "goal met: every first load is at most $worst_first bytes with brotli <= $GOAL (400 KB)"
fi
failed=false
if [ "$worst_first" -gt "$FIRST_CEILING" ]; then
  log "FAIL: a first load grew to $worst_first bytes with brotli, above FIRST_CEILING ($FIRST_CEILING) by $((worst_first - FIRST_CEILING))."
  failed=true
fi
if [ "$worst_full" -gt "$FULL_CEILING" ]; then
  log "FAIL: a language's whole load grew to $worst_full bytes with brotli, above FULL_CEILING ($FULL_CEILING) by $((worst_full - FULL_CEILING))."
  failed=true
fi
if $failed; then
  log "Find what grew (twiggy top -n 40 target/wasm32-unknown-unknown/release/rootless-doctor-web.wasm or rootless-doctor-diag.wasm, or the packs above); raise a ceiling only on purpose, saying why in the commit."
  exit 1
fi
log "within the ceilings: first load $worst_first <= $FIRST_CEILING, whole $worst_full <= $FULL_CEILING bytes"
