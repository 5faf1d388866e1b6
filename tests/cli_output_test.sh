#!/usr/bin/env bash
# `dump -o OUT`: the file holds exactly what stdout would; on any error the old file stays as
# it was, nothing is printed on stdout and no temporary file is left behind.
set -euo pipefail
expcfg=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
example=configs/experiments/bge-large-en-v1.5.yaml
fail() { echo "FAIL: $*" >&2; exit 1; }

"$expcfg" dump "$example" >"$work/expected"
out=$("$expcfg" dump "$example" -o "$work/out.yaml")
[ -z "$out" ] || fail "stdout not empty with -o"
cmp "$work/expected" "$work/out.yaml" || fail "-o content differs from stdout"

echo "previous" >"$work/out.yaml"
set +e
out=$("$expcfg" dump "$example" --set training.seed=abc -o "$work/out.yaml" 2>"$work/err")
status=$?
set -e
[ "$status" -eq 1 ] || fail "invalid config exit status $status, expected 1"
[ -z "$out" ] || fail "stdout not empty on error"
[ "$(cat "$work/out.yaml")" = previous ] || fail "old file changed on error"
grep -q "expected an integer for 'training.seed'" "$work/err" || fail "missing error message"

set +e
"$expcfg" dump "$example" -o "$work/missing/dir/out.yaml" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "unwritable output exit status $status, expected 2"
grep -q "cannot write '$work/missing/dir/out.yaml'" "$work/err" || fail "missing write error"

# Never over one of its own inputs, however the path is spelled (a base reached through
# extends, a hard link); the input stays as it was.
mkdir "$work/cfg"
printf 'model: {model_name_or_path: m}\ndata: {train_data: [d]}\n' >"$work/cfg/base.yaml"
printf 'extends: base.yaml\ntraining: {seed: 3}\n' >"$work/cfg/exp.yaml"
ln "$work/cfg/base.yaml" "$work/cfg/hardlink.yaml"
cp "$work/cfg/base.yaml" "$work/base.before"
for target in "$work/cfg/base.yaml" "$work/cfg/../cfg/base.yaml" "$work/cfg/hardlink.yaml"; do
  set +e
  "$expcfg" dump "$work/cfg/exp.yaml" -o "$target" 2>"$work/err"
  status=$?
  set -e
  [ "$status" -eq 2 ] || fail "writing over an input ($target): status $status, expected 2"
  grep -q "error: refusing to write '$target': it is the input file '$work/cfg/base.yaml'" "$work/err" ||
    fail "no refusal for $target: $(cat "$work/err")"
  cmp "$work/base.before" "$work/cfg/base.yaml" || fail "input changed by -o $target"
done
printf 'torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m --train_data d\n' \
  >"$work/run.sh"
set +e
"$expcfg" import "$work/run.sh" -o "$work/run.sh" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "refusing to write" "$work/err" || fail "import wrote over its script"
grep -q '^torchrun' "$work/run.sh" || fail "import's script changed"

# launch --exec replaces <output_dir>/expcfg/ whole: not when an input lives there.
mkdir -p "$work/run/expcfg"
printf 'extends: %s\ntraining: {output_dir: %s}\n' "$work/cfg/exp.yaml" "$work/run" >"$work/run/expcfg/resolved.yaml"
set +e
"$expcfg" launch --exec "$work/run/expcfg/resolved.yaml" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "launch over its input record: status $status"
grep -q "refusing to replace the run record '$work/run/expcfg': it holds the input file" "$work/err" ||
  fail "no refusal for the run record: $(cat "$work/err")"
[ -f "$work/run/expcfg/resolved.yaml" ] || fail "the input record was removed"

[ "$(ls -A "$work" "$work/cfg" | grep -c '^\.')" -eq 0 ] || fail "temporary file left behind"
echo "cli output: ok"
