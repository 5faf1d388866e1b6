#!/bin/bash
# FlagEmbedding 1.2: the baai_general_embedding module and its flag spellings.
torchrun --nproc_per_node 8 \
    -m FlagEmbedding.baai_general_embedding.finetune.run \
    --output_dir ./bge_finetuned \
    --model_name_or_path BAAI/bge-large-zh-v1.5 \
    --train_data ./toy_finetune_data.jsonl \
    --learning_rate 1e-5 \
    --fp16 \
    --num_train_epochs 5 \
    --per_device_train_batch_size 8 \
    --dataloader_drop_last True \
    --normlized True \
    --temperature 0.02 \
    --query_max_len 64 \
    --passage_max_len 256 \
    --train_group_size 2 \
    --negatives_cross_device \
    --logging_steps 10 \
    --save_steps 1000 \
    --query_instruction_for_retrieval "为这个句子生成表示以用于检索相关文章："
