#!/bin/bash
# Flags no runner has are reported once each, with their line.
torchrun --nproc_per_node 1 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/unknown \
    --use_inbatch_neg True \
    --normlized True \
    --learning_rate 2e-5
