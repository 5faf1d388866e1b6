#!/bin/bash
# FlagEmbedding 1.2's cross-encoder reranker module.
torchrun --nproc_per_node 2 \
    -m FlagEmbedding.reranker.run \
    --output_dir ./reranker_out \
    --model_name_or_path BAAI/bge-reranker-base \
    --train_data ./toy_finetune_data.jsonl \
    --learning_rate 6e-5 \
    --fp16 \
    --num_train_epochs 5 \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 4 \
    --dataloader_drop_last True \
    --train_group_size 16 \
    --max_len 512 \
    --weight_decay 0.01 \
    --logging_steps 10
