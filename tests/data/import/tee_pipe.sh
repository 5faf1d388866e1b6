#!/bin/bash
set -o pipefail
mkdir -p logs
torchrun --nproc_per_node 4 -m FlagEmbedding.finetune.reranker.encoder_only.base \
    --model_name_or_path BAAI/bge-reranker-v2-m3 \
    --train_data ./data/rerank.jsonl \
    --output_dir ./out/tee \
    --learning_rate 6e-5 --fp16 2>&1 | tee logs/rerank.log
