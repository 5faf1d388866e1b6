#!/usr/bin/env bash
# Issue 21's rough edges at the command line: an unclosed '[' at its opening, a comma list in
# --set, HfArgumentParser's bool words, required fields judged on the merged result, long
# values cut alike, the field catalogue, and base.sh reproduced by the example experiment.
set -euo pipefail
expcfg=$(realpath "$1")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# shellcheck source=tests/cli_status.sh
source "$(dirname "$0")/cli_status.sh"
cd "$work"
printf 'model: {model_name_or_path: m}\ndata: {train_data: [d]}\n' >base.yaml

# An unclosed '[' or '{' is reported where it opened, with where YAML gave up.
printf 'data:\n  train_data: [a.jsonl, b.jsonl\ntraining:\n  seed: 1\n' >unclosed.yaml
status 1 "$expcfg" check base.yaml unclosed.yaml
[ "$(cat err)" = "unclosed.yaml:2:15: error: invalid YAML: '[' is not closed
unclosed.yaml:3:9: note: expected ',' or ']' before this" ] || fail "unclosed '[': $(cat err)"
printf 'training: {seed: 1,\n  data_seed: 2\n' >brace.yaml
status 1 "$expcfg" check base.yaml brace.yaml
has "brace.yaml:1:11: error: invalid YAML: '{' is not closed"
status 1 "$expcfg" check base.yaml --set 'data.train_data=[a.jsonl'
has "error: invalid YAML value for 'data.train_data': '[' is not closed"

# A comma list in --set is refused with the list syntax; brackets or quotes say what is meant.
status 1 "$expcfg" check base.yaml --set data.train_data=a.jsonl,b.jsonl
[ "$(cat err)" = "--set data.train_data=a.jsonl,b.jsonl: error: 'a.jsonl,b.jsonl' for 'data.train_data' holds a comma: a list is written in brackets
note: write --set 'data.train_data=[a.jsonl,b.jsonl]' for several entries, or --set 'data.train_data=\"a.jsonl,b.jsonl\"' for one that holds a comma" ] ||
  fail "comma list: $(cat err)"
status 0 "$expcfg" dump base.yaml --set 'data.train_data=[a.jsonl,b.jsonl]' --format json
python3 -c 'import json,sys; d=json.load(open("out")); assert d["data"]["train_data"]==["a.jsonl","b.jsonl"], d["data"]["train_data"]'
status 0 "$expcfg" dump base.yaml --set 'data.train_data="a,b.jsonl"' --format json
python3 -c 'import json,sys; d=json.load(open("out")); assert d["data"]["train_data"]==["a,b.jsonl"], d["data"]["train_data"]'
status 0 "$expcfg" check base.yaml --set 'data.train_data=${env:EXPCFG_NO_SUCH_VAR,a.jsonl}'

# Bools: --set (and ${env:...} text) take HfArgumentParser's words; a file keeps YAML's.
for word in 1 T t y Y yes TRUE True; do
  status 0 "$expcfg" dump base.yaml --set "training.fp16=$word" --format json
  python3 -c 'import json; assert json.load(open("out"))["training"]["fp16"] is True'
done
for word in 0 F f n N no FALSE; do
  status 0 "$expcfg" dump base.yaml --set "training.gradient_checkpointing=$word" --format json
  python3 -c 'import json; assert json.load(open("out"))["training"]["gradient_checkpointing"] is False'
done
FP16=1 status 0 "$expcfg" check base.yaml --set 'training.fp16=${env:FP16}'
status 1 "$expcfg" check base.yaml --set training.fp16=2
has "error: expected a bool (true or false) for 'training.fp16', got '2'"
printf 'training:\n  fp16: 1\n' >one.yaml
status 1 "$expcfg" check base.yaml one.yaml
[ "$(cat err)" = "one.yaml:2:9: error: expected a bool (true or false) for 'training.fp16', got '1'
one.yaml:2:9: note: in a file, write true or false; 1/0, t/f and y/n are for --set and scripts, as HfArgumentParser reads them" ] ||
  fail "fp16: 1 in a file: $(cat err)"

# Required-ness is a property of the merged result: init's blanks are filled by layering.
"$expcfg" init -o init.yaml
status 1 "$expcfg" check init.yaml
has "init.yaml:"
has ": error: 'model.model_name_or_path' is required, but it is left empty here"
has "note: fill it in here, in a later layer or with --set model.model_name_or_path=..."
has ": error: 'data.train_data' is required, but it is left empty here"
status 0 "$expcfg" check init.yaml base.yaml
status 0 "$expcfg" check init.yaml --set model_name_or_path=BAAI/bge-m3 --set 'train_data=[d/]'
status 1 "$expcfg" check init.yaml --set model_name_or_path=BAAI/bge-m3
[ "$(grep -c 'error' err)" -eq 1 ] && has "'data.train_data' is required, but it is left empty here" ||
  fail "one blank left: $(cat err)"

# Long values are quoted cut alike: 80 characters at most, then '... (N bytes)'.
long=$(printf 'x%.0s' $(seq 1 300))
status 1 "$expcfg" check base.yaml --set "runner=$long"
has "... (300 bytes)'"
! grep -q "$long" err || fail "an uncut value: $(head -c 300 err)"
status 1 "$expcfg" check base.yaml --set "training.optim=$long"
has "... (300 bytes)'"
status 1 "$expcfg" check base.yaml --set "training.learning_rate=1$long"
has "... (301 bytes)'"
status 1 "$expcfg" check base.yaml --set "data.train_data=$long,b"
has "... (302 bytes)'"

# The field catalogue.
status 0 "$expcfg" fields
has "embedder.encoder_only.base, transformers 4.57.6: 188 of 188 fields" out
[ "$(wc -l <out)" -eq 190 ] || fail "fields: $(wc -l <out) lines"
has "training.learning_rate" out
status 0 "$expcfg" explain
[ "$(wc -l <out)" -eq 190 ] || fail "explain without a key is not the catalogue"
status 0 "$expcfg" fields --section training WARMUP
[ "$(head -1 out)" = "embedder.encoder_only.base, transformers 4.57.6: 2 of 188 fields in 'training' matching 'WARMUP'" ] ||
  fail "fields --section training WARMUP: $(cat out)"
status 0 "$expcfg" fields --section launch
[ "$(wc -l <out)" -eq 26 ] || fail "fields --section launch: $(cat out)"
has "launch.env" out
has "Environment variables for the run, e.g. {WANDB_MODE: disabled}; a later layer..." out
status 1 "$expcfg" fields --section data no-such-word
has "expcfg: no field of embedder.encoder_only.base matches"
status 0 "$expcfg" fields LEARNING --format json
python3 -c '
import json
d = json.load(open("out"))
keys = [f["key"] for f in d["fields"]]
assert "training.learning_rate" in keys and d["runner"] == "embedder.encoder_only.base", keys
lr = next(f for f in d["fields"] if f["key"] == "training.learning_rate")
assert lr["type"] == "float" and lr["default"] == 5e-05 and lr["help"], lr'
status 0 "$expcfg" fields colbert "$root/configs/experiments/bge-m3.yaml"
has "embedder.encoder_only.m3" out
has "model.colbert_dim" out
status 0 "$expcfg" fields colbert --runner embedder.encoder_only.m3
has "model.colbert_dim" out
status 0 "$expcfg" explain "$root/configs/experiments/bge-m3.yaml"
has "embedder.encoder_only.m3" out
status 2 "$expcfg" fields --section trainig
has "unknown section 'trainig'"
has "did you mean 'training'?"
status 2 "$expcfg" fields --runner embedder.encoder_only.m4
status 2 "$expcfg" fields lr rate
has "expected one WORD, got 'lr' and 'rate'"
status 2 "$expcfg" fields --runner embedder.encoder_only.m3 "$root/configs/experiments/bge-m3.yaml"
status 2 "$expcfg" fields --format xml

# One field written nested and dotted in one section is a duplicate key.
printf 'launch:\n  slurm:\n    partition: a\n  slurm.partition: b\n' >dup.yaml
status 1 "$expcfg" check base.yaml dup.yaml
has "dup.yaml:4:3: error: duplicate key 'launch.slurm.partition'"
has "dup.yaml:3:5: note: first written here"

# A sweep's folders made from a credential stay one: never written in clear, refused in Slurm.
# shellcheck disable=SC2016  # ${env:...} is expcfg's, not the shell's
printf 'training:\n  output_dir: /runs/${env:HF_TOKEN}\n' >token_dir.yaml
status 0 env HF_TOKEN=hf_SECRETSECRET "$expcfg" sweep base.yaml token_dir.yaml \
  --grid training.seed=1,2 -o token_sweep
! grep -rq hf_SECRET out err token_sweep || fail "the token was written: $(grep -r hf_SECRET out err token_sweep)"
has "seed=1  <redacted>" out
has 'output_dir: "/runs/${env:HF_TOKEN}/seed=1"' token_sweep/seed=1.yaml
status 1 env HF_TOKEN=hf_SECRETSECRET "$expcfg" sweep base.yaml token_dir.yaml \
  --grid training.seed=1,2 -o token_slurm --emit slurm
has "error: 'training.output_dir' holds a credential, which a Slurm script would write into a file"
has "note: 'training.output_dir' is made from a credential (its \${...}): write it without one"
[ ! -e token_slurm ] || fail "a refused sweep wrote its folder"

# base.sh, imported, differs from the example experiment exactly where the README says.
cd "$root"
HOME=/home/user HF_HUB_CACHE=/home/user/.cache/huggingface/hub \
  "$expcfg" import tests/import/base_like.sh -o "$work/base_sh.yaml" 2>/dev/null
set +e
HOME=/home/user HF_HUB_CACHE=/home/user/.cache/huggingface/hub \
  "$expcfg" diff "$work/base_sh.yaml" configs/experiments/bge-large-en-v1.5.yaml >"$work/out" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "diff base.sh: status $status: $(cat "$work/err")"
expected="model.cache_dir: /home/user/.cache/huggingface/hub -> ./cache/model
data.train_data: 4 -> 4 entries
  - ../example_data/retrieval
  - ../example_data/sts/sts.jsonl
  - ../example_data/classification-no_in_batch_neg
  - ../example_data/clustering-no_in_batch_neg
  + ./example_data/retrieval
  + ./example_data/sts/sts.jsonl
  + ./example_data/classification-no_in_batch_neg
  + ./example_data/clustering-no_in_batch_neg
data.cache_path: /home/user/.cache -> ./cache/data
training.deepspeed: ../../ds_stage0.json -> configs/deepspeed/ds_stage0.json
training.overwrite_output_dir: true -> false"
[ "$(cat "$work/out")" = "$expected" ] || fail "base.sh differs otherwise: $(cat "$work/out")"
echo "rough edges: ok"
