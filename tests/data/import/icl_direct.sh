#!/usr/bin/env bash
# A decoder-only ICL run: lists, inline JSON, `--flag=value` and escaped characters.
set -euo pipefail
OUT=./out/icl-direct
torchrun --nproc_per_node=2 -m FlagEmbedding.finetune.embedder.decoder_only.icl \
    --model_name_or_path BAAI/bge-en-icl \
    --use_lora True --lora_rank 32 --lora_alpha 64 \
    --target_modules q_proj k_proj v_proj o_proj \
    --additional_special_tokens '<instruct>' '<query>' '<response>' \
    --train_data ./data/a.jsonl ./data/b\ c.jsonl \
    --query_max_len=2048 --passage_max_len 512 \
    --icl_suffix_str $'\n<response>' \
    --output_dir "$OUT" \
    --deepspeed '{"zero_optimization": {"stage": 1}}' \
    --learning_rate=1e-4 --bf16 \
    --sentence_pooling_method last_token
