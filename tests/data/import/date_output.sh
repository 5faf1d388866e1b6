#!/bin/bash
# An output folder named by the date: a value to fill in.
DATE=`date +%Y%m%d`
OUTPUT_DIR=./checkpoints/bge-m3-${DATE}
mkdir -p $OUTPUT_DIR
torchrun --nproc_per_node 1 -m FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./data/m3 \
    --output_dir $OUTPUT_DIR \
    --run_name "m3-$DATE" \
    --colbert_dim 128 \
    --learning_rate 1e-5
