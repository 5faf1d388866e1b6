// Field tables of FlagEmbedding's embedder argument classes.

#include "fields_embedder.hpp"

#include "fields_training.hpp"

namespace expcfg::fields {
namespace {

inline constexpr std::string_view kSentencePoolingMethodChoices[] = {"cls", "mean", "last_token"};
inline constexpr std::string_view kKdLossTypeChoices[] = {"kl_div", "m3_kd_loss"};

}  // namespace

static FieldTable<AbsEmbedderModelArguments> make_abs_embedder_model() {
  using S = AbsEmbedderModelArguments;
  FieldTable<S> table(Section::Model);
  table.add("model_name_or_path", &S::model_name_or_path, "The model checkpoint for initialization.", {}, Required::Yes);
  table.add("config_name", &S::config_name, "Pretrained config name or path if not the same as model_name.");
  table.add("tokenizer_name", &S::tokenizer_name, "Pretrained tokenizer name or path if not the same as model_name.");
  table.add("cache_dir", &S::cache_dir, "Where do you want to store the pre-trained models downloaded from s3.");
  table.add("trust_remote_code", &S::trust_remote_code, "Trust remote code");
  table.add("use_fast_tokenizer", &S::use_fast_tokenizer, "Whether to use fast tokenizer or not.");
  table.add("token", &S::token, "The token to use when accessing the model.");
  return table;
}

const FieldTable<AbsEmbedderModelArguments>& abs_embedder_model() {
  static const FieldTable<AbsEmbedderModelArguments> table = make_abs_embedder_model();
  return table;
}

static FieldTable<AbsEmbedderDataArguments> make_abs_embedder_data() {
  using S = AbsEmbedderDataArguments;
  FieldTable<S> table(Section::Data);
  table.add("train_data", &S::train_data, "One or more paths to training data. `query: str`, `pos: List[str]`, `neg: List[str]` are required in the training data.", {}, Required::Yes);
  table.add("cache_path", &S::cache_path, "Where do you want to store the cached data");
  table.add("train_group_size", &S::train_group_size, "");
  table.add("query_max_len", &S::query_max_len, "The maximum total input sequence length after tokenization for passage. Sequences longer than this will be truncated.");
  table.add("passage_max_len", &S::passage_max_len, "The maximum total input sequence length after tokenization for passage. Sequences longer than this will be truncated.");
  table.add("pad_to_multiple_of", &S::pad_to_multiple_of, "If set will pad the sequence to be a multiple of the provided value.");
  table.add("max_example_num_per_dataset", &S::max_example_num_per_dataset, "the max number of examples for each dataset");
  table.add("query_instruction_for_retrieval", &S::query_instruction_for_retrieval, "instruction for query");
  table.add("query_instruction_format", &S::query_instruction_format, "format for query instruction");
  table.add("knowledge_distillation", &S::knowledge_distillation, "Use knowledge distillation when `pos_scores: List[float]` and `neg_scores: List[float]` are in features of training data");
  table.add("passage_instruction_for_retrieval", &S::passage_instruction_for_retrieval, "instruction for passage");
  table.add("passage_instruction_format", &S::passage_instruction_format, "format for passage instruction");
  table.add("shuffle_ratio", &S::shuffle_ratio, "The ratio of shuffling the text");
  table.add("same_dataset_within_batch", &S::same_dataset_within_batch, "All samples in the same batch comes from the same dataset.");
  table.add("small_threshold", &S::small_threshold, "The threshold of small dataset. All small dataset in the same directory will be merged into one dataset.");
  table.add("drop_threshold", &S::drop_threshold, "The threshold for dropping merged small dataset. If the number of examples in the merged small dataset is less than this threshold, it will be dropped.");
  return table;
}

const FieldTable<AbsEmbedderDataArguments>& abs_embedder_data() {
  static const FieldTable<AbsEmbedderDataArguments> table = make_abs_embedder_data();
  return table;
}

static FieldTable<AbsEmbedderTrainingArguments> make_abs_embedder_training() {
  using S = AbsEmbedderTrainingArguments;
  FieldTable<S> table(Section::Training);
  add_training_arguments(table);
  table.add("negatives_cross_device", &S::negatives_cross_device, "share negatives across devices");
  table.add("temperature", &S::temperature, "temperature used for similarity score");
  table.add("fix_position_embedding", &S::fix_position_embedding, "Freeze the parameters of position embeddings");
  table.add("sentence_pooling_method", &S::sentence_pooling_method, "the pooling method. Available options: cls, mean, last_token. Default: cls", kSentencePoolingMethodChoices);
  table.add("normalize_embeddings", &S::normalize_embeddings, "whether to normalize the embeddings");
  table.add("sub_batch_size", &S::sub_batch_size, "sub batch size for training");
  table.add("kd_loss_type", &S::kd_loss_type, "the loss type for knowledge distillation. Available options: kl_div, m3_kd_loss. Default: kl_div.", kKdLossTypeChoices);
  table.add("use_mrl", &S::use_mrl, "whether to use MRL for training");
  table.add("mrl_dims", &S::mrl_dims, "the dimensions of MRL layers");
  return table;
}

const FieldTable<AbsEmbedderTrainingArguments>& abs_embedder_training() {
  static const FieldTable<AbsEmbedderTrainingArguments> table = make_abs_embedder_training();
  return table;
}

}  // namespace expcfg::fields
