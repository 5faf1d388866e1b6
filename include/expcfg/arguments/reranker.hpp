#pragma once
/// FlagEmbedding's reranker argument classes (FlagEmbedding 1.4.0), with C++ inheritance
/// mirroring the Python dataclasses. Keys, help and choices: src/fields_reranker.cpp.

#include <cstdint>
#include <optional>
#include <string>

#include "expcfg/arguments/training.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

/// FlagEmbedding AbsRerankerModelArguments.
struct AbsRerankerModelArguments {
  std::string model_name_or_path;
  std::optional<std::string> config_name;
  std::optional<std::string> tokenizer_name;
  std::optional<std::string> cache_dir;
  bool trust_remote_code = false;
  std::string model_type = "encoder";
  bool use_fast_tokenizer = true;
  std::optional<std::string> token;
};

/// RerankerModelArguments of reranker.decoder_only.base: LoRA on an LLM.
struct DecoderOnlyRerankerModelArguments : AbsRerankerModelArguments {
  bool use_lora = true;
  std::int64_t lora_rank = 64;
  double lora_alpha = 16.0;
  double lora_dropout = 0.1;
  StringList target_modules = {"v_proj",    "q_proj", "k_proj", "gate_proj",
                               "down_proj", "o_proj", "up_proj"};
  std::optional<StringList> modules_to_save;
  bool use_flash_attn = false;
  std::optional<std::string> from_peft;
  std::optional<StringList> raw_peft;
  bool save_merged_lora_model = false;
};

/// RerankerModelArguments of reranker.decoder_only.layerwise. FlagEmbedding repeats the
/// decoder-only fields here (declared once in C++, inherited) and redeclares model_type with
/// another default.
struct LayerwiseRerankerModelArguments : DecoderOnlyRerankerModelArguments {
  LayerwiseRerankerModelArguments() { model_type = "from_raw_model"; }

  std::int64_t start_layer = 8;
  bool head_multi = false;
  std::string head_type = "simple";
};

/// FlagEmbedding AbsRerankerDataArguments.
struct AbsRerankerDataArguments {
  std::optional<StringList> train_data;
  std::optional<std::string> cache_path;
  std::int64_t train_group_size = 8;
  std::int64_t query_max_len = 32;
  std::int64_t passage_max_len = 128;
  std::int64_t max_len = 512;
  std::optional<std::int64_t> pad_to_multiple_of;
  std::int64_t max_example_num_per_dataset = 100000000;
  std::optional<std::string> query_instruction_for_rerank;
  std::string query_instruction_format = "{}{}";
  bool knowledge_distillation = false;
  std::optional<std::string> passage_instruction_for_rerank;
  std::optional<std::string> passage_instruction_format = "{}{}";
  double shuffle_ratio = 0.0;
  std::string sep_token = "\n";
};

/// FlagEmbedding AbsRerankerTrainingArguments.
struct AbsRerankerTrainingArguments : TrainingArguments {
  std::optional<std::int64_t> sub_batch_size;
};

}  // namespace expcfg
