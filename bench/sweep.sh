#!/usr/bin/env bash
# `expcfg sweep` end to end: a 100 x 100 grid (10,000 runs) of the shipped example, printing the
# table, then writing the sweep folder (-o), then 100,000 runs printing the table; CPU time,
# wall time and peak memory of each (bench/RESULTS.md, "Sweeps").
#   bash bench/sweep.sh [path/to/expcfg]     (default build-release/bin/expcfg, else build/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
expcfg=${1:-build-release/bin/expcfg}
[ -x "$expcfg" ] || expcfg=build/bin/expcfg
out=${TMPDIR:-/tmp}/expcfg-sweep-bench
rm -rf "$out" && mkdir -p "$out"
experiment=configs/experiments/bge-large-en-v1.5.yaml
values() { seq 1 "$1" | sed "s/\$/$2/" | paste -sd,; }
grid_10k="--grid training.learning_rate=$(values 100 e-6) --grid training.seed=$(values 100 '')"
grid_100k="--grid training.learning_rate=$(values 1000 e-7) --grid training.seed=$(values 100 '')"
measure() {  # name, then the command
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >"$out/stdout"
  read -r wall user sys peak <"$out/time"
  printf '%-24s wall %6.2f s  cpu %6.2f s  peak %7.1f MB\n' "$name" "$wall" \
    "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $peak / 1024" | bc)"
}
# shellcheck disable=SC2086  # the grids are several words
measure "10,000 runs, table" "$expcfg" sweep "$experiment" $grid_10k
# shellcheck disable=SC2086
measure "10,000 runs, -o DIR" "$expcfg" sweep "$experiment" $grid_10k -o "$out/sweep"
echo "  ($(ls "$out/sweep" | wc -l) files in $out/sweep)"
# shellcheck disable=SC2086
measure "100,000 runs, table" "$expcfg" sweep "$experiment" $grid_100k
