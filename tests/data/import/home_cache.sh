#!/bin/bash
# Paths under the caller's home: $HOME and ~ are the environment's, not text.
export HF_HOME=~/.cache/huggingface
DATA=$HOME/datasets/retrieval
torchrun --nproc_per_node 1 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-small-en-v1.5 \
    --cache_dir ~/.cache/model \
    --train_data $DATA/msmarco.jsonl "$DATA/nq.jsonl" \
    --cache_path "${HOME}/.cache/data" \
    --output_dir $HOME/runs/bge-small \
    --learning_rate 3e-5 --num_train_epochs 1 --per_device_train_batch_size 32
