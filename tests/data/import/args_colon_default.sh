#!/bin/bash
# `: ${x:=default}` sets a default the caller can override.
: ${LR:=2e-5}
: ${EPOCHS:=3}
: "${OUTPUT:=./out/colon}"
torchrun --nproc_per_node 1 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-small-en-v1.5 --train_data ./data/train.jsonl \
    --output_dir "$OUTPUT" --learning_rate $LR --num_train_epochs $EPOCHS
