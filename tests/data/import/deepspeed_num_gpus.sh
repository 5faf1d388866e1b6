#!/bin/bash
deepspeed --num_gpus 4 --master_port 29600 \
    --module FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./data/m3 \
    --output_dir ./out/ds \
    --deepspeed ./ds_stage2.json \
    --learning_rate 1e-5 --fp16 --gradient_checkpointing
