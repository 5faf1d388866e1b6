#!/bin/sh
echo "python -m FlagEmbedding.finetune.embedder.encoder_only.base"
