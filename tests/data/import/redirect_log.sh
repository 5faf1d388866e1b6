#!/bin/bash
# The output goes to a log file: not part of the configuration.
mkdir -p logs
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/logged \
    --learning_rate 2e-5 > logs/train.log 2>&1
