#!/usr/bin/env bash
# Config groups (`model=bge-m3`, `use: [model/bge-m3]`, --config-dir) and mapping fields merged
# by key (`launch.env`, inline `deepspeed`, `env!:`, --set/--unset of one key), from the
# command line: values, origins, explain, and every error path.
set -euo pipefail
expcfg=$(realpath "$1")
repo=$(pwd)
source "$(dirname "$0")/cli_expect.sh"  # cd's into a scratch folder with base.yaml

ok() {  # ok ARGS...: status 0, stdout in $work/out
  "$expcfg" "$@" >"$work/out" 2>"$work/err" || fail "$*: status $?: $(cat "$work/err")"
}
has() { grep -qF -- "$1" "$work/out" || fail "expected '$1' in: $(head -c 3000 "$work/out")"; }
lacks() { ! grep -qF -- "$1" "$work/out" || fail "did not expect '$1' in: $(head -c 3000 "$work/out")"; }

# --- the shipped example -------------------------------------------------------------------
cd "$repo"
ok dump --show-origin configs/experiments/m3-example-data.yaml
has "runner: embedder.encoder_only.m3"
has "model_name_or_path: BAAI/bge-m3  # model=bge-m3 (configs/model/bge-m3.yaml:8)"
has "per_device_train_batch_size: 4  # cluster=a100 (configs/cluster/a100.yaml:4)"
has "nproc_per_node: 8  # cluster=a100 (configs/cluster/a100.yaml:8)"
# launch.env merged by key from the cluster option and the experiment.
has 'env: {"NCCL_IB_DISABLE":"0","OMP_NUM_THREADS":"8","WANDB_MODE":"disabled"}  # cluster=a100 (configs/cluster/a100.yaml:10) + configs/experiments/m3-example-data.yaml:14'

# A command-line choice replaces the `use:` entry of its group.
ok dump --show-origin configs/experiments/m3-example-data.yaml cluster=single-gpu
has "per_device_train_batch_size: 2  # cluster=single-gpu (configs/cluster/single-gpu.yaml:4)"
has 'env: {"OMP_NUM_THREADS":"4","WANDB_MODE":"disabled"}'
lacks "a100"
ok dump configs/experiments/m3-example-data.yaml model=bge-large-en-v1.5
has "runner: embedder.encoder_only.base"
has "model_name_or_path: BAAI/bge-large-en-v1.5"
# The same group option as the experiment's file equals the experiment itself.
"$expcfg" dump configs/experiments/m3-example-data.yaml >"$work/a.yaml"
"$expcfg" dump configs/experiments/m3-example-data.yaml model=bge-m3 cluster=a100 >"$work/b.yaml"
cmp -s "$work/a.yaml" "$work/b.yaml" || fail "choosing the used options changed the dump"
rm -f "$work/a.yaml" "$work/b.yaml"
# Every command that takes layer files takes choices.
ok args configs/experiments/m3-example-data.yaml cluster=single-gpu
has "--per_device_train_batch_size 2"
set +e
"$expcfg" diff --left configs/experiments/m3-example-data.yaml \
  --right configs/experiments/m3-example-data.yaml --right cluster=single-gpu >"$work/out" 2>"$work/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "diff with a choice: status $status: $(cat "$work/err")"
has "training.per_device_train_batch_size: 4 -> 2"
ok explain per_device_train_batch_size configs/experiments/m3-example-data.yaml cluster=single-gpu
has "cluster=single-gpu (configs/cluster/single-gpu.yaml:4:3)"
ok hash configs/experiments/m3-example-data.yaml cluster=single-gpu
ok check configs/experiments/m3-example-data.yaml

# --- search path, --config-dir, names ------------------------------------------------------
cd "$work"
mkdir -p proj/configs/model proj/exp other/model
printf 'model: {model_name_or_path: from-configs}\n' >proj/configs/model/small.yaml
printf 'model: {model_name_or_path: from-other}\n' >other/model/small.yaml
printf 'model: {model_name_or_path: own-folder}\n' >proj/exp/local.yaml
printf 'extends: ../../base.yaml\nuse: [model/small]\n' >proj/exp/e.yaml
ok dump --show-origin proj/exp/e.yaml
has "model_name_or_path: from-configs  # model=small (proj/configs/model/small.yaml:1)"
ok dump proj/exp/e.yaml --config-dir other
has "model_name_or_path: from-other"
# The file's own folder is on the path too: exp/model/... would be found there.
mkdir -p proj/exp/model && cp proj/exp/local.yaml proj/exp/model/small.yaml
ok dump proj/exp/e.yaml
has "model_name_or_path: own-folder"
rm -r proj/exp/model
# A command-line word with no file uses the current folder's chain.
(cd proj && "$expcfg" dump ../base.yaml model=small >../out) || fail "choice from the current folder"
has "model_name_or_path: from-configs"
# The file's own values win over its parts.
printf 'extends: ../../base.yaml\nuse: [model/small]\nmodel: {model_name_or_path: mine}\n' >proj/exp/f.yaml
ok dump proj/exp/f.yaml
has "model_name_or_path: mine"
# A file named like a choice is read when written as a path.
cp base.yaml 'a=b.yaml'
ok dump './a=b.yaml'
expect 2 "unknown config group 'a'" "$expcfg" dump 'a=b.yaml'
rm 'a=b.yaml'

# --- errors --------------------------------------------------------------------------------
expect 2 "model=smal: error: config group 'model' has no option 'smal'" \
  "$expcfg" dump proj/exp/e.yaml model=smal
expect 2 "note: did you mean 'small'?" "$expcfg" dump proj/exp/e.yaml model=smal
expect 2 "note: options of 'model' (in proj/configs/model): small" \
  "$expcfg" dump proj/exp/e.yaml model=smal
expect 2 "error: unknown config group 'modle'" "$expcfg" check proj/exp/e.yaml modle=small
expect 2 "note: did you mean 'model'?" "$expcfg" check proj/exp/e.yaml modle=small
expect 2 "'../../etc/passwd' is not an option name of config group 'model'" \
  "$expcfg" dump proj/exp/e.yaml 'model=../../etc/passwd'
expect 2 "'.hidden' is not an option name" "$expcfg" dump proj/exp/e.yaml model=.hidden
expect 2 "config group 'model' is chosen twice" "$expcfg" dump base.yaml model=small model=small
printf 'extends: ../../base.yaml\nuse: [model/tiny]\n' >proj/exp/bad.yaml
expect 1 "proj/exp/bad.yaml:2:7: error: config group 'model' has no option 'tiny'" \
  "$expcfg" dump proj/exp/bad.yaml
printf 'extends: ../../base.yaml\nuse: [small]\n' >proj/exp/bad.yaml
expect 1 "proj/exp/bad.yaml:2:7: error: expected GROUP/OPTION in 'use', got 'small'" \
  "$expcfg" dump proj/exp/bad.yaml
printf 'use: [model/../x]\n' >proj/exp/bad.yaml
expect 1 "'../x' is not an option name of config group 'model'" "$expcfg" dump proj/exp/bad.yaml
# A symbolic link inside a group to something that is not a config file is refused.
ln -s /etc/passwd proj/configs/model/evil.yaml
expect 1 "'model=evil' names 'proj/configs/model/evil.yaml', which is not a .yaml, .yml or .json file" "$expcfg" dump proj/exp/e.yaml model=evil
rm proj/configs/model/evil.yaml
# An option that uses itself is a cycle.
printf 'use: [model/loop]\n' >proj/configs/model/loop.yaml
printf 'extends: ../../base.yaml\nuse: [model/loop]\n' >proj/exp/l.yaml
expect 1 "proj/configs/model/loop.yaml:1:7: error: 'extends' cycle: proj/configs/model/loop.yaml -> proj/configs/model/loop.yaml" \
  "$expcfg" dump proj/exp/l.yaml
rm proj/exp/l.yaml
rm proj/configs/model/loop.yaml

# --- mappings merged by key ----------------------------------------------------------------
printf 'launch:\n  env: {A: "1", B: "2"}\ntraining:\n  deepspeed: {zero_optimization: {stage: 2, offload_optimizer: {device: cpu}}, bf16: {enabled: auto}}\n' >m1.yaml
printf 'launch:\n  env: {B: "3", C: "4"}\ntraining:\n  deepspeed: {zero_optimization: {stage: 3}}\n' >m2.yaml
ok dump --show-origin base.yaml m1.yaml m2.yaml
has 'env: {"A":"1","B":"3","C":"4"}  # m1.yaml:2 + m2.yaml:2'
has 'deepspeed: {"zero_optimization":{"stage":3,"offload_optimizer":{"device":"cpu"}},"bf16":{"enabled":"auto"}}  # m1.yaml:4 + m2.yaml:4'
# `!` replaces whole, in a file and on the command line.
printf 'launch:\n  env!: {C: "4"}\n' >m3.yaml
ok dump base.yaml m1.yaml m3.yaml
has 'env: {"C":"4"}'
ok dump base.yaml m1.yaml --set 'launch.env!={Z: x}'
has 'env: {"Z":"x"}'
ok dump base.yaml m1.yaml --set 'launch.env={Z: x}'
has 'env: {"A":"1","B":"2","Z":"x"}'
# One key: set, nested set, remove; the origin names the flag.
ok dump --show-origin base.yaml m1.yaml --set launch.env.HF_HOME=/x --unset launch.env.A \
  --set training.deepspeed.zero_optimization.stage=0
has 'env: {"B":"2","HF_HOME":"/x"}  # m1.yaml:2 + --set launch.env.HF_HOME=/x + --unset launch.env.A'
has 'deepspeed: {"zero_optimization":{"stage":0,"offload_optimizer":{"device":"cpu"}},"bf16":{"enabled":"auto"}}  # m1.yaml:4 + --set training.deepspeed.zero_optimization.stage=0'
# A field that holds None becomes a mapping.
ok dump base.yaml --set training.lr_scheduler_kwargs.power=2 --set training.gradient_checkpointing_kwargs.use_reentrant=false
has 'lr_scheduler_kwargs: {"power":2}'
has 'gradient_checkpointing_kwargs: {"use_reentrant":false}'
# A credential set by key stays redacted in the dump and in the origin.
ok dump --show-origin base.yaml --set launch.env.HF_TOKEN=hf_abc
has '"HF_TOKEN":"<redacted>"'
lacks "hf_abc"
# --unset of a whole field still returns it to its default.
ok dump base.yaml m1.yaml --unset launch.env
has "env: {}"
# explain states the rule and each layer's part.
ok explain launch.env base.yaml m1.yaml m2.yaml --unset launch.env.A
has "layering: a later layer's mapping updates it key by key"
has "set by, in merge order (later keys win):"
has "removes 'A'"
ok explain training.learning_rate
has "layering: a later value replaces it"
ok explain train_data
has "layering: a later value replaces the list whole; 'train_data+:'"

expect 1 "cannot remove 'launch.env.WANDB_MOD': 'launch.env' has no key 'WANDB_MOD'" \
  "$expcfg" dump base.yaml --set 'launch.env={WANDB_MODE: disabled}' --unset launch.env.WANDB_MOD
expect 1 "note: did you mean 'WANDB_MODE'?" \
  "$expcfg" dump base.yaml --set 'launch.env={WANDB_MODE: disabled}' --unset launch.env.WANDB_MOD
expect 1 "cannot set a key of 'training.deepspeed': it holds the string 'ds.json'" \
  "$expcfg" dump base.yaml --set training.deepspeed=ds.json --set training.deepspeed.fp16=1
expect 1 "cannot set a key of 'training.deepspeed.zero_optimization': it holds 2, not a mapping" \
  "$expcfg" dump base.yaml --set 'training.deepspeed={zero_optimization: 2}' \
  --set training.deepspeed.zero_optimization.stage=1
expect 1 "'training.learning_rate!' replaces a mapping whole, but 'training.learning_rate' is a float" \
  "$expcfg" dump base.yaml --set 'training.learning_rate!=1'
expect 1 "unknown key 'training.learning_rate.x'" "$expcfg" dump base.yaml --set training.learning_rate.x=1
expect 1 "'1A' is not an environment variable name in 'launch.env'" \
  "$expcfg" dump base.yaml --set launch.env.1A=x
expect 1 "cannot append to 'launch.env.A'" "$expcfg" dump base.yaml --set 'launch.env.A+=[x]'
expect 1 "unknown key 'launch.env..A'" "$expcfg" dump base.yaml --set launch.env..A=x
echo OK
