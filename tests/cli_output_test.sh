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

[ "$(ls -A "$work" | grep -c '^\.')" -eq 0 ] || fail "temporary file left behind"
echo "cli output: ok"
