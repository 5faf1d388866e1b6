#!/usr/bin/env bash
# `expcfg check --preflight` on a 1 GiB JSON Lines file: FlagEmbedding's example records
# (example_data/retrieval and sts, 787 KB, 110 records of 1 to 100 negatives) repeated.
#   usage: bash bench/preflight_data.sh [build/bin/expcfg]
set -eu
bin=$(realpath "${1:-build/bin/expcfg}")
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat "$repo"/example_data/retrieval/*.jsonl "$repo"/example_data/sts/sts.jsonl >unit.jsonl
copies=$(((1 << 30) / $(stat -c %s unit.jsonl) + 1))
for ((i = 0; i < copies; i++)); do cat unit.jsonl; done >big.jsonl
printf 'model: {model_name_or_path: BAAI/bge-small-en-v1.5}\ndata: {train_data: [big.jsonl], train_group_size: 8}\ntraining: {output_dir: out}\n' >c.yaml
echo "$(stat -c %s big.jsonl) bytes, $(wc -l <big.jsonl) records"
/usr/bin/time -f "cat: %e s" cat big.jsonl >/dev/null
for run in 1 2 3; do
  /usr/bin/time -f "check --preflight: %e s, %M KB peak RSS" "$bin" check --preflight c.yaml 2>&1 | tail -1
done
/usr/bin/time -f "check --preflight --sample 100: %e s, %M KB peak RSS" \
  "$bin" check --preflight --sample 100 c.yaml 2>&1 | tail -1
