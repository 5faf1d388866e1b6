#!/bin/bash
# A sweep: one run per learning rate; the first is imported.
for lr in 1e-5 2e-5 5e-5; do
  torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
      --model_name_or_path BAAI/bge-base-en-v1.5 --train_data ./data/train.jsonl \
      --output_dir ./out/lr$lr --learning_rate $lr
done
