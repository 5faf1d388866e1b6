#!/usr/bin/env bash
# `expcfg sweep`, `expcfg hash` and interpolation from the command line: the sweep folder,
# its manifest and Slurm script, nothing written when a point is bad, and hashes that agree.
set -euo pipefail
expcfg=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
experiment=configs/experiments/bge-large-en-v1.5.yaml

"$expcfg" sweep "$experiment" --grid training.learning_rate=1e-5,2e-5 --grid training.seed=1,2 \
  --name 'lr{training.learning_rate}-s{training.seed}' -o "$work/sweep" --emit slurm >"$work/table"
grep -q '^4 runs$' "$work/table" || fail "summary: $(cat "$work/table")"
[ "$(wc -l <"$work/sweep/runs.jsonl")" -eq 4 ] || fail "runs.jsonl has not 4 lines"
for name in lr1e-05-s1 lr1e-05-s2 lr2e-05-s1 lr2e-05-s2; do
  file=$work/sweep/$name.yaml
  [ -f "$file" ] || fail "$name.yaml missing"
  # Each run file is a complete, valid configuration whose hash is the manifest's.
  "$expcfg" check "$file" || fail "$name.yaml does not check"
  hash=$("$expcfg" hash "$file")
  grep -q "\"name\":\"$name\".*\"config_hash\":\"$hash\"" "$work/sweep/runs.jsonl" ||
    fail "$name: hash $hash is not the manifest's"
  grep -qx "# config hash: $hash" "$file" || fail "$name: the dump header has another hash"
done
grep -q "output_dir: ./test_encoder_only_base_bge-large-en-v1.5/lr2e-05-s1" "$work/sweep/lr2e-05-s1.yaml" ||
  fail "run output_dir"
bash -n "$work/sweep/sweep.slurm" || fail "sweep.slurm does not parse"
grep -q '^#SBATCH --array=0-3$' "$work/sweep/sweep.slurm" || fail "array range"

# The hash is the same for the same effective configuration, however it was written.
[ "$("$expcfg" hash "$experiment")" = "$("$expcfg" hash "$experiment" --set training.learning_rate=0.00001)" ] ||
  fail "hash depends on float spelling"
[ "$("$expcfg" hash "$experiment")" != "$("$expcfg" hash "$experiment" --set training.seed=7)" ] ||
  fail "hash ignores a changed value"

# One bad point: an error naming its run, exit 1, and the old folder left as it was.
before=$(ls "$work/sweep")
set +e
"$expcfg" sweep "$experiment" --grid training.seed=1,oops -o "$work/sweep" >"$work/out" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "a bad point exits $status"
grep -q "note: in sweep run 1 (training.seed=oops)" "$work/err" || fail "error: $(cat "$work/err")"
[ "$(ls "$work/sweep")" = "$before" ] || fail "a failed sweep changed the folder"

# Zipped lists of different lengths are a usage error.
set +e
"$expcfg" sweep "$experiment" --zip training.seed=1,2 --zip training.learning_rate=1e-5 2>"$work/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "zip mismatch exits $status"

# Usage errors: exit 2, the message, nothing written.
expect_usage_error() {  # expected message, then the sweep's arguments
  local message=$1
  shift
  set +e
  "$expcfg" sweep "$experiment" --grid training.seed=1,2 "$@" >"$work/out" 2>"$work/err"
  local status=$?
  set -e
  [ "$status" -eq 2 ] || fail "sweep $* exits $status, not 2"
  grep -qF "$message" "$work/err" || fail "sweep $*: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "sweep $* printed on stdout"
}
expect_usage_error "expcfg: error: --emit slurm writes into the sweep folder: give -o DIR" --emit slurm
expect_usage_error "expcfg: error: in --name '{training.sed}': unknown key 'training.sed'" \
  --name '{training.sed}'
expect_usage_error "note: did you mean 'training.seed'?" --name '{training.sed}'
expect_usage_error "differ in 'launch.nnodes'; the runs of one Slurm job array share its shape" \
  --grid launch.nnodes=1,2 -o "$work/multi" --emit slurm
[ ! -e "$work/multi" ] || fail "a refused slurm sweep wrote its folder"
# Multi-node runs make a multi-node array: no master_addr needed.
"$expcfg" sweep "$experiment" --grid training.seed=1,2 --set launch.nnodes=2 -o "$work/multi" \
  --emit slurm >/dev/null
grep -qx '#SBATCH --nodes=2' "$work/multi/sweep.slurm" || fail "multi-node array"
expect_usage_error "refusing to replace 'configs': it holds the input file" -o configs
expect_usage_error "cannot write the sweep to '/proc/expcfg-no-such-place/x'" -o /proc/expcfg-no-such-place/x

# Interpolation: environment values, --no-resolve, and an unset variable.
printf 'training:\n  output_dir: ${env:EXPCFG_TEST_ROOT}/runs/lr${training.learning_rate}\n' >"$work/paths.yaml"
EXPCFG_TEST_ROOT=/scratch "$expcfg" dump "$experiment" "$work/paths.yaml" >"$work/dump"
grep -q '^  output_dir: /scratch/runs/lr1e-05$' "$work/dump" || fail "resolved: $(grep output_dir "$work/dump")"
EXPCFG_TEST_ROOT=/scratch "$expcfg" dump --no-resolve "$experiment" "$work/paths.yaml" >"$work/raw"
grep -qF '  output_dir: "${env:EXPCFG_TEST_ROOT}/runs/lr${training.learning_rate}"' "$work/raw" ||
  fail "--no-resolve: $(grep output_dir "$work/raw")"
set +e
env -u EXPCFG_TEST_ROOT "$expcfg" check "$experiment" "$work/paths.yaml" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "unset variable exits $status"
grep -q "paths.yaml:2:3: error: 'training.output_dir' refers to \${env:EXPCFG_TEST_ROOT}, which is not set" "$work/err" ||
  fail "unset variable: $(cat "$work/err")"
echo "sweep: ok"
