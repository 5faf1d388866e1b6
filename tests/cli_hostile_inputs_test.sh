#!/usr/bin/env bash
# Hostile inputs from the command line (issue 16): expansion bombs, typed fields reached by
# ${...} and --set, extends of files that are not configs, oversized sweeps and terminal
# escapes. Each ends in its message and exit status, never an abort, and writes nothing.
set -euo pipefail
expcfg=$(realpath "$1")
# shellcheck source=cli_expect.sh
source "$(dirname "$0")/cli_expect.sh"

# 1. Expansion bombs: one value, the whole configuration, aliases, import's variables.
big=$(head -c 300000 /dev/zero | tr '\0' a)
printf 'extends: base.yaml\nmodel: {cache_dir: %s}\ntraining:\n  run_name: ${model.cache_dir}${model.cache_dir}\n  hub_model_id: ${training.run_name}${training.run_name}\n' \
  "$big" >double.yaml
expect 1 "double.yaml:5:3: error: 'training.hub_model_id' grows past 1048576 bytes, the limit on one interpolated value" \
  "$expcfg" dump double.yaml
half=$(head -c 524288 /dev/zero | tr '\0' a)
{
  printf 'extends: base.yaml\nmodel: {cache_dir: %s}\n' "$half"
  printf 'training:\n  run_name: &r ${model.cache_dir}${model.cache_dir}\n'
  printf 'data:\n  train_data: ['
  for _ in $(seq 300); do printf '"${training.run_name}", '; done
  printf 'x]\n'
} >whole.yaml
expect 1 "error: the resolved configuration grows past 268435456 bytes at 'data.train_data', the limit on a whole configuration" \
  "$expcfg" check whole.yaml
{
  printf 'model: {model_name_or_path: m, cache_dir: &big %s}\ndata:\n  train_data: [' "$half"
  for _ in $(seq 600); do printf '*big, '; done
  printf 'x]\n'
} >aliases.yaml
expect 1 "error: 'data.train_data' expands to more than 268435456 bytes, the limit on a resolved configuration (through aliases?)" \
  "$expcfg" check aliases.yaml
{
  echo 'x=aaaaaaaa'
  for _ in $(seq 40); do echo 'x=$x$x'; done
  echo 'torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path $x --train_data d'
} >bomb.sh
expect 1 "bomb.sh:18:3: error: expanding '\$x' makes more than 1048576 bytes of text, the limit on a script's variable expansion" \
  "$expcfg" import bomb.sh

# 2. Typed fields from ${...} and --set: a diagnostic at the field, for every kind of field.
printf 'extends: base.yaml\nlaunch:\n  node_rank: ${env:EXPCFG_UNSET_NODEID}\n' >rank.yaml
for command in args launch check dump; do
  expect 1 "rank.yaml:3:3: error: 'launch.node_rank' refers to \${env:EXPCFG_UNSET_NODEID}, which is not set" \
    "$expcfg" "$command" rank.yaml
done
export EXPCFG_WORD=word
for key in training.seed training.learning_rate training.fp16 training.optim \
  launch.nproc_per_node launch.nnodes launch.node_rank launch.master_port launch.env \
  training.include_num_input_tokens_seen; do
  expect 1 "error:" "$expcfg" launch base.yaml --set "$key=\${env:EXPCFG_WORD}"
done
for key in training.seed training.learning_rate training.fp16 training.optim \
  launch.nproc_per_node launch.node_rank launch.env training.report_to data.train_data \
  training.include_num_input_tokens_seen; do
  expect 1 "error:" "$expcfg" args base.yaml --set "$key=\${training.deepspeed}" \
    --set 'training.deepspeed={zero: {stage: 2}}'
done
expect 1 "error: 'launch.env' (mapping of environment variables) refers to \${training.deepspeed}" \
  "$expcfg" launch base.yaml --set 'launch.env=${training.deepspeed}' \
  --set 'training.deepspeed={zero: {stage: 2}}'

# 6. extends reads only configuration files, and never quotes another file's content.
printf 'root:$6$secretsalt$hash:19000:0:99999:7:::\n' >shadow
ln -s shadow shadow.yaml
printf 'extends: shadow\n' >a.yaml
printf 'extends: shadow.yaml\n' >b.yaml
expect 1 "a.yaml:1:10: error: 'extends' names 'shadow', which is not a .yaml, .yml or .json file" \
  "$expcfg" check a.yaml
expect 1 "error: 'extends' names 'shadow.yaml', which is not a .yaml, .yml or .json file" \
  "$expcfg" check b.yaml
! "$expcfg" check a.yaml b.yaml 2>&1 | grep -q secretsalt || fail "extends quoted the file"

# 8. Sweep size: counted with overflow checks, refused before any work.
expect 2 "expcfg: error: the sweep has more than 100000 runs, the limit (limits::kMaxSweepRuns)" \
  "$expcfg" sweep base.yaml --grid "training.seed=$(seq -s, 400)" --grid "training.learning_rate=$(seq -s, 400)"
grids=()
for key in seed data_seed save_steps eval_steps logging_steps max_steps num_train_epochs \
  warmup_steps gradient_accumulation_steps per_device_train_batch_size dataloader_num_workers \
  save_total_limit eval_accumulation_steps per_device_eval_batch_size torch_compile_mode run_name; do
  grids+=(--grid "training.$key=$(seq -s, 16)")
done
expect 2 "expcfg: error: the sweep has more than 100000 runs" "$expcfg" sweep base.yaml "${grids[@]}" -o s

# 9. Terminal escapes in keys, values and paths are shown escaped.
printf 'extends: base.yaml\ntraining:\n  "\\e[2J\\e[31mevil": 1\n  optim: "\\u202eadamw"\n' >escape.yaml
expect 1 "escape.yaml:3:3: error: unknown key 'training.\\x1b[2J\\x1b[31mevil'" "$expcfg" check escape.yaml
expect 1 "invalid value '\\u202eadamw' for 'training.optim'" "$expcfg" check escape.yaml
! "$expcfg" check escape.yaml 2>&1 | grep -q $'\033' || fail "raw ESC on stderr"
expect 2 "expcfg: error: cannot read 'no\\x1b]0;title\\x07.yaml'" "$expcfg" check $'no\033]0;title\a.yaml'

echo "cli hostile inputs: ok"
