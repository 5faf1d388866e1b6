#!/bin/bash
# The same transformers 4 flags, imported for transformers 5.0.0: warmup_ratio becomes
# warmup_steps, overwrite_output_dir (removed in 5.0) is left out.
# import-options: --transformers 5.0.0
torchrun --nproc_per_node 4 -m FlagEmbedding.finetune.embedder.encoder_only.m3 \
    --model_name_or_path BAAI/bge-m3 \
    --train_data ./data/m3 \
    --output_dir ./out/m3 \
    --overwrite_output_dir \
    --learning_rate 1e-5 \
    --warmup_ratio 0.05 \
    --bf16 \
    --unified_finetuning True \
    --use_self_distill True \
    --save_steps 500
