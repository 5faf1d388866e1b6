#!/bin/bash
# Two nodes from a hostfile: the hostfile has no place in `launch`.
deepspeed --hostfile ./hostfile --num_nodes 2 --num_gpus 8 --master_addr 10.0.0.1 \
    --module FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-large-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/hostfile \
    --deepspeed ./ds_stage1.json --bf16
