#!/usr/bin/env bash
# `expcfg init`: for every runner the file checks once its required fields are filled in (and
# not before); started --from each shipped experiment it resolves to that experiment exactly.
set -euo pipefail
expcfg=$(realpath "$1")
configs=$(pwd)/configs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

for runner in embedder.encoder_only.base embedder.encoder_only.m3 embedder.decoder_only.base \
              embedder.decoder_only.icl reranker.encoder_only.base reranker.decoder_only.base \
              reranker.decoder_only.layerwise; do
  "$expcfg" init --runner "$runner" -o "$runner.yaml"
  set +e
  "$expcfg" check "$runner.yaml" 2>err
  status=$?
  set -e
  [ "$status" -eq 1 ] || fail "$runner: an unfilled file checked with status $status"
  [ "$(grep -c "is required, but it is left empty here" err)" -eq 2 ] && [ "$(wc -l <err)" -eq 4 ] ||
    fail "$runner: expected the two required fields, got: $(cat err)"
  sed -e 's|^  model_name_or_path:  # required: fill this in$|  model_name_or_path: BAAI/bge-m3|' \
      -e 's|^  train_data:  # required: fill this in$|  train_data: [data/train.jsonl]|' \
      "$runner.yaml" >filled.yaml
  "$expcfg" check filled.yaml || fail "$runner: the filled-in file does not check"
  "$expcfg" dump filled.yaml >dumped
  grep -q "^runner: $runner\$" dumped || fail "$runner: wrong runner"
  # Every field of the runner is in the file, written out or commented.
  sed -n 's/^  \([a-z_0-9]*\):.*/\1/p' dumped | while read -r field; do
    # A group (`slurm:` in the dump) is written as its fields (`# slurm.partition: null`).
    grep -Eq "^  (# )?$field(:|\.)" "$runner.yaml" || fail "$runner: '$field' is missing from the file"
  done
done

for experiment in "$configs"/experiments/*.yaml; do
  name=$(basename "$experiment")
  "$expcfg" init --from "$experiment" -o "$name"
  "$expcfg" diff "$name" "$experiment" >out || fail "init --from $name differs: $(cat out)"
done

# Never over its own input.
cp "$configs/experiments/bge-m3.yaml" input.yaml
sed -i "s|\.\./base/|$configs/base/|g" input.yaml
set +e
"$expcfg" init --from input.yaml -o input.yaml 2>err
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "refusing to write 'input.yaml'" err || fail "init wrote over its input"
echo "init: ok"
