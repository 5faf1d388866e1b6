#!/bin/bash
# Values the caller may override: ${VAR:-default} stays a reference with its default.
MODEL=${MODEL:-BAAI/bge-large-en-v1.5}
LR=${LR:-1e-5}
EPOCHS="${EPOCHS:-3}"
OUT_ROOT=${OUT_ROOT:-./runs}
torchrun --nproc_per_node ${NPROC:-8} -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path "$MODEL" \
    --train_data ./data/train.jsonl \
    --output_dir "$OUT_ROOT/large-lr$LR" \
    --learning_rate $LR \
    --num_train_epochs $EPOCHS \
    --per_device_train_batch_size ${BATCH:-4} \
    --fp16
