#!/bin/bash
# FlagEmbedding 1.2's BGE_M3 module: same_task_within_batch was renamed, enable_sub_batch
# has no counterpart.
torchrun --nproc_per_node 4 \
    -m FlagEmbedding.BGE_M3.run \
    --output_dir ./m3_out \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./train_data \
    --learning_rate 1e-5 \
    --fp16 \
    --num_train_epochs 1 \
    --per_device_train_batch_size 2 \
    --dataloader_drop_last True \
    --normlized True \
    --temperature 0.02 \
    --query_max_len 64 \
    --passage_max_len 256 \
    --train_group_size 2 \
    --negatives_cross_device \
    --logging_steps 10 \
    --same_task_within_batch True \
    --unified_finetuning True \
    --use_self_distill True \
    --enable_sub_batch False
