#!/bin/bash
# accelerate counts processes over every machine; torchrun per node.
# test-env: MACHINE_RANK=1 MAIN_IP=10.1.2.3
accelerate launch --num_machines 2 --num_processes 16 --machine_rank $MACHINE_RANK \
    --main_process_ip $MAIN_IP --main_process_port 29500 \
    -m FlagEmbedding.finetune.reranker.encoder_only.base \
    --model_name_or_path BAAI/bge-reranker-v2-m3 \
    --train_data ./data/rerank.jsonl \
    --output_dir ./out/acc2
