#!/usr/bin/env bash
# A dump (YAML, changed-only YAML or JSON) is valid input that resolves to the configuration it
# came from: `expcfg diff DUMP EXPERIMENT` finds nothing and exits 0.
set -euo pipefail
expcfg=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

stack=(configs/experiments/bge-base-en-v1.5.yaml configs/overrides/debug.yaml)
for flags in "" "--changed-only" "--format json" "--show-origin"; do
  # shellcheck disable=SC2086
  "$expcfg" dump $flags "${stack[@]}" >"$work/dump"
  "$expcfg" diff --left "$work/dump" --right "${stack[0]}" --right "${stack[1]}" >"$work/diff" ||
    fail "dump $flags differs from its stack: $(cat "$work/diff")"
  [ ! -s "$work/diff" ] || fail "diff printed something for dump $flags"
done
echo "dump round trip: ok"
