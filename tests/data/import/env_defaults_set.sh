#!/bin/bash
# The same with the caller's environment set: the run (and `expcfg args`) read it.
# test-env: MODEL=BAAI/bge-base-zh-v1.5 LR=3e-5 SEED=7
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path "${MODEL:-BAAI/bge-large-zh-v1.5}" \
    --train_data ./data/zh.jsonl \
    --output_dir ./out/zh \
    --learning_rate "${LR:-1e-5}" \
    --seed $SEED
