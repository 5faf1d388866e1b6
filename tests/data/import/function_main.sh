#!/bin/bash
# The launch inside a function called with arguments.
train() {
  local model=$1
  local out=$2
  torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
      --model_name_or_path "$model" --train_data ./data/train.jsonl \
      --output_dir "$out" --learning_rate 2e-5
}
main() {
  train BAAI/bge-small-en-v1.5 ./out/function
}
main "$@"
