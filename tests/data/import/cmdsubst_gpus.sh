#!/bin/bash
# The GPU count from the node: only a run knows it.
NUM_GPUS=$(nvidia-smi --list-gpus | wc -l)
torchrun --nproc_per_node $NUM_GPUS -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/base \
    --per_device_train_batch_size 8 \
    --learning_rate 2e-5
