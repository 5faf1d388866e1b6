#!/bin/bash
# A random port, twice: $((RANDOM ...)) and $(shuf ...).
PORT=$(shuf -i 20000-30000 -n 1)
torchrun --nproc_per_node 2 --master_port $((RANDOM % 1000 + 29500)) \
    -m FlagEmbedding.finetune.reranker.encoder_only.base \
    --model_name_or_path BAAI/bge-reranker-large \
    --train_data ./data/rerank.jsonl \
    --output_dir ./out/rerank-$PORT \
    --learning_rate 1e-5 --num_train_epochs 2
