#!/bin/bash
# Positional arguments with defaults: the defaults are taken.
MODEL=${1:-BAAI/bge-m3}
DATA=${2:-./data/m3}
OUT="${3:-./out/positional}"
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path "$MODEL" --train_data "$DATA" --output_dir "$OUT" \
    --learning_rate 1e-5 --unified_finetuning True "$@"
