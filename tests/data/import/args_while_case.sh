#!/bin/bash
# A script that parses its own arguments: read as run without arguments, its defaults hold.
MODEL=BAAI/bge-base-en-v1.5
LR=2e-5
OUTPUT=./out/default
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --lr) LR="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    *) echo "unknown argument $1"; exit 1 ;;
  esac
done
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path $MODEL --train_data ./data/train.jsonl \
    --output_dir $OUTPUT --learning_rate $LR --num_train_epochs 1
