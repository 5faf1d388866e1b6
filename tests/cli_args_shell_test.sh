#!/usr/bin/env bash
# `expcfg args` prints one line that bash reads back as exactly the words `args -0` gives,
# whatever the values hold: spaces, quotes, $, backquotes, backslashes, newlines, globs.
set -euo pipefail
expcfg=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sets=(
  "--set=query_instruction_for_retrieval=It's a \"test\": \$HOME \`id\` \\ * ? [a] ~ ! # ;|&<>(){} "
  "--set=passage_instruction_for_retrieval=line one
line two	tab"
  "--set=run_name='single'"
  "--set=hub_model_id=-dash"
  "--set=output_dir=ünïcode 模型"
  "--set=train_data=[\"a b.jsonl\", \"\$x\", \"*.jsonl\"]"
)
"$expcfg" args configs/experiments/bge-large-en-v1.5.yaml "${sets[@]}" >"$work/line"
"$expcfg" args -0 configs/experiments/bge-large-en-v1.5.yaml "${sets[@]}" >"$work/words"
[ "$(wc -l <"$work/line")" -eq 1 ] || fail "args printed more than one line"
# Let bash split the line, then write the words NUL-separated like -0 does.
bash -c 'eval "set -- $(cat "$1")"; printf "%s\0" "$@"' _ "$work/line" >"$work/from_line"
cmp "$work/words" "$work/from_line" || fail "bash reads the line differently from -0"
grep -qz "^It's a \"test\": \$HOME" "$work/words" || fail "instruction not among the words"
echo "args shell quoting: ok"
