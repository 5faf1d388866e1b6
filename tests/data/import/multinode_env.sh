#!/bin/bash
# Multi-node: the cluster's variables stay references to the environment.
# test-env: NNODES=2 NODE_RANK=0 MASTER_ADDR=10.0.0.5 MASTER_PORT=29400
export NCCL_DEBUG=INFO
GPUS_PER_NODE=8
torchrun --nproc_per_node $GPUS_PER_NODE --nnodes $NNODES --node_rank $NODE_RANK \
    --master_addr $MASTER_ADDR --master_port $MASTER_PORT \
    -m FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./data/m3 \
    --output_dir ./out/multinode \
    --learning_rate 1e-5
