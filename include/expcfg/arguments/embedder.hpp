#pragma once
/// FlagEmbedding's embedder argument classes (FlagEmbedding 1.4.0), with C++ inheritance
/// mirroring the Python dataclasses. Keys, help and choices: src/fields_embedder.cpp.

#include <cstdint>
#include <optional>
#include <string>

#include "expcfg/arguments/training.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

/// FlagEmbedding AbsEmbedderModelArguments.
struct AbsEmbedderModelArguments {
  std::string model_name_or_path;
  std::optional<std::string> config_name;
  std::optional<std::string> tokenizer_name;
  std::optional<std::string> cache_dir;
  bool trust_remote_code = false;
  bool use_fast_tokenizer = true;
  std::optional<std::string> token;
};

/// EncoderOnlyEmbedderM3ModelArguments (embedder.encoder_only.m3).
struct EncoderOnlyEmbedderM3ModelArguments : AbsEmbedderModelArguments {
  std::int64_t colbert_dim = -1;
};

/// DecoderOnlyEmbedderModelArguments (embedder.decoder_only.base): LoRA on an LLM.
struct DecoderOnlyEmbedderModelArguments : AbsEmbedderModelArguments {
  std::string peft_model_path = "";
  bool use_lora = true;
  std::int64_t lora_rank = 64;
  double lora_alpha = 16.0;
  double lora_dropout = 0.1;
  StringList target_modules = {"v_proj",    "q_proj", "k_proj", "gate_proj",
                               "down_proj", "o_proj", "up_proj"};
  bool use_flash_attn = false;
  bool use_slow_tokenizer = false;
  std::optional<std::string> from_peft;
  std::optional<StringList> modules_to_save;
  std::optional<std::string> raw_peft;
  std::optional<StringList> additional_special_tokens;
  bool save_merged_lora_model = false;
  bool only_merge_lora_model = false;
};

/// DecoderOnlyEmbedderICLModelArguments (embedder.decoder_only.icl). FlagEmbedding repeats the
/// decoder-only fields in this class word for word; here they are declared once and inherited.
struct DecoderOnlyEmbedderICLModelArguments : DecoderOnlyEmbedderModelArguments {};

/// FlagEmbedding AbsEmbedderDataArguments.
struct AbsEmbedderDataArguments {
  std::optional<StringList> train_data;
  std::optional<std::string> cache_path;
  std::int64_t train_group_size = 8;
  std::int64_t query_max_len = 32;
  std::int64_t passage_max_len = 128;
  std::optional<std::int64_t> pad_to_multiple_of;
  std::int64_t max_example_num_per_dataset = 100000000;
  std::optional<std::string> query_instruction_for_retrieval;
  std::string query_instruction_format = "{}{}";
  bool knowledge_distillation = false;
  std::optional<std::string> passage_instruction_for_retrieval;
  std::optional<std::string> passage_instruction_format = "{}{}";
  double shuffle_ratio = 0.0;
  bool same_dataset_within_batch = false;
  std::int64_t small_threshold = 0;
  std::int64_t drop_threshold = 0;
};

/// DecoderOnlyEmbedderICLDataArguments (embedder.decoder_only.icl): in-context examples.
struct DecoderOnlyEmbedderICLDataArguments : AbsEmbedderDataArguments {
  std::int64_t example_query_max_len = 64;
  std::int64_t example_passage_max_len = 96;
  bool retrieval_use_examples = true;
  std::string icl_suffix_str = "\nResponse:";
};

/// FlagEmbedding AbsEmbedderTrainingArguments.
struct AbsEmbedderTrainingArguments : TrainingArguments {
  bool negatives_cross_device = false;
  std::optional<double> temperature = 0.02;
  bool fix_position_embedding = false;
  std::string sentence_pooling_method = "cls";
  bool normalize_embeddings = true;
  std::optional<std::int64_t> sub_batch_size;
  std::string kd_loss_type = "kl_div";
  bool use_mrl = false;
  IntList mrl_dims;
};

/// EncoderOnlyEmbedderM3TrainingArguments (embedder.encoder_only.m3): unified fine-tuning.
struct EncoderOnlyEmbedderM3TrainingArguments : AbsEmbedderTrainingArguments {
  bool unified_finetuning = false;
  bool use_self_distill = false;
  bool fix_encoder = false;
  std::int64_t self_distill_start_step = -1;
};

}  // namespace expcfg
