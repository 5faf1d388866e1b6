#!/bin/bash
# A token on the command line is written as <redacted>; one from the environment stays a
# reference.
# test-env: HF_TOKEN=hf_test_value
torchrun --nproc_per_node 1 -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/token \
    --token "$HF_TOKEN" \
    --push_to_hub --hub_model_id me/bge-tuned
