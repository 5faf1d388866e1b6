#!/usr/bin/env bash
# `expcfg check --preflight`: one fixture per rule of docs/preflight.md. Each case writes a
# violating configuration and its files into a fresh folder ("bad"), then a passing control
# ("good") that differs only in what the rule is about. The bad run must report the rule (its
# "[ID]" tag, or for the rules plain `check` already had, its message) with the rule's severity;
# the good run must not mention it. Runs each case from its own folder: paths are relative to
# the folder the run starts in.
#   usage: cli_preflight_test.sh path/to/expcfg [RULE...]
set -u
bin=$(realpath "$1")
shift
repo=$(pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
failures=0
cases=0

# A small valid embedder run: two records per batch, one negative per group, no DeepSpeed.
base() {
  cat >base.yaml <<'EOF'
model:
  model_name_or_path: BAAI/bge-small-en-v1.5
data:
  train_data: [data.jsonl]
  train_group_size: 2
training:
  output_dir: out
  per_device_train_batch_size: 2
EOF
  : >x.yaml
  records 4 >data.jsonl
}
records() {
  for ((i = 0; i < $1; i++)); do
    echo '{"query": "q", "pos": ["p"], "neg": ["n1", "n2"], "pos_scores": [1.0], "neg_scores": [0.5, 0.2]}'
  done
}
over() { printf '%s\n' "$@" >x.yaml; }
# A DeepSpeed file where everything the Trainer fills is "auto".
ds() {
  cat >ds.json <<'EOF'
{
  "zero_optimization": {"stage": 2},
  "fp16": {"enabled": "auto"},
  "bf16": {"enabled": "auto"},
  "optimizer": {"type": "AdamW", "params": {"lr": "auto", "betas": "auto", "eps": "auto", "weight_decay": "auto"}},
  "scheduler": {"type": "WarmupDecayLR", "params": {"warmup_min_lr": "auto", "warmup_max_lr": "auto", "warmup_num_steps": "auto", "total_num_steps": "auto"}},
  "gradient_accumulation_steps": "auto",
  "gradient_clipping": "auto",
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto"
}
EOF
}
# ds_set 'python expression on d' : edits ds.json
ds_set() { python3 -c "import json; d=json.load(open('ds.json')); $1; json.dump(d, open('ds.json','w'), indent=1)"; }
bad() { [ "$mode" = bad ]; }
pick() { if bad; then echo "$1"; else echo "$2"; fi; }
model_folder() {  # a local model folder with config.json, weights, tokenizer
  mkdir -p "$1"
  echo '{"hidden_size": 8}' >"$1/config.json"
  : >"$1/model.safetensors"
  : >"$1/tokenizer.json"
}

# ---- 1. TrainingArguments and Trainer ----
c_TA01() { base; over training: "  fp16: true" "  bf16: $(pick true false)"; pattern="'training.fp16' and 'training.bf16' are both true"; }
c_TA02() { base; over training: "  fp16_full_eval: true" "  bf16_full_eval: $(pick true false)"; }
c_TA03() { control_status=any; base; over training: "  load_best_model_at_end: true" "  eval_strategy: steps" "  save_strategy: $(pick epoch steps)"; pattern="load_best_model_at_end' needs"; }
c_TA04() { control_status=any; base; over training: "  load_best_model_at_end: true" "  eval_strategy: steps" "  eval_steps: 100" "  save_steps: $(pick 150 200)"; }
c_TA05() { control_status=any; base; over training: "  eval_strategy: steps" "  logging_steps: $(pick 0 10)"; }
c_TA06() { base; over training: "  logging_strategy: steps" "  logging_steps: $(pick 0 10)"; }
c_TA07() { base; over training: "  logging_steps: $(pick 10.5 10)"; }
c_TA08() { base; over training: "  lr_scheduler_type: $(pick reduce_lr_on_plateau linear)"; }
c_TA09() { base; over training: "  warmup_steps: $(pick -1 0)"; pattern="must not be negative"; }
c_TA10() { base; over training: "  dataloader_prefetch_factor: 2" "  dataloader_num_workers: $(pick 0 2)"; pattern="dataloader_prefetch_factor' needs"; }
c_TA11() { base; over training: "  torch_empty_cache_steps: $(pick 0 10)"; }
c_TA12() { base; over training: "  fsdp: $(pick offload 'full_shard offload')"; }
c_TA13() { base; over training: "  fsdp: $(pick 'full_shard shard_grad_op' full_shard)"; }
c_TA14() { base; bad || echo '{}' >fsdp.json; over training: "  fsdp: full_shard" "  fsdp_config: fsdp.json"; }
c_TA15() { base; over training: "  fsdp: full_shard" "  fsdp_config: {fsdp_min_num_params: $(pick 1000 0), transformer_layer_cls_to_wrap: [BertLayer]}"; }
c_TA16() { base; over training: "  fsdp: full_shard" "  fsdp_config: {sync_module_states: $(pick false true), cpu_ram_efficient_loading: true}"; }
c_TA17() { base; bad || echo '{}' >accelerator.json; over training: "  accelerator_config: accelerator.json"; }
c_TA18() { base; over training: "  lr_scheduler_kwargs: '$(pick '{"a": 1' '{"a": 1}')'"; }
c_TA19() { base; over training: "  eval_strategy: $(pick steps 'no')"; }
c_TA20() { base; over training: "  save_strategy: best" "  metric_for_best_model: $(pick null loss)"; }
c_TA21() { base; over training: "  report_to: $(pick wandbb wandb)"; }
c_TA22() { base; ds; over training: "  fsdp: full_shard" "  deepspeed: $(pick ds.json null)"; }
c_TA23() { base; bad || { mkdir -p ckpt; echo '{}' >ckpt/trainer_state.json; : >ckpt/model.safetensors; }; over training: "  resume_from_checkpoint: ckpt"; }
c_TA24() { base; mkdir -p ckpt; : >ckpt/model.safetensors; bad || echo '{}' >ckpt/trainer_state.json; over training: "  resume_from_checkpoint: ckpt"; }
c_TA25() { base; ds; mkdir -p ckpt; : >ckpt/model.safetensors; echo '{}' >ckpt/trainer_state.json; bad || mkdir ckpt/global_step10; over training: "  resume_from_checkpoint: ckpt" "  deepspeed: ds.json"; }
c_TA26() { base; over training: "  num_train_epochs: $(pick 0 1)"; }

# ---- 2. DeepSpeed ----
dsrun() { over training: "  deepspeed: ds.json" "$@"; }
c_DS01() { base; ds; bad && ds_set "d['train_micro_batch_size_per_gpu']=32"; bad || ds_set "d['train_micro_batch_size_per_gpu']=2"; dsrun; }
c_DS02() { base; ds; ds_set "d['gradient_accumulation_steps']=$(pick 4 1)"; dsrun; }
c_DS03() { base; ds; ds_set "d['train_batch_size']=$(pick 3 2)"; dsrun; }
c_DS04() { base; ds; ds_set "d['train_batch_size']=$(pick 4 16)"; over training: "  deepspeed: ds.json" launch: "  nproc_per_node: 8"; }
c_DS05() { base; ds; ds_set "d['gradient_clipping']=$(pick 0.5 1.0)"; dsrun; }
c_DS06() { base; ds; ds_set "d['optimizer']['params']['lr']=$(pick 2e-5 5e-5)"; dsrun; }
c_DS07() { base; ds; ds_set "d['optimizer']['params']['betas']=[0.9, $(pick 0.95 0.999)]"; dsrun; }
c_DS08() { base; ds; ds_set "d['optimizer']['params']['eps']=$(pick 1e-6 1e-8)"; dsrun; }
c_DS09() { base; ds; ds_set "d['optimizer']['params']['weight_decay']=$(pick 0.1 0.0)"; dsrun; }
c_DS10() { base; ds; ds_set "d['scheduler']['params']['warmup_max_lr']=$(pick 1e-4 5e-5)"; dsrun; }
c_DS11() { base; ds; ds_set "d['scheduler']['params']['warmup_num_steps']=$(pick 5 10)"; dsrun "  warmup_steps: 10"; }
# 4 records, batch 2, one process, 3 epochs: 2 steps an epoch, 6 in all.
c_DS12() { base; ds; ds_set "d['scheduler']['params']['total_num_steps']=$(pick 100 6)"; dsrun; }
c_DS13() { base; ds; ds_set "d['fp16']['enabled']=$(pick True False)"; dsrun; }
c_DS14() { base; ds; ds_set "d['fp16']['enabled']=True; d['bf16']['enabled']=$(pick True False)"; dsrun "  fp16: true"; }
c_DS15() { base; ds; ds_set "d['zero_optimization']['reduce_bucket_size']=$(pick "'auto'" 500000000)"; dsrun; }
c_DS16() { base; ds; ds_set "d['zero_optimization']['stage']=$(pick 4 3)"; dsrun; }
c_DS17() { base; ds; ds_set "d['zero_optimization']['$(pick overlap_com overlap_comm)']=True"; dsrun; }
c_DS18() { base; ds; bad && ds_set "d['bf16']['loss_scale']=0"; dsrun; }
c_DS19() { base; ds; bad && ds_set "d['optimizer']['params']['max_grad_norm']=1.0"; dsrun; }
c_DS20() { base; ds; ds_set "d['optimizer']['type']='$(pick AdamX AdamW)'"; dsrun; }
c_DS21() { base; ds; ds_set "d['scheduler']['type']='$(pick WarmupDecay WarmupDecayLR)'"; dsrun; }
c_DS22() { base; ds; dsrun "  lr_scheduler_type: $(pick cosine linear)"; }
c_DS23() { base; ds; dsrun "$(pick "  optim: adafactor" "")"; }
c_DS24() { base; ds; bad && ds_set "del d['scheduler']['params']['total_num_steps']"; dsrun; }
c_DS25() {
  base
  printf '{"zero_optimization": {"stage": 2}, "train_batch_size": "auto", "steps_per_print": 10%s}\n' \
    "$(pick ', "steps_per_print": 20' '')" >ds.json
  dsrun
}
c_DS26() { base; ds; ds_set "d['$(pick wall_clock_breakdwn wall_clock_breakdown)']=False"; dsrun; }
c_DS27() { base; ds; bad && ds_set "del d['train_batch_size']; del d['train_micro_batch_size_per_gpu']"; dsrun; }
c_DS28() { base; ds; ds_set "d['zero_optimization']['offload_optimizer']={'device': '$(pick gpu cpu)'}"; dsrun; }

# ---- 3. accelerate ----
c_AC01() { base; bad || ds; dsrun; }
c_AC02() { base; ds; bad && echo '{"zero_optimization": {"stage": 2},}' >ds.json; dsrun; }
c_AC03() { base; ds; bad && ds_set "del d['zero_optimization']"; dsrun; }
c_AC04() { base; ds; ds_set "d['zero_optimization']['overlap_comm']=$(pick "'auto'" True)"; dsrun; }
c_AC05() { base; ds; ds_set "d['zero_optimization']['stage']=$(pick "'auto'" 2)"; dsrun; }
c_AC06() { base; ds; bad && ds_set "del d['gradient_accumulation_steps']"; dsrun "  gradient_accumulation_steps: 2"; }
c_AC07() { base; ds; ds_set "d['bf16']['enabled']=$(pick True "'auto'")"; dsrun "  fp16: true"; }

# ---- 4. data ----
c_FD01() { base; over data: "  train_data: [$(pick missing.jsonl data.jsonl)]"; }
c_FD02() { base; cp data.jsonl data.txt; over data: "  train_data: [data.jsonl, $(pick data.txt data.jsonl)]"; }
c_FD03() { base; mkdir -p sets; cp data.jsonl sets/a.jsonl; bad && { mkdir -p sets/more; cp data.jsonl sets/more/b.jsonl; }; over data: "  train_data: [sets]"; }
c_FD04() { base; mkdir -p sets; : >sets/a.jsonl; : >sets/b.jsonl; bad || records 4 >sets/b.jsonl; over data: "  train_data: [sets]"; }
c_FD05() { base; bad && echo '{"query": "q", "pos": ["p"' >>data.jsonl; }
c_FD06() { base; for i in 1 2 3 4; do echo "{\"query\": \"q\", \"pos\": [\"p\"]$(pick '' ', "neg": ["n"]')}"; done >data.jsonl; }
c_FD07() { base; bad && echo '{"query": "q", "pos": "p", "neg": ["n"]}' >>data.jsonl; }
c_FD08() { base; echo "{\"query\": \"q\", \"pos\": [$(pick '' '"p"')], \"neg\": [\"n\"]}" >>data.jsonl; }
c_FD09() { base; echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [$(pick '' '"n"')]}" >>data.jsonl; }
c_FD10() { base; over data: "  train_group_size: $(pick 8 3)"; }
c_FD11() { base; echo "{\"query\": $(pick '["q"]' '"q"'), \"pos\": [\"p\"], \"neg\": [\"n\"]}" >>data.jsonl; }
c_FD12() { base; echo "{\"query\": \"q\", \"pos\": [$(pick 1 '"1"')], \"neg\": [\"n\"]}" >>data.jsonl; }
c_FD13() { base; bad && for i in 1 2 3 4; do echo '{"query": "q", "pos": ["p"], "neg": ["n"]}'; done >data.jsonl; over data: "  knowledge_distillation: true"; }
c_FD14() { base; echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\", \"m\"], \"pos_scores\": [1], \"neg_scores\": [$(pick '0.5' '0.5, 0.1')]}" >>data.jsonl; over data: "  knowledge_distillation: true"; }
c_FD15() { base; echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"pos_scores\": [$(pick '"high"' 1.0)], \"neg_scores\": [0.5]}" >>data.jsonl; over data: "  knowledge_distillation: true"; }
c_FD16() { base; echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"label\": $(pick '"x"' 1)}" >a.jsonl; echo '{"query": "q", "pos": ["p"], "neg": ["n"], "label": 2}' >b.jsonl; over data: "  train_data: [a.jsonl, b.jsonl]"; }
c_FD17() { base; echo '{"query": "q", "pos": ["p"], "neg": ["n"], "prompt": "Find: "}' >a.jsonl; echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"]$(pick '' ', "prompt": "Find: "')}" >b.jsonl; over data: "  train_data: [a.jsonl, b.jsonl]"; }
same_dataset() { over data: "  same_dataset_within_batch: true" "  query_instruction_for_retrieval: 'Q: '" "$@"; }
c_FD18() { base; for t in a a a $(pick b a); do echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"type\": \"$t\"}"; done >data.jsonl; same_dataset; }
c_FD19() { base; for i in 1 2 3 4; do echo '{"query": "q", "pos": ["p"], "neg": ["n"], "type": "symmetric_sts"}'; done >data.jsonl; same_dataset training: "  per_device_train_batch_size: $(pick 1 2)"; }
c_FD20() { base; records 4 >a.jsonl; records "$(pick 1 2)" >b.jsonl; same_dataset "  train_data: [a.jsonl, b.jsonl]"; }
c_FD21() { base; over data: "  same_dataset_within_batch: true" "  query_instruction_for_retrieval: $(pick null "'Q: '")"; }
c_FD22() { base; mkdir -p sets-no_in_batch_neg; cp data.jsonl sets-no_in_batch_neg/; over data: "  train_data: [sets-no_in_batch_neg]" "  same_dataset_within_batch: $(pick false true)" "  query_instruction_for_retrieval: 'Q: '"; }
c_FD23() { base; mkdir -p sets-no_in_batch_neg; cp data.jsonl sets-no_in_batch_neg/; same_dataset "  train_data: [sets-no_in_batch_neg$(pick / '')]"; }
c_FD24() { base; over data: "  query_instruction_for_retrieval: 'Q: '" "  query_instruction_format: '$(pick '{}' '{}{}')'"; }
c_FD25() { base; over data: "  query_instruction_for_retrieval: 'Q: '" "  query_instruction_format: '$(pick '{query}{}' '{}{}')'"; }
c_FD26() { base; over data: "  passage_instruction_format: $(pick null "'{}{}'")"; }
c_FD27() { base; records "$(pick 5 4)" >data.jsonl; over "runner: reranker.encoder_only.base"; }
c_FD28() {
  base
  for i in 1 2 3 4; do echo "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"type\": \"symmetric_clustering\"$(pick '' ', "category": "c"')}"; done >data.jsonl
  over "runner: embedder.decoder_only.icl" data: "  same_dataset_within_batch: true" "  query_instruction_for_retrieval: 'Q: '" training: "  sentence_pooling_method: last_token"
}
c_FD29() { base; if bad; then printf '{\n  "query": "q",\n  "pos": ["p"],\n  "neg": ["n"]\n}\n' >data.json; else records 4 >data.json; fi; over data: "  train_data: [data.json]"; }
c_FD30() { base; bad && : >data.jsonl; }
c_FD31() { base; bad && echo '{"query": "q", "pos": ["p"]}' >>data.jsonl; }
c_FD32() { base; records "$(pick 1 2)" >data.jsonl; over training: "  dataloader_drop_last: true"; }

# ---- 5. runners ----
c_FR01() { base; mkdir -p out; bad && : >out/old.bin; over training: "  do_train: true"; }
c_FR02() { base; bad && : >out; }
c_FR05() { base; over "runner: embedder.decoder_only.icl" data: "  same_dataset_within_batch: $(pick false true)" "  query_instruction_for_retrieval: 'Q: '" training: "  sentence_pooling_method: last_token"; }
c_FR06() { base; over training: "  use_mrl: true" "  mrl_dims: $(pick '[]' '[64]')"; }
c_FR07() { base; over "runner: embedder.encoder_only.m3" training: "  use_mrl: $(pick true false)"; }
c_FR08() { base; model_folder model; over model: "  model_name_or_path: ./model" training: "  use_mrl: true" "  mrl_dims: [$(pick 16 8)]"; }
c_FR09() { base; over training: "  temperature: $(pick null 0.02)"; }
c_FR10() { base; over "runner: embedder.decoder_only.base" training: "  sentence_pooling_method: $(pick cls last_token)"; }
c_FR11() { base; over "runner: reranker.decoder_only.base" model: "  model_type: $(pick encoder decoder)"; }
c_FR12() { base; over "runner: reranker.decoder_only.layerwise" model: "  model_type: $(pick encoder from_raw_model)"; }
c_FR13() { base; over "runner: embedder.decoder_only.icl" data: "  same_dataset_within_batch: true" "  query_instruction_for_retrieval: 'Q: '" "  retrieval_use_examples: true" "  query_max_len: $(pick 512 2048)" training: "  sentence_pooling_method: last_token"; }
c_FR14() { base; same_dataset training: "  dataloader_num_workers: $(pick 4 0)"; }
c_FR15() { base; over training: "  negatives_cross_device: true" launch: "  nproc_per_node: $(pick 1 2)"; }
c_FR16() { base; over training: "  neftune_noise_alpha: $(pick 5 null)"; }
c_FR17() { base; over "runner: embedder.encoder_only.m3" training: "  fix_encoder: true" "  unified_finetuning: $(pick false true)"; }
c_FR18() { base; model_folder model; bad || : >model/colbert_linear.pt >model/sparse_linear.pt; bad || : >model/sparse_linear.pt; over "runner: embedder.encoder_only.m3" model: "  model_name_or_path: ./model" training: "  unified_finetuning: true"; }
c_FR19() {
  base; mkdir -p sets-no_in_batch_neg; cp data.jsonl sets-no_in_batch_neg/
  same_dataset "  train_data: [sets-no_in_batch_neg]" "  knowledge_distillation: true" training: "  kd_loss_type: $(pick m3_kd_loss kl_div)"
}
c_FR20() { base; over "runner: embedder.decoder_only.base" model: "  save_merged_lora_model: true" "  use_lora: $(pick false true)" training: "  sentence_pooling_method: last_token"; }
c_FR21() { base; over "runner: embedder.decoder_only.base" model: "  use_lora: true" "  save_merged_lora_model: true" "  additional_special_tokens: $(pick '[<q>]' '[]')" training: "  sentence_pooling_method: last_token"; }
c_FR22() { base; mkdir -p adapter; bad || echo '{}' >adapter/adapter_config.json; over "runner: embedder.decoder_only.base" model: "  from_peft: ./adapter" training: "  sentence_pooling_method: last_token"; }
c_FR23() { base; bad || model_folder model; over model: "  model_name_or_path: ./model"; }
c_FR24() { base; model_folder model; bad && rm model/config.json; over model: "  model_name_or_path: ./model"; }
c_FR25() { base; over model: "  tokenizer_name: $(pick BAAI/bge-base-en-v1.5 null)"; }
c_FR26() { base; over "runner: embedder.decoder_only.base" model: "  use_lora: true" "  only_merge_lora_model: true" "  save_merged_lora_model: $(pick false true)" training: "  sentence_pooling_method: last_token"; }
c_FR27() { base; over "runner: embedder.decoder_only.base" model: "  use_slow_tokenizer: $(pick true false)" training: "  sentence_pooling_method: last_token"; }
c_FR28() { base; over "runner: embedder.decoder_only.base" model: "  use_flash_attn: true" training: "  sentence_pooling_method: last_token" "  bf16: $(pick false true)"; }
c_FR29() { base; over training: "  label_smoothing_factor: $(pick 0.1 0.0)"; }
c_FR30() { base; over "runner: embedder.encoder_only.m3" training: "  use_self_distill: true" "  unified_finetuning: $(pick false true)"; }

# Severity of each rule: e (error, status 1) or w (warning, status 0).
rules="TA01:e TA02:e TA03:e TA04:e TA05:e TA06:e TA07:e TA08:e TA09:e TA10:e TA11:e TA12:e TA13:e
TA14:e TA15:e TA16:e TA17:e TA18:e TA19:e TA20:e TA21:e TA22:e TA23:e TA24:e TA25:e TA26:w
DS01:e DS02:e DS03:e DS04:e DS05:e DS06:e DS07:e DS08:e DS09:e DS10:e DS11:e DS12:e DS13:e
DS14:e DS15:e DS16:e DS17:e DS18:e DS19:e DS20:e DS21:e DS22:w DS23:w DS24:e DS25:w DS26:w
DS27:e DS28:e AC01:e AC02:e AC03:e AC04:e AC05:w AC06:e AC07:e
FD01:e FD02:w FD03:w FD04:e FD05:e FD06:e FD07:e FD08:e FD09:e FD10:w FD11:e FD12:e FD13:e
FD14:e FD15:e FD16:e FD17:w FD18:e FD19:e FD20:w FD21:w FD22:w FD23:w FD24:w FD25:e FD26:e
FD27:w FD28:e FD29:e FD30:e FD31:e FD32:w
FR01:e FR02:e FR05:e FR06:e FR07:e FR08:w FR09:e FR10:w FR11:w FR12:w FR13:w FR14:w FR15:w
FR16:e FR17:e FR18:w FR19:e FR20:e FR21:w FR22:e FR23:e FR24:e FR25:w FR26:w FR27:w FR28:e
FR29:w FR30:w"

for item in $rules; do
  rule=${item%:*}
  severity=${item#*:}
  if [ $# -gt 0 ] && [[ " $* " != *" $rule "* ]]; then continue; fi
  for mode in bad good; do
    dir="$root/$rule-$mode"
    mkdir -p "$dir"
    cd "$dir" || exit 2
    pattern="[$rule]"
    control_status=0
    "c_$rule"
    "$bin" check --preflight base.yaml x.yaml >stdout 2>stderr
    status=$?
    cases=$((cases + 1))
    problem=""
    if [ "$mode" = bad ]; then
      grep -qF -- "$pattern" stderr || problem="does not report it"
      if [ "$severity" = e ]; then
        [ "$status" = 1 ] || problem="$problem; status $status, expected 1"
        grep -F -- "$pattern" stderr | grep -q "error:" || problem="$problem; not as an error"
      else
        grep -F -- "$pattern" stderr | grep -q "warning:" || problem="$problem; not as a warning"
        grep -q "error:" stderr && problem="$problem; also reports errors"
      fi
    else
      grep -qF -- "$pattern" stderr && problem="the passing control reports it"
      [ "$status" = 0 ] || [ "$control_status" = any ] ||
        problem="$problem; the passing control fails with status $status"
    fi
    if [ -n "$problem" ]; then
      failures=$((failures + 1))
      echo "FAIL $rule ($mode): $problem"
      sed 's/^/    /' stderr
    fi
  done
done
# The shipped experiments and example data pass (warnings allowed), alone and with the debug
# override, run from the repository's folder as the README shows.
if [ $# -eq 0 ]; then
  cd "$repo" || exit 2
  for experiment in configs/experiments/*.yaml; do
    for extra in "" configs/overrides/debug.yaml; do
      cases=$((cases + 1))
      # shellcheck disable=SC2086
      if ! "$bin" check --preflight "$experiment" $extra >"$root/out" 2>"$root/err" ||
        grep -q "error:" "$root/err"; then
        failures=$((failures + 1))
        echo "FAIL shipped $experiment $extra"
        sed 's/^/    /' "$root/err"
      fi
    done
  done
fi

# An inline DeepSpeed mapping: a conflict points at the layer that wrote it.
if [ $# -eq 0 ]; then
  mkdir -p "$root/inline" && cd "$root/inline" || exit 2
  base
  over training: "  deepspeed: {zero_optimization: {stage: 2}, train_micro_batch_size_per_gpu: 4}"
  cases=$((cases + 1))
  "$bin" check --preflight base.yaml x.yaml >stdout 2>stderr
  if ! grep -q "^x.yaml:2:3: error: DeepSpeed 'train_micro_batch_size_per_gpu' is 4, but the Trainer expects 2 .*\[DS01\]" stderr; then
    failures=$((failures + 1))
    echo "FAIL inline DeepSpeed mapping"
    sed 's/^/    /' stderr
  fi
  # A base64-encoded config, as accelerate also accepts: read, not taken for a missing file.
  cases=$((cases + 1))
  encoded=$(printf '{"zero_optimization": {"stage": 2}, "train_micro_batch_size_per_gpu": 3}' |
    base64 -w0 | tr '+/' '-_')
  "$bin" check --preflight base.yaml --set "training.deepspeed=$encoded" >stdout 2>stderr
  if ! grep -q "'train_micro_batch_size_per_gpu' is 3.*\[DS01\]" stderr || grep -q "AC01" stderr; then
    failures=$((failures + 1))
    echo "FAIL base64 DeepSpeed config"
    sed 's/^/    /' stderr
  fi
  # --sample: the first record only, yet the broken third is not reported and the count holds.
  cases=$((cases + 1))
  records 2 >data.jsonl
  echo '{"query": "q", "pos": "p", "neg": ["n"]}' >>data.jsonl
  : >x.yaml
  if ! "$bin" check --preflight --sample 1 --format json base.yaml x.yaml >stdout 2>stderr ||
    ! grep -q '"records": 3' stdout; then
    failures=$((failures + 1))
    echo "FAIL --sample"
    sed 's/^/    /' stdout stderr
  fi
fi

# FD20 for a folder's small files: merged, then dropped under drop_threshold.
if [ $# -eq 0 ]; then
  for drop in 10 2; do
    mkdir -p "$root/small-$drop" && cd "$root/small-$drop" || exit 2
    base
    mkdir sets
    records 1 >sets/a.jsonl
    records 1 >sets/b.jsonl
    records 4 >sets/c.jsonl
    same_dataset "  train_data: [sets]" "  small_threshold: 3" "  drop_threshold: $drop"
    cases=$((cases + 1))
    "$bin" check --preflight base.yaml x.yaml >stdout 2>stderr
    found=0
    grep -q "the 2 files of 'sets' under 'data.small_threshold' (3) hold 2 records together.*\[FD20\]" stderr && found=1
    if [ "$found" != "$([ "$drop" = 10 ] && echo 1 || echo 0)" ]; then
      failures=$((failures + 1))
      echo "FAIL small files with drop_threshold $drop"
      sed 's/^/    /' stderr
    fi
  done
fi

# Hostile files: each is refused with a located error, never a hang or a crash.
hostile() {  # NAME: prepares the folder; the run must end (10 s) with status 1 and an error
  local name=$1
  shift
  dir="$root/hostile-$name"
  mkdir -p "$dir"
  cd "$dir" || exit 2
  base
  "$@"
  cases=$((cases + 1))
  timeout 10 "$bin" check --preflight base.yaml x.yaml >stdout 2>stderr
  status=$?
  if [ "$status" != 1 ] || ! grep -q "error:" stderr; then
    failures=$((failures + 1))
    echo "FAIL hostile $name: status $status"
    sed 's/^/    /' stderr
  fi
}
if [ $# -eq 0 ]; then
  hostile data_fifo eval 'rm data.jsonl; mkfifo data.jsonl'
  hostile data_folder_named_jsonl eval 'rm data.jsonl; mkdir -p d/x.jsonl; over data: "  train_data: [d/x.jsonl]"'
  hostile data_symlink_loop eval 'rm data.jsonl; ln -s data.jsonl data.jsonl'
  hostile data_device eval 'over data: "  train_data: [/dev/zero]"'
  hostile data_binary eval 'head -c 100000 /dev/urandom >data.jsonl'
  hostile data_deep_nesting eval 'python3 -c "print(\"{\\\"query\\\": \" + \"[\" * 200000 + \"]\" * 200000 + \"}\")" >data.jsonl'
  hostile data_deep_array eval 'python3 -c "print(\"[\" * 300000)" >data.json; over data: "  train_data: [data.json]"'
  hostile data_nul_bytes eval 'printf "{\"query\": \"q\0\", \"pos\": [\"p\"], \"neg\": [\"n\"]}\n" >data.jsonl'
  hostile data_unterminated eval 'printf "{\"query\": \"q" >data.jsonl'
  hostile deepspeed_fifo eval 'mkfifo ds.json; over training: "  deepspeed: ds.json"'
  hostile deepspeed_device eval 'over training: "  deepspeed: /dev/zero"'
  hostile deepspeed_deep eval 'python3 -c "print(\"[\" * 100000 + \"]\" * 100000)" >ds.json; over training: "  deepspeed: ds.json"'
  hostile deepspeed_binary eval 'head -c 5000 /dev/urandom >ds.json; over training: "  deepspeed: ds.json"'
  hostile deepspeed_array eval 'echo "[1, 2]" >ds.json; over training: "  deepspeed: ds.json"'
  hostile model_config_binary eval 'mkdir model; head -c 5000 /dev/urandom >model/config.json; over model: "  model_name_or_path: ./model"'
fi

# Inputs that once ended the process (a review's findings): each run must end with the given
# status and no crash; `hides` also asserts that a text computed from a credential never shows.
survives() {  # NAME STATUS SETUP [extra check arguments...]
  name=$1 want=$2 setup=$3
  shift 3
  dir=$root/survives-$name
  mkdir -p "$dir" && cd "$dir" || exit 1
  base
  eval "$setup"
  cases=$((cases + 1))
  timeout 10 "$bin" check --preflight base.yaml x.yaml "$@" >stdout 2>stderr
  status=$?
  if [ "$status" != "$want" ] || grep -q "hf_SECRETVALUE" stdout stderr; then
    failures=$((failures + 1))
    echo "FAIL survives $name: status $status (want $want)"
    sed 's/^/    /' stderr
  fi
  cd "$repo" || exit 1
}
if [ $# -eq 0 ]; then
  # A signed overflow in the batch arithmetic was a division by zero (SIGFPE).
  survives batch_overflow 0 'over data: "  same_dataset_within_batch: true" training: "  per_device_train_batch_size: 4611686018427387904" launch: "  nproc_per_node: 4"'
  survives record_batch_overflow 0 'printf "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"batch_size\": 4611686018427387904}\n" >data.jsonl; over data: "  same_dataset_within_batch: true" launch: "  nproc_per_node: 4"'
  # A DeepSpeed "checkpoint" that is not a mapping.
  survives deepspeed_checkpoint_text 0 'echo "{\"zero_optimization\": {\"stage\": 2}, \"train_batch_size\": \"auto\", \"checkpoint\": \"x\"}" >ds.json; over training: "  deepspeed: ds.json" "  save_on_each_node: true"'
  # Invalid UTF-8 and a lone surrogate in what messages and JSON output quote.
  survives json_bad_utf8_stage 1 'printf "{\"zero_optimization\": {\"stage\": \"\\ud800\"}}" >ds.json; over training: "  deepspeed: ds.json"' --format json
  survives json_bad_utf8_type 0 'printf "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": [\"n\"], \"type\": \"symmetric\xff\"}\n" >data.jsonl' --format json
  # A path computed from a credential is shown as the dump shows it.
  HF_TOKEN=hf_SECRETVALUE survives secret_in_path 1 'over model: "  model_name_or_path: ./models/\${env:HF_TOKEN}"'
fi

echo "$cases preflight cases, $failures failed"
[ "$failures" = 0 ]
