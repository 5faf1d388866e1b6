// Rules on the configuration alone that plain `check` does not apply: TrainingArguments'
// cross-field checks, the Trainer's, and what FlagEmbedding's runners do with fields
// (TA, FR and FD22-FD26 rows of docs/preflight.md).

#include <cmath>

#include "preflight/context.hpp"
#include "preflight/disk.hpp"
#include "preflight/json_reader.hpp"

namespace expcfg::preflight_checks {
namespace {

constexpr std::string_view kM3 = "embedder.encoder_only.m3";
constexpr std::string_view kIcl = "embedder.decoder_only.icl";

bool whole(double value) { return value == std::floor(value); }

void check_precision_and_steps(Context& c) {
  if (c.flag("training.fp16_full_eval") && c.flag("training.bf16_full_eval")) {
    c.error("TA02", c.origin("training.bf16_full_eval"),
            "'training.fp16_full_eval' and 'training.bf16_full_eval' are both true")
        .notes.push_back(c.where("training.fp16_full_eval"));
  }
  const std::string* eval = c.text("training.eval_strategy");
  const std::string* save = c.text("training.save_strategy");
  const std::string* logging = c.text("training.logging_strategy");
  const double logging_steps = c.number("training.logging_steps").value_or(500);
  const std::optional<double> eval_steps_set = c.number("training.eval_steps");
  const double eval_steps =
      eval_steps_set && *eval_steps_set != 0 ? *eval_steps_set : logging_steps;
  const double save_steps = c.number("training.save_steps").value_or(500);

  if (eval && *eval != "no") {
    auto& e = c.error("TA19", c.origin("training.eval_strategy"),
                      "'training.eval_strategy' is '{}', but FlagEmbedding passes no evaluation "
                      "data set: the Trainer refuses to start",
                      *eval);
    note(e, "set it to 'no'; do_eval, do_predict and the eval_* fields have no effect here");
  }
  if (eval && *eval == "steps" && (!eval_steps_set || *eval_steps_set == 0) && logging_steps == 0) {
    c.error("TA05", c.origin("training.eval_strategy"),
            "'training.eval_strategy' is 'steps' but neither 'training.eval_steps' nor "
            "'training.logging_steps' is above 0");
  }
  if (logging && *logging == "steps" && logging_steps == 0) {
    c.error("TA06", c.origin("training.logging_steps"),
            "'training.logging_strategy' is 'steps', so 'training.logging_steps' must be above 0")
        .notes.push_back(c.where("training.logging_strategy"));
  }
  auto integer_steps = [&](std::string_view key, double value, bool used) {
    if (used && value > 1 && !whole(value)) {
      c.error("TA07", c.origin(key), "'{}' above 1 must be a whole number of steps, got {}", key,
              format_float(value));
    }
  };
  integer_steps("training.logging_steps", logging_steps, logging && *logging == "steps");
  if (eval_steps_set)
    integer_steps("training.eval_steps", *eval_steps_set, eval && *eval == "steps");
  integer_steps("training.save_steps", save_steps, save && *save == "steps");

  if (c.flag("training.load_best_model_at_end") && eval && save && *eval == "steps" &&
      *save == "steps") {
    if ((eval_steps < 1) != (save_steps < 1)) {
      c.error("TA04", c.origin("training.save_steps"),
              "with 'training.load_best_model_at_end', 'training.save_steps' ({}) and the eval "
              "steps ({}) must both be ratios or both be step counts",
              format_float(save_steps), format_float(eval_steps));
    } else if (eval_steps > 0 && std::fmod(save_steps, eval_steps) > 1e-9 * save_steps &&
               std::fabs(std::fmod(save_steps, eval_steps) - eval_steps) > 1e-9 * save_steps) {
      c.error("TA04", c.origin("training.save_steps"),
              "with 'training.load_best_model_at_end', 'training.save_steps' ({}) must be a "
              "multiple of the eval steps ({})",
              format_float(save_steps), format_float(eval_steps));
    }
  }
  const std::string* scheduler = c.text("training.lr_scheduler_type");
  if (scheduler && *scheduler == "reduce_lr_on_plateau" && eval && *eval == "no") {
    c.error("TA08", c.origin("training.lr_scheduler_type"),
            "'reduce_lr_on_plateau' needs evaluations, and 'training.eval_strategy' is 'no'");
  }
  if (const auto steps = c.integer("training.torch_empty_cache_steps"); steps && *steps <= 0) {
    c.error("TA11", c.origin("training.torch_empty_cache_steps"),
            "'training.torch_empty_cache_steps' must be a positive number of steps, got {}",
            *steps);
  }
  if (save && *save == "best" && c.is_null("training.metric_for_best_model")) {
    c.error("TA20", c.origin("training.save_strategy"),
            "'training.save_strategy' is 'best' but 'training.metric_for_best_model' is unset");
  }
  const auto max_steps = c.integer("training.max_steps").value_or(-1);
  const auto epochs = c.number("training.num_train_epochs").value_or(3);
  if (max_steps <= 0 && epochs <= 0) {
    c.warning("TA26", c.origin("training.num_train_epochs"),
              "'training.num_train_epochs' is {} and 'training.max_steps' is {}: no training "
              "step, the untouched model is saved",
              format_float(epochs), max_steps);
  }
}

/// A dict field written as a string: JSON text (TA18) or a path to a JSON file (TA14, TA17).
std::optional<Json> dict_field(Context& c, std::string_view key, std::string_view file_rule) {
  const Value* v = c.value(key);
  if (!v) return std::nullopt;
  if (const auto* json = std::get_if<Json>(v)) return *json;
  const auto* text = std::get_if<std::string>(v);
  if (!text) return std::nullopt;
  std::string error;
  SourceLoc where;
  auto name = std::make_shared<const std::string>(std::string(key));
  if (text->starts_with("{")) {
    const auto parsed = read_json(*text, name, error, where);
    if (!parsed) {
      c.error("TA18", c.origin(key), "'{}' is not valid JSON: {} at column {}", key, error,
              where.column);
      return std::nullopt;
    }
    return parsed->value;
  }
  if (file_rule.empty()) return std::nullopt;
  const auto bytes = read_small_file(*text, error);
  if (!bytes) {
    c.error(file_rule, c.origin(key), "'{}' names '{}', which cannot be read: {}", key, *text,
            error);
    return std::nullopt;
  }
  const auto parsed = read_json(*bytes, std::make_shared<const std::string>(*text), error, where);
  if (!parsed) {
    c.error(file_rule, Origin::file(where), "'{}' names a file that is not JSON: {}", key, error);
    return std::nullopt;
  }
  return parsed->value;
}

void check_fsdp_and_dicts(Context& c) {
  for (std::string_view key : {"training.lr_scheduler_kwargs",
                               "training.gradient_checkpointing_kwargs", "training.deepspeed"})
    dict_field(c, key, "");
  dict_field(c, "training.accelerator_config", "TA17");
  const std::string* fsdp = c.text("training.fsdp");
  const bool fsdp_on = fsdp && !fsdp->empty();
  const auto fsdp_config = dict_field(c, "training.fsdp_config", fsdp_on ? "TA14" : "");
  if (!fsdp_on) return;
  std::vector<std::string> words;
  for (std::size_t start = 0; start < fsdp->size();) {
    const auto space = fsdp->find(' ', start);
    const auto end = space == std::string::npos ? fsdp->size() : space;
    if (end > start) words.push_back(fsdp->substr(start, end - start));
    start = end + 1;
  }
  auto has = [&](std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
  };
  if (has("offload") && !has("full_shard") && !has("shard_grad_op")) {
    c.error("TA12", c.origin("training.fsdp"),
            "'training.fsdp' 'offload' needs 'full_shard' or 'shard_grad_op'");
  }
  if (has("full_shard") && has("shard_grad_op")) {
    c.error("TA13", c.origin("training.fsdp"),
            "'training.fsdp' cannot hold both 'full_shard' and 'shard_grad_op'");
  }
  if (!c.is_null("training.deepspeed")) {
    c.error("TA22", c.origin("training.fsdp"),
            "'training.fsdp' and 'training.deepspeed' cannot be used together")
        .notes.push_back(c.where("training.deepspeed"));
  }
  if (fsdp_config && fsdp_config->is_object()) {
    Json config = Json::object();
    for (const auto& [k, v] : fsdp_config->items())
      config[k.starts_with("fsdp_") ? k.substr(5) : k] = v;
    const auto min_params = config.value("min_num_params", Json(0));
    if (min_params.is_number() && min_params.get<double>() > 0 &&
        config.contains("transformer_layer_cls_to_wrap") &&
        !config["transformer_layer_cls_to_wrap"].is_null()) {
      c.error("TA15", c.origin("training.fsdp_config"),
              "'min_num_params' and 'transformer_layer_cls_to_wrap' in 'training.fsdp_config' "
              "are mutually exclusive");
    }
    if (config.value("sync_module_states", Json(true)) == Json(false) &&
        config.value("cpu_ram_efficient_loading", Json(false)) == Json(true)) {
      c.error("TA16", c.origin("training.fsdp_config"),
              "'cpu_ram_efficient_loading' in 'training.fsdp_config' needs "
              "'sync_module_states' true");
    }
  }
}

void check_report_to(Context& c) {
  static const std::vector<std::string_view> known = {
      "azure_ml", "clearml", "codecarbon",  "comet_ml", "dagshub", "dvclive", "flyte", "mlflow",
      "neptune",  "swanlab", "tensorboard", "trackio",  "wandb",   "all",     "none"};
  const Value* v = c.value("training.report_to");
  if (!v) return;
  std::vector<std::string> names;
  if (const auto* s = std::get_if<std::string>(v)) names.push_back(*s);
  if (const auto* list = std::get_if<StringList>(v)) names = *list;
  for (const std::string& name : names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    auto& e = c.error("TA21", c.origin("training.report_to"),
                      "'training.report_to' names '{}', which transformers does not support",
                      excerpt(name));
    suggest(e, name, known);
  }
}

/// Replacement fields of a Python format string: "{}{}" has 2; nullopt for a named or
/// numbered field.
std::optional<int> format_fields(const std::string& format) {
  int fields = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{') {
      if (i + 1 < format.size() && format[i + 1] == '{') {
        ++i;
        continue;
      }
      const auto close = format.find('}', i);
      if (close == std::string::npos || close != i + 1) return std::nullopt;
      ++fields;
      ++i;
    } else if (format[i] == '}' && i + 1 < format.size() && format[i + 1] == '}') {
      ++i;
    }
  }
  return fields;
}

void check_instruction_formats(Context& c) {
  const bool reranker = c.is_reranker();
  const bool same_dataset = c.flag("data.same_dataset_within_batch");
  struct Format {
    std::string_view format;
    std::string_view instruction;
    bool always;
  };
  const Format formats[] = {
      {"data.query_instruction_format",
       reranker ? "data.query_instruction_for_rerank" : "data.query_instruction_for_retrieval",
       same_dataset && !reranker},
      {"data.passage_instruction_format",
       reranker ? "data.passage_instruction_for_rerank" : "data.passage_instruction_for_retrieval",
       false},
  };
  for (const Format& f : formats) {
    if (!c.has(f.format)) continue;
    if (c.is_null(f.format)) {
      if (f.format == "data.passage_instruction_format") {
        c.error("FD26", c.origin(f.format),
                "'data.passage_instruction_format' cannot be null: FlagEmbedding's data "
                "arguments search it for '\\n' (TypeError)");
      }
      continue;
    }
    const std::string* text = c.text(f.format);
    if (!text) continue;
    const auto fields = format_fields(*text);
    if (!fields || *fields > 2) {
      c.error("FD25", c.origin(f.format),
              "'{}' must have two '{{}}' fields (instruction, text), got \"{}\": formatting "
              "fails at the first batch",
              f.format, excerpt(*text));
    } else if (*fields < 2 && (f.always || !c.is_null(f.instruction))) {
      c.warning("FD24", c.origin(f.format),
                "'{}' has {} '{{}}' field(s): the {} text is dropped and the model trains on the "
                "instruction",
                f.format, *fields,
                f.format == "data.query_instruction_format" ? "query" : "passage");
    }
  }
}

void check_runner_rules(Context& c) {
  const std::string_view runner = c.runner();
  const bool m3 = runner == kM3;
  const bool decoder = c.is_decoder_embedder() || runner.starts_with("reranker.decoder_only.");
  if (runner == kIcl && !c.flag("data.same_dataset_within_batch")) {
    c.error("FR05", c.origin("data.same_dataset_within_batch"),
            "the ICL runner supports only 'data.same_dataset_within_batch: true'");
  }
  const Value* dims = c.value("training.mrl_dims");
  const bool has_dims =
      dims && !is_none(*dims) &&
      !(std::holds_alternative<IntList>(*dims) && std::get<IntList>(*dims).empty());
  if (c.flag("training.use_mrl") && !has_dims) {
    c.error("FR06", c.origin("training.use_mrl"), "'training.use_mrl' needs 'training.mrl_dims'");
  }
  if (m3 && c.flag("training.use_mrl")) {
    c.error("FR07", c.origin("training.use_mrl"), "the m3 runner does not implement MRL");
  }
  if (has_dims && c.has("training.use_mrl") && !c.flag("training.use_mrl")) {
    c.warning("FR08", c.origin("training.mrl_dims"),
              "'training.mrl_dims' is ignored: 'training.use_mrl' is false");
  }
  if (c.has("training.temperature") && c.is_null("training.temperature")) {
    c.error("FR09", c.origin("training.temperature"),
            "'training.temperature' cannot be null: the scores are divided by it");
  }
  if (c.is_decoder_embedder()) {
    if (const auto* pooling = c.text("training.sentence_pooling_method");
        pooling && *pooling == "cls") {
      auto& w = c.warning("FR10", c.origin("training.sentence_pooling_method"),
                          "'cls' pooling on a decoder-only model: inputs are left-padded, so the "
                          "first position is padding");
      note(w, "FlagEmbedding's examples use 'last_token'");
    }
  }
  const std::string* model_type = c.text("model.model_type");
  if (runner == "reranker.decoder_only.base" && model_type && *model_type != "decoder") {
    c.warning("FR11", c.origin("model.model_type"),
              "'model.model_type' is '{}': the decoder-only reranker then uses the "
              "encoder data path (no prompt, no separator)",
              *model_type);
  }
  if (runner == "reranker.decoder_only.layerwise" && model_type &&
      *model_type != "from_raw_model" && *model_type != "from_finetuned_model") {
    c.warning("FR12", c.origin("model.model_type"),
              "the layerwise reranker expects 'model.model_type' 'from_raw_model' or "
              "'from_finetuned_model', got '{}'",
              *model_type);
  }
  if (runner == kIcl && c.flag("data.retrieval_use_examples") &&
      c.integer("data.query_max_len").value_or(0) <= 512) {
    c.warning("FR13", c.origin("data.query_max_len"),
              "with 'data.query_max_len' at most 512 the ICL runner never adds an in-context "
              "example");
  }
  if (c.flag("data.same_dataset_within_batch") &&
      c.integer("training.dataloader_num_workers").value_or(0) != 0) {
    c.warning("FR14", c.origin("training.dataloader_num_workers"),
              "with 'data.same_dataset_within_batch' the runner sets "
              "'training.dataloader_num_workers' to 0: this value is ignored");
  }
  if (c.flag("training.negatives_cross_device") && c.world_size == 1) {
    auto& w = c.warning("FR15", c.origin("training.negatives_cross_device"),
                        "'training.negatives_cross_device' has no effect with one process");
    w.notes.push_back(c.where("launch.nproc_per_node"));
  }
  if (c.has("training.neftune_noise_alpha") && !c.is_null("training.neftune_noise_alpha")) {
    c.error("FR16", c.origin("training.neftune_noise_alpha"),
            "FlagEmbedding's models have no input embeddings for NEFTune: AttributeError at "
            "train() start");
  }
  if (m3 && c.flag("training.fix_encoder") && !c.flag("training.unified_finetuning")) {
    c.error("FR17", c.origin("training.fix_encoder"),
            "'training.fix_encoder' without 'training.unified_finetuning' freezes every "
            "parameter: the optimizer gets an empty list");
  }
  if (decoder && c.flag("model.save_merged_lora_model") && !c.flag("model.use_lora") &&
      (c.is_null("model.from_peft") || !c.has("model.from_peft"))) {
    c.error("FR20", c.origin("model.save_merged_lora_model"),
            "'model.save_merged_lora_model' needs 'model.use_lora' or 'model.from_peft': there "
            "is no adapter to merge after training");
  }
  if (runner == "embedder.decoder_only.base" && c.flag("model.save_merged_lora_model")) {
    const Value* tokens = c.value("model.additional_special_tokens");
    const auto* list = tokens ? std::get_if<StringList>(tokens) : nullptr;
    if (list && !list->empty()) {
      c.warning("FR21", c.origin("model.additional_special_tokens"),
                "if these tokens are new to the tokenizer, merging the LoRA model after training "
                "fails (UnboundLocalError in FlagEmbedding's decoder-only base runner)");
    }
  }
  if ((runner == "embedder.encoder_only.base" || m3 || runner == "reranker.encoder_only.base") &&
      c.text("model.tokenizer_name")) {
    c.warning("FR25", c.origin("model.tokenizer_name"),
              "'model.tokenizer_name' is ignored: this runner loads the tokenizer from "
              "'model.model_name_or_path'");
  }
  if (c.is_decoder_embedder() && c.flag("model.only_merge_lora_model") &&
      !c.flag("model.save_merged_lora_model")) {
    c.warning("FR26", c.origin("model.only_merge_lora_model"),
              "'model.only_merge_lora_model' without 'model.save_merged_lora_model': the run "
              "neither trains nor merges");
  }
  auto ignored = [&](std::string_view key, std::string_view why) {
    if (c.has(key) && !c.is_default(key)) {
      c.warning("FR27", c.origin(key), "'{}' is ignored: {}", key, why);
    }
  };
  ignored("model.peft_model_path", "no runner reads it");
  ignored("model.use_slow_tokenizer", "no runner reads it");
  if (c.is_reranker()) {
    ignored("data.max_len", "the reranker runners do not read it");
    ignored("training.sub_batch_size", "the reranker runners do not read it");
  }
  if (m3) ignored("model.cache_dir", "the m3 runner loads weights without it");
  if (decoder && c.flag("model.use_flash_attn") && !c.flag("training.fp16") &&
      !c.flag("training.bf16")) {
    c.error("FR28", c.origin("model.use_flash_attn"),
            "flash attention refuses fp32 inputs: set 'training.bf16' or 'training.fp16'");
  }
  if (const auto smoothing = c.number("training.label_smoothing_factor");
      smoothing && *smoothing != 0) {
    c.warning("FR29", c.origin("training.label_smoothing_factor"),
              "'training.label_smoothing_factor' is ignored: FlagEmbedding computes its own loss");
  }
  if (m3 && c.flag("training.use_self_distill") && !c.flag("training.unified_finetuning")) {
    c.warning("FR30", c.origin("training.use_self_distill"),
              "'training.use_self_distill' is ignored without 'training.unified_finetuning'");
  }
}

}  // namespace

void check_training_rules(Context& context) {
  check_precision_and_steps(context);
  check_fsdp_and_dicts(context);
  check_report_to(context);
  check_instruction_formats(context);
  check_runner_rules(context);
}

}  // namespace expcfg::preflight_checks
