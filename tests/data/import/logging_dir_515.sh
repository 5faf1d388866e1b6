#!/bin/bash
# logging_dir on transformers 5.15 (which removed it): TENSORBOARD_LOGGING_DIR in launch.env.
# import-options: --transformers 5.15.0
export WANDB_DISABLED=true
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.reranker.encoder_only.base \
    --model_name_or_path BAAI/bge-reranker-v2-m3 \
    --train_data ./data/rerank.jsonl \
    --output_dir ./out/reranker \
    --logging_dir ./out/reranker/runs \
    --report_to tensorboard \
    --learning_rate 6e-5 --fp16 --num_train_epochs 1 --per_device_train_batch_size 4
