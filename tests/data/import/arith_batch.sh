#!/bin/bash
# Arithmetic over the script's own numbers is exact, not guessed.
GPUS=4
GLOBAL_BATCH=128
PER_DEVICE=$((GLOBAL_BATCH / GPUS))
STEPS=$(( (1000 + 1) * 2 ))
torchrun --nproc_per_node $GPUS -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/b$PER_DEVICE \
    --per_device_train_batch_size $PER_DEVICE \
    --max_steps $STEPS \
    --save_steps $((STEPS / 4))
