#!/bin/bash
# eval of a string holding quotes: the instruction is one word.
INSTRUCTION="Given a web search query, retrieve relevant passages that answer the query."
cmd="torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.decoder_only.icl \
  --model_name_or_path BAAI/bge-en-icl \
  --train_data ./data/icl.jsonl \
  --output_dir ./out/icl \
  --query_instruction_for_retrieval '$INSTRUCTION' \
  --query_instruction_format '<instruct>{}\n<query>{}' \
  --example_query_max_len 256 --retrieval_use_examples True \
  --use_lora True --bf16"
eval "$cmd"
