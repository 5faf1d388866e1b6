#!/usr/bin/env bash
# A direct torchrun call in the style of FlagEmbedding's decoder_only/icl.sh, with the spellings
# argparse also takes: --flag=value, dashes, --no_ flags, inline JSON (written for expcfg's tests).
set -e
HF_HOME=./hf   # plain assignment: not exported, not in launch.env
OUT=./test_decoder_only_icl

CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node=2 --master_port 29501 \
    -m FlagEmbedding.finetune.embedder.decoder_only.icl \
    --model_name_or_path BAAI/bge-en-icl \
    --use_lora True --lora_rank 32 --lora_alpha 64 \
    --target_modules q_proj k_proj v_proj o_proj gate_proj down_proj up_proj \
    --additional_special_tokens '<instruct>' '<query>' '<response>' \
    --save_merged_lora_model True \
    --train_data ./example_data/retrieval ./example_data/sts/sts.jsonl \
    --query-max-len 2048 --passage_max_len=512 \
    --example_query_max_len 256 --example_passage_max_len 256 \
    --retrieval_use_examples True \
    --icl_suffix_str '\n<response>' \
    --query_instruction_for_retrieval "Given a query, retrieve passages that are relevant to the query." \
    --query_instruction_format '<instruct>{}\n<query>{}' \
    --knowledge_distillation True \
    --output_dir "$OUT" \
    --learning_rate=1e-4 --bf16 --num_train_epochs 1 \
    --deepspeed '{"zero_optimization": {"stage": 1}}' \
    --no_normalize_embeddings \
    --sentence_pooling_method last_token --kd_loss_type m3_kd_loss # trailing comment
