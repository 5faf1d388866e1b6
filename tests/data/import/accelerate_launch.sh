#!/bin/bash
accelerate launch --multi_gpu --num_processes 4 --mixed_precision fp16 \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/accelerate --fp16
