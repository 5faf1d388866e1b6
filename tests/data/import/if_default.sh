#!/bin/bash
# Defaults set when the caller left a variable empty, and a branch on the script's own value.
# test-env: MASTER_PORT=29555
if [ -z "$MASTER_PORT" ]; then
  MASTER_PORT=29500
fi
if [[ -z "${OUTPUT_DIR}" ]]; then
    OUTPUT_DIR=./out/if-default
fi
USE_LORA=no
if [ "$USE_LORA" = "yes" ]; then
  EXTRA="--use_lora True"
else
  EXTRA="--use_flash_attn False"
fi
if [ ! -d "$OUTPUT_DIR" ]; then
  mkdir -p "$OUTPUT_DIR"
fi
torchrun --nproc_per_node 2 --master_port $MASTER_PORT \
    -m FlagEmbedding.finetune.embedder.decoder_only.base \
    --model_name_or_path BAAI/bge-multilingual-gemma2 \
    --train_data ./data/train.jsonl \
    --output_dir $OUTPUT_DIR $EXTRA --bf16
