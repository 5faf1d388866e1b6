#!/bin/bash
torchrun --standalone --nnodes=1 --nproc-per-node=8 \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model-name-or-path BAAI/bge-base-en-v1.5 \
    --train-data ./data/train.jsonl \
    --output-dir=./out/dashes \
    --learning-rate=2e-5 --num-train-epochs=1 --no_normalize_embeddings
