#!/usr/bin/env bash
# A dump (YAML, changed-only YAML or JSON) is valid input that resolves to the configuration it
# came from: `expcfg diff DUMP EXPERIMENT` finds nothing and exits 0.
set -euo pipefail
expcfg=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

round_trip() {
  for flags in "" "--changed-only" "--format json" "--show-origin"; do
    # shellcheck disable=SC2086
    "$expcfg" dump $flags "$@" >"$work/dump" || fail "dump $flags $* failed"
    local right=()
    for file in "$@"; do right+=(--right "$file"); done
    "$expcfg" diff --left "$work/dump" "${right[@]}" >"$work/diff" ||
      fail "dump $flags $* differs from its stack: $(cat "$work/diff")"
    [ ! -s "$work/diff" ] || fail "diff printed something for dump $flags $*"
  done
}

# Every shipped experiment resolves, alone and with each override, and round-trips.
for experiment in configs/experiments/*.yaml; do
  round_trip "$experiment"
  for override in configs/overrides/*.yaml; do round_trip "$experiment" "$override"; done
done
echo "dump round trip: ok"
