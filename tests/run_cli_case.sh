#!/usr/bin/env bash
# Runs one golden CLI case: <case>/cmd holds the arguments after `expcfg` (one line, shell
# words; $EXPCFG_CASE is the case folder), optional <case>/stdin is fed to it, and stdout,
# stderr and the exit status must equal <case>/stdout, <case>/stderr and <case>/status
# (missing files mean empty output and status 0). Runs from the repository root.
# With EXPCFG_UPDATE_GOLDEN=1 it writes the actual output as the new expectation instead:
#   EXPCFG_UPDATE_GOLDEN=1 ctest --test-dir build -R '^cli\.'   (then review `git diff`)
set -u
binary=$1
case_dir=$2
export EXPCFG_CASE=${case_dir#"$PWD/"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

eval "set -- $(cat "$case_dir/cmd")"
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
"$binary" "$@" <"$stdin" >"$work/stdout" 2>"$work/stderr"
echo $? >"$work/status"

if [ "${EXPCFG_UPDATE_GOLDEN:-0}" = 1 ]; then
  for stream in stdout stderr status; do
    if [ -s "$work/$stream" ] && [ "$(cat "$work/$stream")" != 0 ]; then
      cp "$work/$stream" "$case_dir/$stream"
    else
      rm -f "$case_dir/$stream"
    fi
  done
  exit 0
fi

failed=0
for stream in stdout stderr status; do
  expected="$case_dir/$stream"
  if [ ! -f "$expected" ]; then
    expected="$work/expected_$stream"
    if [ "$stream" = status ]; then echo 0 >"$expected"; else : >"$expected"; fi
  fi
  if ! diff -u --label "expected $stream" --label "actual $stream" "$expected" "$work/$stream"; then
    failed=1
  fi
done
exit $failed
