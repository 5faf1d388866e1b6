#!/bin/bash
# The arguments in bash arrays.
MODEL_ARGS=(
  --model_name_or_path BAAI/bge-large-en-v1.5
  --cache_dir "./cache dir/model"
)
DATA_ARGS=(--train_data ./data/a.jsonl ./data/b.jsonl --query_max_len 128)
TRAIN_ARGS=(--output_dir ./out/array --learning_rate 1e-5)
TRAIN_ARGS+=(--fp16 --gradient_checkpointing)
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    "${MODEL_ARGS[@]}" "${DATA_ARGS[@]}" "${TRAIN_ARGS[@]}" \
    --query_instruction_for_retrieval "${INSTR[0]:-Represent this query: }"
