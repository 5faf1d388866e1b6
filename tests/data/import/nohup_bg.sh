#!/bin/bash
# Started in the background with nohup.
nohup torchrun --nproc_per_node 8 -m FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./data/m3 \
    --output_dir ./out/nohup \
    --learning_rate 1e-5 --bf16 > nohup_train.log 2>&1 &
wait
