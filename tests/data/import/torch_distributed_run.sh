#!/bin/bash
# python -m torch.distributed.run with dashed option spellings.
python3 -m torch.distributed.run --nproc-per-node=2 --master-port=29511 \
    -m FlagEmbedding.finetune.embedder.decoder_only.base \
    --model_name_or_path BAAI/bge-multilingual-gemma2 \
    --use_lora True --lora_rank 32 --lora_alpha 64 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/gemma --bf16 --learning_rate 1e-4
