// Field tables of FlagEmbedding's reranker argument classes: one row adder per Python class,
// and each struct's table made of its bases' rows and its own, in Python's field order.

#include "schema/field_tables.hpp"
#include "schema/fields_training.hpp"

namespace expcfg {
namespace {

template <class S>
void add_abs_reranker_model(FieldTable<S>& table) {
  table.add("model_name_or_path", &S::model_name_or_path,
            "The model checkpoint for initialization.", {}, Required::Yes);
  table.add("config_name", &S::config_name,
            "Pretrained config name or path if not the same as model_name.");
  table.add("tokenizer_name", &S::tokenizer_name,
            "Pretrained tokenizer name or path if not the same as model_name.");
  table.add("cache_dir", &S::cache_dir,
            "Where do you want to store the pre-trained models downloaded from s3.");
  table.add("trust_remote_code", &S::trust_remote_code, "Trust remote code");
  table.add("model_type", &S::model_type, "Type of finetune, ['encoder', 'decoder']");
  table.add("use_fast_tokenizer", &S::use_fast_tokenizer, "Whether to use fast tokenizer or not.");
  table.add("token", &S::token, "The token to use when accessing the model.");
}

template <class S>
void add_decoder_only_model(FieldTable<S>& table) {
  table.add("use_lora", &S::use_lora,
            "If passed, will use LORA (low-rank parameter-efficient training) to train the model.");
  table.add("lora_rank", &S::lora_rank, "The rank of lora.");
  table.add("lora_alpha", &S::lora_alpha, "The alpha parameter of lora.");
  table.add("lora_dropout", &S::lora_dropout, "The dropout rate of lora modules.");
  table.add("target_modules", &S::target_modules, "The target modules to apply LORA.");
  table.add("modules_to_save", &S::modules_to_save,
            "List of modules that should be saved in the final checkpoint.");
  table.add("use_flash_attn", &S::use_flash_attn,
            "If passed, will use flash attention to train the model.");
  table.add("from_peft", &S::from_peft, "");
  table.add("raw_peft", &S::raw_peft, "");
  table.add("save_merged_lora_model", &S::save_merged_lora_model,
            "If passed, will merge the lora modules and save the entire model.");
}

/// The layerwise class redeclares model_type (its default, "from_raw_model", is set by the
/// struct's constructor; Python keeps the field where the base declared it) and adds the
/// layer-selection fields.
template <class S>
void add_layerwise_model(FieldTable<S>& table) {
  table.redeclare("model_type", "");
  table.add("start_layer", &S::start_layer, "which layer to start to compute score");
  table.add("head_multi", &S::head_multi, "use one / multi classifier");
  table.add("head_type", &S::head_type, "the type of the classifier");
}

template <class S>
void add_abs_reranker_data(FieldTable<S>& table) {
  table.add("train_data", &S::train_data,
            "One or more paths to training data. `query: str`, `pos: List[str]`, `neg: List[str]` "
            "are required in the training data.",
            {}, Required::Yes);
  table.add("cache_path", &S::cache_path, "Where do you want to store the cached data");
  table.add("train_group_size", &S::train_group_size, "");
  table.add("query_max_len", &S::query_max_len,
            "The maximum total input sequence length after tokenization for passage. Sequences "
            "longer than this will be truncated.");
  table.add("passage_max_len", &S::passage_max_len,
            "The maximum total input sequence length after tokenization for passage. Sequences "
            "longer than this will be truncated.");
  table.add("max_len", &S::max_len,
            "The maximum total input sequence length after tokenization. Sequences longer than "
            "this will be truncated.");
  table.add("pad_to_multiple_of", &S::pad_to_multiple_of,
            "If set will pad the sequence to be a multiple of the provided value.");
  table.add("max_example_num_per_dataset", &S::max_example_num_per_dataset,
            "the max number of examples for each dataset");
  table.add("query_instruction_for_rerank", &S::query_instruction_for_rerank,
            "instruction for query");
  table.add("query_instruction_format", &S::query_instruction_format,
            "format for query instruction");
  table.add("knowledge_distillation", &S::knowledge_distillation,
            "Use knowledge distillation when `pos_scores: List[float]` and `neg_scores: "
            "List[float]` are in features of training data");
  table.add("passage_instruction_for_rerank", &S::passage_instruction_for_rerank,
            "instruction for passage");
  table.add("passage_instruction_format", &S::passage_instruction_format,
            "format for passage instruction");
  table.add("shuffle_ratio", &S::shuffle_ratio, "The ratio of shuffling the text");
  table.add("sep_token", &S::sep_token,
            "The sep token for LLM reranker to discriminate between query and passage");
}

template <class S>
void add_abs_reranker_training(FieldTable<S>& table) {
  table.add("sub_batch_size", &S::sub_batch_size,
            "sub batch size for training, not implemented yet");
}

}  // namespace

template <>
const FieldTable<AbsRerankerModelArguments>& field_table() {
  return built_table<AbsRerankerModelArguments, Section::Model,
                     add_abs_reranker_model<AbsRerankerModelArguments>>();
}

template <>
const FieldTable<DecoderOnlyRerankerModelArguments>& field_table() {
  return built_table<DecoderOnlyRerankerModelArguments, Section::Model,
                     add_abs_reranker_model<DecoderOnlyRerankerModelArguments>,
                     add_decoder_only_model<DecoderOnlyRerankerModelArguments>>();
}

template <>
const FieldTable<LayerwiseRerankerModelArguments>& field_table() {
  return built_table<LayerwiseRerankerModelArguments, Section::Model,
                     add_abs_reranker_model<LayerwiseRerankerModelArguments>,
                     add_decoder_only_model<LayerwiseRerankerModelArguments>,
                     add_layerwise_model<LayerwiseRerankerModelArguments>>();
}

template <>
const FieldTable<AbsRerankerDataArguments>& field_table() {
  return built_table<AbsRerankerDataArguments, Section::Data,
                     add_abs_reranker_data<AbsRerankerDataArguments>>();
}

template <>
const FieldTable<AbsRerankerTrainingArguments>& field_table() {
  return built_table<AbsRerankerTrainingArguments, Section::Training,
                     add_training_arguments<AbsRerankerTrainingArguments>,
                     add_abs_reranker_training<AbsRerankerTrainingArguments>>();
}

}  // namespace expcfg
