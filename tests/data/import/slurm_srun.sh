#!/bin/bash
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=4
# A Slurm job that starts torchrun through srun, in a conda environment.
# test-env: SLURM_GPUS_ON_NODE=4
set -x
module load cuda/12.1 || true
export OMP_NUM_THREADS=8
srun --kill-on-bad-exit=1 conda run --no-capture-output -n bge torchrun \
    --nproc_per_node ${SLURM_GPUS_ON_NODE:-4} --rdzv_backend c10d --rdzv_endpoint localhost:0 \
    -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path BAAI/bge-base-en-v1.5 \
    --train_data ./data/train.jsonl \
    --output_dir ./out/srun \
    --dataloader_num_workers $OMP_NUM_THREADS
