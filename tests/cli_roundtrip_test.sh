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
# On every pinned transformers release, with the release written into a layer, and with the
# fields that translate between releases (a dump of one release moves to another).
for release in 4.44.2 4.46.3 4.50.3 4.51.3 4.57.6 5.0.0 5.14.1 5.15.0 5.17.0; do
  printf 'launch:\n  transformers: "%s"\ntraining:\n  evaluation_strategy: "no"\n  per_gpu_eval_batch_size: 4\n' \
    "$release" >"$work/release.yaml"
  round_trip configs/experiments/bge-large-en-v1.5.yaml "$work/release.yaml"
  "$expcfg" dump configs/experiments/bge-large-en-v1.5.yaml "$work/release.yaml" >"$work/moved.yaml"
  for other in 4.44.2 5.17.0; do
    "$expcfg" check "$work/moved.yaml" --transformers "$other" 2>"$work/err" ||
      fail "a dump for transformers $release does not load on $other: $(cat "$work/err")"
  done
done
echo "dump round trip: ok"
