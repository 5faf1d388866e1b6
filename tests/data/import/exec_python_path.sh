#!/bin/bash
# A conda Python by its path, through exec, with plain `python -m`.
# test-env: CONDA_ENV=bge
cd "$(dirname "$0")"
exec ~/miniconda3/bin/python -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-small-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/plain-python \
    --per_device_train_batch_size 16 \
    --learning_rate 5e-5
