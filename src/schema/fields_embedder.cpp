// Field tables of FlagEmbedding's embedder argument classes: one row adder per Python class,
// and each struct's table made of its bases' rows and its own, in Python's field order.

#include "schema/field_tables.hpp"
#include "schema/fields_training.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kSentencePoolingMethodChoices[] = {"cls", "mean", "last_token"};
constexpr std::string_view kKdLossTypeChoices[] = {"kl_div", "m3_kd_loss"};

template <class S>
void add_abs_embedder_model(FieldTable<S>& table) {
  table.add("model_name_or_path", &S::model_name_or_path,
            "The model checkpoint for initialization.", {}, Required::Yes);
  table.add("config_name", &S::config_name,
            "Pretrained config name or path if not the same as model_name.");
  table.add("tokenizer_name", &S::tokenizer_name,
            "Pretrained tokenizer name or path if not the same as model_name.");
  table.add("cache_dir", &S::cache_dir,
            "Where do you want to store the pre-trained models downloaded from s3.");
  table.add("trust_remote_code", &S::trust_remote_code, "Trust remote code");
  table.add("use_fast_tokenizer", &S::use_fast_tokenizer, "Whether to use fast tokenizer or not.");
  table.add("token", &S::token, "The token to use when accessing the model.");
}

template <class S>
void add_m3_model(FieldTable<S>& table) {
  table.add("colbert_dim", &S::colbert_dim, "Dim of colbert linear");
}

template <class S>
void add_decoder_only_model(FieldTable<S>& table) {
  table.add("peft_model_path", &S::peft_model_path,
            "The peft model checkpoint for initialization.");
  table.add("use_lora", &S::use_lora,
            "If passed, will use LORA (low-rank parameter-efficient training) to train the model.");
  table.add("lora_rank", &S::lora_rank, "The rank of lora.");
  table.add("lora_alpha", &S::lora_alpha, "The alpha parameter of lora.");
  table.add("lora_dropout", &S::lora_dropout, "The dropout rate of lora modules.");
  table.add("target_modules", &S::target_modules, "The target modules to apply LORA.");
  table.add("use_flash_attn", &S::use_flash_attn,
            "If passed, will use flash attention to train the model.");
  table.add("use_slow_tokenizer", &S::use_slow_tokenizer,
            "If passed, will use a slow tokenizer (not backed by the 🤗 Tokenizers library).");
  table.add("from_peft", &S::from_peft, "");
  table.add("modules_to_save", &S::modules_to_save, "");
  table.add("raw_peft", &S::raw_peft, "");
  table.add("additional_special_tokens", &S::additional_special_tokens,
            "additional special tokens");
  table.add("save_merged_lora_model", &S::save_merged_lora_model,
            "If passed, will merge the lora modules and save the entire model.");
  table.add("only_merge_lora_model", &S::only_merge_lora_model,
            "If passed, will only merge the lora modules and save the entire model.");
}

template <class S>
void add_abs_embedder_data(FieldTable<S>& table) {
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
  table.add("pad_to_multiple_of", &S::pad_to_multiple_of,
            "If set will pad the sequence to be a multiple of the provided value.");
  table.add("max_example_num_per_dataset", &S::max_example_num_per_dataset,
            "the max number of examples for each dataset");
  table.add("query_instruction_for_retrieval", &S::query_instruction_for_retrieval,
            "instruction for query");
  table.add("query_instruction_format", &S::query_instruction_format,
            "format for query instruction");
  table.add("knowledge_distillation", &S::knowledge_distillation,
            "Use knowledge distillation when `pos_scores: List[float]` and `neg_scores: "
            "List[float]` are in features of training data");
  table.add("passage_instruction_for_retrieval", &S::passage_instruction_for_retrieval,
            "instruction for passage");
  table.add("passage_instruction_format", &S::passage_instruction_format,
            "format for passage instruction");
  table.add("shuffle_ratio", &S::shuffle_ratio, "The ratio of shuffling the text");
  table.add("same_dataset_within_batch", &S::same_dataset_within_batch,
            "All samples in the same batch comes from the same dataset.");
  table.add("small_threshold", &S::small_threshold,
            "The threshold of small dataset. All small dataset in the same directory will be "
            "merged into one dataset.");
  table.add("drop_threshold", &S::drop_threshold,
            "The threshold for dropping merged small dataset. If the number of examples in the "
            "merged small dataset is less than this threshold, it will be dropped.");
}

template <class S>
void add_icl_data(FieldTable<S>& table) {
  table.add("example_query_max_len", &S::example_query_max_len, "The max length of example query.");
  table.add("example_passage_max_len", &S::example_passage_max_len,
            "The max length of example passage.");
  table.add("retrieval_use_examples", &S::retrieval_use_examples,
            "If passed, will use examples for retrieval.");
  table.add("icl_suffix_str", &S::icl_suffix_str, "The suffix string for ICL dataset.");
}

template <class S>
void add_abs_embedder_training(FieldTable<S>& table) {
  table.add("negatives_cross_device", &S::negatives_cross_device, "share negatives across devices");
  table.add("temperature", &S::temperature, "temperature used for similarity score");
  table.add("fix_position_embedding", &S::fix_position_embedding,
            "Freeze the parameters of position embeddings");
  table.add("sentence_pooling_method", &S::sentence_pooling_method,
            "the pooling method. Available options: cls, mean, last_token. Default: cls",
            kSentencePoolingMethodChoices);
  table.add("normalize_embeddings", &S::normalize_embeddings,
            "whether to normalize the embeddings");
  table.add("sub_batch_size", &S::sub_batch_size, "sub batch size for training");
  table.add("kd_loss_type", &S::kd_loss_type,
            "the loss type for knowledge distillation. Available options: kl_div, m3_kd_loss. "
            "Default: kl_div.",
            kKdLossTypeChoices);
  table.add("use_mrl", &S::use_mrl, "whether to use MRL for training");
  table.add("mrl_dims", &S::mrl_dims, "the dimensions of MRL layers");
}

template <class S>
void add_m3_training(FieldTable<S>& table) {
  table.add("unified_finetuning", &S::unified_finetuning, "use unify fine-tuning");
  table.add("use_self_distill", &S::use_self_distill,
            "use self-distill when using unify fine-tuning");
  table.add("fix_encoder", &S::fix_encoder, "Freeze the parameters of encoder");
  table.add("self_distill_start_step", &S::self_distill_start_step,
            "Num of step when using self-distill");
}

}  // namespace

template <>
const FieldTable<AbsEmbedderModelArguments>& field_table() {
  return built_table<AbsEmbedderModelArguments, Section::Model,
                     add_abs_embedder_model<AbsEmbedderModelArguments>>();
}

template <>
const FieldTable<EncoderOnlyEmbedderM3ModelArguments>& field_table() {
  return built_table<EncoderOnlyEmbedderM3ModelArguments, Section::Model,
                     add_abs_embedder_model<EncoderOnlyEmbedderM3ModelArguments>,
                     add_m3_model<EncoderOnlyEmbedderM3ModelArguments>>();
}

template <>
const FieldTable<DecoderOnlyEmbedderModelArguments>& field_table() {
  return built_table<DecoderOnlyEmbedderModelArguments, Section::Model,
                     add_abs_embedder_model<DecoderOnlyEmbedderModelArguments>,
                     add_decoder_only_model<DecoderOnlyEmbedderModelArguments>>();
}

template <>
const FieldTable<DecoderOnlyEmbedderICLModelArguments>& field_table() {
  return built_table<DecoderOnlyEmbedderICLModelArguments, Section::Model,
                     add_abs_embedder_model<DecoderOnlyEmbedderICLModelArguments>,
                     add_decoder_only_model<DecoderOnlyEmbedderICLModelArguments>>();
}

template <>
const FieldTable<AbsEmbedderDataArguments>& field_table() {
  return built_table<AbsEmbedderDataArguments, Section::Data,
                     add_abs_embedder_data<AbsEmbedderDataArguments>>();
}

template <>
const FieldTable<DecoderOnlyEmbedderICLDataArguments>& field_table() {
  return built_table<DecoderOnlyEmbedderICLDataArguments, Section::Data,
                     add_abs_embedder_data<DecoderOnlyEmbedderICLDataArguments>,
                     add_icl_data<DecoderOnlyEmbedderICLDataArguments>>();
}

template <>
const FieldTable<AbsEmbedderTrainingArguments>& field_table() {
  return built_table<AbsEmbedderTrainingArguments, Section::Training,
                     add_training_arguments<AbsEmbedderTrainingArguments>,
                     add_abs_embedder_training<AbsEmbedderTrainingArguments>>();
}

template <>
const FieldTable<EncoderOnlyEmbedderM3TrainingArguments>& field_table() {
  return built_table<EncoderOnlyEmbedderM3TrainingArguments, Section::Training,
                     add_training_arguments<EncoderOnlyEmbedderM3TrainingArguments>,
                     add_abs_embedder_training<EncoderOnlyEmbedderM3TrainingArguments>,
                     add_m3_training<EncoderOnlyEmbedderM3TrainingArguments>>();
}

}  // namespace expcfg
