#!/bin/bash
#SBATCH --job-name=bge
#SBATCH --nodes=2
#SBATCH --gres=gpu:8
# test-env: SLURM_NNODES=2 SLURM_NODEID=0 SLURM_JOB_NODELIST=node[1-2] SLURM_JOB_ID=4242
MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
torchrun --nnodes $SLURM_NNODES --node_rank $SLURM_NODEID --nproc_per_node 8 \
    --master_addr $MASTER_ADDR --master_port 29500 \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-large-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/slurm-$SLURM_JOB_ID
