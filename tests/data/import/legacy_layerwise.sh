#!/bin/bash
# FlagEmbedding 1.2's layerwise LLM reranker module.
torchrun --nproc_per_node 8 \
    -m FlagEmbedding.llm_reranker.finetune_for_layerwise.run \
    --output_dir ./minicpm_layerwise \
    --model_name_or_path openbmb/MiniCPM-2B-dpo-bf16 \
    --train_data ./toy_finetune_data.jsonl \
    --learning_rate 2e-4 \
    --num_train_epochs 1 \
    --per_device_train_batch_size 1 \
    --gradient_accumulation_steps 16 \
    --query_max_len 512 \
    --passage_max_len 512 \
    --train_group_size 16 \
    --bf16 \
    --use_lora True \
    --lora_rank 32 \
    --lora_alpha 64 \
    --start_layer 8 \
    --head_multi True \
    --head_type simple \
    --trust_remote_code True
