#!/bin/bash
# FlagEmbedding-example style: the command is built in a string and run with eval; the
# transformers 4 flags warmup_ratio, overwrite_output_dir and logging_dir (target 4.57.6).
export WANDB_MODE=disabled

train_data="\
    ./data/retrieval \
    ./data/sts/sts.jsonl "
num_gpus=2

model_args="--model_name_or_path BAAI/bge-base-en-v1.5 --cache_dir ./cache/model"
data_args="--train_data $train_data --train_group_size 8 --query_max_len 256 \
    --passage_max_len 256 --query_instruction_for_retrieval 'Represent this sentence for searching relevant passages: '"
training_args="--output_dir ./out/bge-base --overwrite_output_dir --learning_rate 2e-5 --fp16 \
    --num_train_epochs 2 --per_device_train_batch_size 16 --warmup_ratio 0.1 \
    --logging_dir ./out/bge-base/tb --logging_steps 10 --temperature 0.02"

cmd="torchrun --nproc_per_node $num_gpus \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    $model_args $data_args $training_args"
echo $cmd
eval $cmd
