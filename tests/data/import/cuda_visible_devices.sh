#!/bin/bash
export WANDB_PROJECT=bge-finetune
export TOKENIZERS_PARALLELISM=false
CUDA_VISIBLE_DEVICES=0,1,2,3 torchrun --nproc_per_node 4 \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/cvd \
    --report_to wandb --run_name bge-cvd
