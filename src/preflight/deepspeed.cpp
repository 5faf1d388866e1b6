// The DeepSpeed config as the Trainer sees it: read (a file or an inline mapping), every "auto"
// filled from the configuration the way transformers and accelerate fill it, every explicit
// value compared with what they would have filled, and DeepSpeed's own schema (DS01-DS28,
// AC01-AC07 in docs/preflight.md).

#include <cmath>
#include <set>

#include "preflight/context.hpp"
#include "preflight/disk.hpp"
#include "preflight/json_reader.hpp"

namespace expcfg::preflight_checks {
namespace {

const std::vector<std::string_view> kTopLevel = {"train_batch_size",
                                                 "train_micro_batch_size_per_gpu",
                                                 "gradient_accumulation_steps",
                                                 "steps_per_print",
                                                 "dump_state",
                                                 "optimizer",
                                                 "scheduler",
                                                 "fp16",
                                                 "bf16",
                                                 "bfloat16",
                                                 "amp",
                                                 "torch_autocast",
                                                 "zero_optimization",
                                                 "zero_allow_untested_optimizer",
                                                 "zero_force_ds_cpu_optimizer",
                                                 "gradient_clipping",
                                                 "prescale_gradients",
                                                 "gradient_predivide_factor",
                                                 "sparse_gradients",
                                                 "communication_data_type",
                                                 "seq_parallel_communication_data_type",
                                                 "wall_clock_breakdown",
                                                 "memory_breakdown",
                                                 "flops_profiler",
                                                 "activation_checkpointing",
                                                 "sparse_attention",
                                                 "tensorboard",
                                                 "wandb",
                                                 "csv_monitor",
                                                 "comet",
                                                 "aio",
                                                 "elasticity",
                                                 "pipeline",
                                                 "data_types",
                                                 "checkpoint",
                                                 "eigenvalue",
                                                 "progressive_layer_drop",
                                                 "curriculum_learning",
                                                 "data_efficiency",
                                                 "compression_training",
                                                 "quantize_training",
                                                 "autotuning",
                                                 "nebula",
                                                 "disable_allgather",
                                                 "dataloader_drop_last",
                                                 "weight_quantization",
                                                 "hybrid_engine",
                                                 "compile",
                                                 "timers",
                                                 "use_data_before_expert_parallelism",
                                                 "graph_harvesting",
                                                 "zero_quantized_weights",
                                                 "gradient_allreduce_op",
                                                 "fp32",
                                                 "pld",
                                                 "seed",
                                                 "train_micro_batch_size",
                                                 "sequence_parallel_size",
                                                 "tensor_parallel",
                                                 "mics_shard_size",
                                                 "zenflow",
                                                 "use_node_local_storage",
                                                 "monitor_config"};

const std::vector<std::string_view> kZero = {"stage",
                                             "contiguous_gradients",
                                             "reduce_scatter",
                                             "reduce_bucket_size",
                                             "use_multi_rank_bucket_allreduce",
                                             "allgather_partitions",
                                             "allgather_bucket_size",
                                             "overlap_comm",
                                             "load_from_fp32_weights",
                                             "elastic_checkpoint",
                                             "offload_param",
                                             "offload_optimizer",
                                             "zenflow",
                                             "sub_group_size",
                                             "cpu_offload_param",
                                             "cpu_offload_use_pin_memory",
                                             "cpu_offload",
                                             "prefetch_bucket_size",
                                             "stage3_prefetch_bucket_size",
                                             "param_persistence_threshold",
                                             "stage3_param_persistence_threshold",
                                             "model_persistence_threshold",
                                             "stage3_model_persistence_threshold",
                                             "max_live_parameters",
                                             "stage3_max_live_parameters",
                                             "max_reuse_distance",
                                             "stage3_max_reuse_distance",
                                             "gather_16bit_weights_on_model_save",
                                             "stage3_gather_16bit_weights_on_model_save",
                                             "module_granularity_threshold",
                                             "stage3_module_granularity_threshold",
                                             "use_all_reduce_for_fetch_params",
                                             "stage3_use_all_reduce_for_fetch_params",
                                             "allgather_sequential",
                                             "stage3_allgather_sequential",
                                             "stage3_gather_fp16_weights_on_model_save",
                                             "ignore_unused_parameters",
                                             "legacy_stage1",
                                             "round_robin_gradients",
                                             "zero_hpz_partition_size",
                                             "zero_quantized_weights",
                                             "zero_quantized_nontrainable_weights",
                                             "zero_quantized_gradients",
                                             "zeropp_loco_param",
                                             "mics_shard_size",
                                             "mics_hierarchical_params_gather",
                                             "memory_efficient_linear",
                                             "pipeline_loading_checkpoint",
                                             "override_module_apply",
                                             "log_trace_cache_warnings",
                                             "enable_sanity_checks",
                                             "save_muon_momentum_buffer_in_memory",
                                             "leaf_module"};
const std::vector<std::string_view> kOffloadParam = {"device",      "nvme_path",  "buffer_count",
                                                     "buffer_size", "max_in_cpu", "pin_memory"};
const std::vector<std::string_view> kOffloadOptimizer = {
    "device",        "nvme_path",          "buffer_count", "pin_memory",
    "pipeline_read", "pipeline_write",     "fast_init",    "ratio",
    "super_offload", "cpuadam_cores_perc", "pipeline"};
const std::vector<std::string_view> kFp16 = {"enabled",
                                             "auto_cast",
                                             "loss_scale",
                                             "initial_scale_power",
                                             "loss_scale_window",
                                             "hysteresis",
                                             "consecutive_hysteresis",
                                             "min_loss_scale",
                                             "fp16_master_weights_and_grads"};
const std::vector<std::string_view> kBf16 = {"enabled", "immediate_grad_update",
                                             "check_grad_overflow", "bf16_master_weights_and_grads",
                                             "bf16_optimizer_states"};
const std::vector<std::string_view> kDeepSpeedOptimizers = {
    "adam", "adamw",  "lamb",    "onebitadam", "onebitlamb", "zerooneadam", "adagrad",
    "lion", "muadam", "muadamw", "musgd",      "muon",       "cpuadam",     "fusedadam"};
const std::vector<std::string_view> kTorchOptimizers = {
    "Adam",  "AdamW", "SGD",     "Adagrad", "Adadelta",   "Adamax",    "ASGD", "LBFGS",
    "NAdam", "RAdam", "RMSprop", "Rprop",   "SparseAdam", "Adafactor", "Muon"};
const std::vector<std::string_view> kSchedulers = {
    "LRRangeTest", "OneCycle", "WarmupLR", "WarmupDecayLR", "WarmupCosineLR",
    // torch.optim.lr_scheduler
    "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
    "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau",
    "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR", "LRScheduler"};

bool contains(const std::vector<std::string_view>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

/// Python's base64.urlsafe_b64decode of `text` (either alphabet), or nullopt.
std::optional<std::string> base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (const char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+' || c == '-')
      value = 62;
    else if (c == '/' || c == '_')
      value = 63;
    else if (c == '=') {
      ++padding;
      continue;
    }
    if (value < 0 || padding > 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (padding > 2) return std::nullopt;
  return out;
}

bool is_auto(const Json& value) { return value.is_string() && value.get<std::string>() == "auto"; }

/// Python's `==` after JSON parsing: 1e-5 equals 0.00001, 1 equals 1.0.
bool same(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number() && !a.is_boolean() && !b.is_boolean())
    return a.get<double>() == b.get<double>();
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

class DeepSpeedCheck {
 public:
  DeepSpeedCheck(Context& c, const DataSummary& data) : c_(c), data_(data) {}

  Json run() {
    if (!load()) return nullptr;
    for (const auto& [path, loc] : json_.duplicates) {
      c_.warning("DS25", Origin::file(loc),
                 "DeepSpeed key '{}' is written twice: the Trainer keeps the last value", path);
    }
    Json& root = json_.value;
    if (!root.is_object()) {
      c_.error("AC02", origin(""), "the DeepSpeed config is not a JSON object");
      return nullptr;
    }
    filled_ = root;
    schema(root);
    fill_and_compare(root);
    leftover_autos(filled_, "");
    return filled_;
  }

 private:
  bool load() {
    const Value* value = c_.value("training.deepspeed");
    if (!value || is_none(*value)) return false;
    field_origin_ = c_.origin("training.deepspeed");
    if (const auto* json = std::get_if<Json>(value)) {
      json_.value = *json;
      return true;
    }
    const auto* text = std::get_if<std::string>(value);
    if (!text) return false;
    std::string error;
    SourceLoc where;
    if (text->starts_with("{")) {
      auto parsed =
          read_json(*text, std::make_shared<const std::string>("training.deepspeed"), error, where);
      if (!parsed) return false;  // TA18, reported with the other dict fields
      json_ = std::move(*parsed);
      return true;
    }
    const PathKind kind = path_kind(*text);
    if (kind == PathKind::Missing) {
      // accelerate also takes the JSON encoded in (URL-safe) base64.
      if (const auto decoded = base64_decode(*text)) {
        auto parsed = read_json(*decoded, std::make_shared<const std::string>("training.deepspeed"),
                                error, where);
        if (parsed && parsed->value.is_object()) {
          json_ = std::move(*parsed);
          json_.keys.clear();
          return true;
        }
      }
    }
    if (kind != PathKind::File) {
      auto& e = c_.error("AC01", field_origin_, "DeepSpeed config '{}' {}", *text,
                         kind == PathKind::Missing ? "does not exist" : "is not a file");
      note(e, "paths are relative to the folder the run starts in (here, the current folder)");
      return false;
    }
    const auto bytes = read_small_file(*text, error);
    if (!bytes) {
      c_.error("AC01", field_origin_, "cannot read DeepSpeed config '{}': {}", *text, error);
      return false;
    }
    auto parsed = read_json(*bytes, std::make_shared<const std::string>(*text), error, where);
    if (!parsed) {
      c_.error("AC02", Origin::file(where), "the DeepSpeed config is not valid JSON: {}", error);
      return false;
    }
    json_ = std::move(*parsed);
    in_file_ = true;
    return true;
  }

  /// Where DeepSpeed key `path` is written: its line in the file, or the inline mapping's field.
  Origin origin(const std::string& path) const {
    const auto found = json_.keys.find(path);
    if (in_file_ && found != json_.keys.end()) return Origin::file(found->second);
    if (in_file_ && !json_.keys.empty() && path.empty())
      return Origin::file(SourceLoc{json_.keys.begin()->second.file, 1, 1});
    return field_origin_;
  }

  void unknown_keys(const Json& section, const std::string& path,
                    const std::vector<std::string_view>& known, std::string_view rule,
                    bool warning) {
    if (!section.is_object()) return;
    for (const auto& [key, value] : section.items()) {
      if (contains(known, key)) continue;
      const std::string full = path.empty() ? key : path + "." + key;
      if (path == "bf16" && contains(kFp16, key)) {
        auto& e = c_.error("DS18", origin(full),
                           "DeepSpeed's 'bf16' section does not take '{}', an fp16 setting: "
                           "DeepSpeed 0.17.1 and later refuse the config",
                           key);
        note(e, "remove it (FlagEmbedding's own ds_stage1.json has this problem)");
        continue;
      }
      Diagnostic& d =
          warning ? c_.warning(rule, origin(full), "DeepSpeed ignores the unknown key '{}'", full)
                  : c_.error(rule, origin(full),
                             "DeepSpeed does not know the key '{}' and refuses the "
                             "config",
                             full);
      suggest(d, key, known);
    }
  }

  void schema(const Json& root) {
    unknown_keys(root, "", kTopLevel, "DS26", true);
    if (!root.contains("zero_optimization")) {
      c_.error("AC03", origin(""),
               "the DeepSpeed config has no 'zero_optimization' section, which accelerate "
               "requires");
    } else if (const Json& zero = root["zero_optimization"]; zero.is_object()) {
      unknown_keys(zero, "zero_optimization", kZero, "DS17", false);
      if (zero.contains("stage")) {
        const Json& stage = zero["stage"];
        if (is_auto(stage)) {
          c_.warning("AC05", origin("zero_optimization.stage"),
                     "ZeRO stage \"auto\" becomes 2 (or $ACCELERATE_DEEPSPEED_ZERO_STAGE)");
        } else if (!stage.is_number_integer() || stage.get<std::int64_t>() < 0 ||
                   stage.get<std::int64_t>() > 3) {
          c_.error("DS16", origin("zero_optimization.stage"),
                   "ZeRO stage must be 0, 1, 2 or 3, got {}", show(stage));
        } else {
          stage_ = stage.get<std::int64_t>();
        }
      }
      for (const char* name : {"offload_optimizer", "offload_param"}) {
        if (!zero.contains(name)) continue;
        const Json& offload = zero[name];
        const std::string path = std::string("zero_optimization.") + name;
        unknown_keys(offload, path,
                     std::string_view(name) == "offload_param" ? kOffloadParam : kOffloadOptimizer,
                     "DS17", false);
        if (offload.is_object() && offload.contains("device")) {
          const Json& device = offload["device"];
          if (is_auto(device)) {
            c_.warning("AC05", origin(path + ".device"), "offload device \"auto\" becomes none");
          } else if (!device.is_string() ||
                     (device != "none" && device != "cpu" && device != "nvme")) {
            c_.error("DS28", origin(path + ".device"),
                     "offload device must be \"none\", \"cpu\" or \"nvme\", got {}", show(device));
          }
        }
      }
    }
    if (root.contains("fp16")) unknown_keys(root["fp16"], "fp16", kFp16, "DS17", false);
    if (root.contains("bf16")) unknown_keys(root["bf16"], "bf16", kBf16, "DS17", false);
    if (!root.contains("train_batch_size") && !root.contains("train_micro_batch_size_per_gpu")) {
      c_.error("DS27", origin(""),
               "the DeepSpeed config needs 'train_batch_size' or "
               "'train_micro_batch_size_per_gpu'");
    }
    if (root.contains("optimizer") && root["optimizer"].is_object()) {
      const Json& optimizer = root["optimizer"];
      if (optimizer.contains("params") && optimizer["params"].is_object() &&
          optimizer["params"].contains("max_grad_norm")) {
        c_.error("DS19", origin("optimizer.params.max_grad_norm"),
                 "DeepSpeed does not take 'max_grad_norm' as an optimizer parameter: use "
                 "'gradient_clipping' ('training.max_grad_norm')");
      }
      if (optimizer.contains("type") && optimizer["type"].is_string()) {
        const std::string type = optimizer["type"].get<std::string>();
        std::string lower = type;
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (!contains(kDeepSpeedOptimizers, lower) && !contains(kTorchOptimizers, type)) {
          auto& e = c_.error("DS20", origin("optimizer.type"),
                             "'{}' is neither a DeepSpeed optimizer nor a torch.optim class", type);
          suggest(e, type, kTorchOptimizers);
        }
      }
      if (!c_.is_default("training.optim") || !c_.is_default("training.optim_args")) {
        auto& w = c_.warning("DS23", origin("optimizer"),
                             "the DeepSpeed config's optimizer is used: 'training.optim' is "
                             "ignored");
        w.notes.push_back(c_.where("training.optim"));
      }
    }
    if (root.contains("scheduler") && root["scheduler"].is_object()) {
      const Json& scheduler = root["scheduler"];
      std::string type;
      if (scheduler.contains("type") && scheduler["type"].is_string()) {
        type = scheduler["type"].get<std::string>();
        if (!contains(kSchedulers, type)) {
          auto& e = c_.error("DS21", origin("scheduler.type"),
                             "DeepSpeed does not know the scheduler '{}'", type);
          suggest(e, type, kSchedulers);
        }
      }
      const bool has_total = scheduler.contains("params") && scheduler["params"].is_object() &&
                             scheduler["params"].contains("total_num_steps");
      if ((type == "WarmupDecayLR" || type == "WarmupCosineLR") && !has_total) {
        c_.error("DS24", origin("scheduler.type"),
                 "'{}' needs 'scheduler.params.total_num_steps' (write \"auto\")", type);
      }
      if (!c_.is_default("training.lr_scheduler_type") ||
          !c_.is_default("training.lr_scheduler_kwargs")) {
        auto& w = c_.warning("DS22", origin("scheduler"),
                             "the DeepSpeed config's scheduler is used: "
                             "'training.lr_scheduler_type' is ignored");
        w.notes.push_back(c_.where("training.lr_scheduler_type"));
      }
    }
  }

  /// The key at `path` ("optimizer.params.lr") in `json`, or nullptr.
  static Json* at(Json& json, const std::string& path) {
    Json* node = &json;
    std::size_t start = 0;
    while (true) {
      const auto dot = path.find('.', start);
      const std::string key =
          path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!node->is_object() || !node->contains(key)) return nullptr;
      node = &(*node)[key];
      if (dot == std::string::npos) return node;
      start = dot + 1;
    }
  }

  /// One key of the Trainer's table: fills "auto", compares anything else.
  void fill(std::string_view rule, const std::string& path, const std::optional<Json>& expected,
            std::string_view field, bool compare = true) {
    Json* value = at(filled_, path);
    if (!value || value->is_null()) return;
    if (is_auto(*value)) {
      if (expected) *value = *expected;
      return;
    }
    if (!compare || !expected || same(*value, *expected)) return;
    auto& e =
        c_.error(rule, origin(path), "DeepSpeed '{}' is {}, but the Trainer expects {} from '{}'",
                 path, show(*value), show(*expected), field);
    if (!field.empty() && c_.has(field)) e.notes.push_back(c_.where(field));
    note(e, fmt::format("write {} or \"auto\"", show(*expected)));
  }

  std::optional<std::int64_t> total_steps() const {
    const auto max_steps = c_.integer("training.max_steps").value_or(-1);
    if (max_steps > 0) return max_steps;
    if (!data_.complete) return std::nullopt;
    const std::int64_t w = c_.world_size;
    const std::int64_t b =
        std::max<std::int64_t>(1, c_.integer("training.per_device_train_batch_size").value_or(8));
    const std::int64_t ga =
        std::max<std::int64_t>(1, c_.integer("training.gradient_accumulation_steps").value_or(1));
    std::int64_t batches = 0;
    if (c_.flag("data.same_dataset_within_batch")) {
      batches = data_.same_dataset_batches;
    } else {
      const std::int64_t per_batch = product(b, w);
      batches = data_.records / per_batch;
      if (!c_.flag("training.dataloader_drop_last") && data_.records % per_batch != 0) ++batches;
    }
    const std::int64_t per_epoch =
        std::max<std::int64_t>(1, batches / ga + (batches % ga != 0 ? 1 : 0));
    const double epochs = c_.number("training.num_train_epochs").value_or(3);
    return to_count(std::ceil(epochs * static_cast<double>(per_epoch)));
  }

  void fill_and_compare(const Json& root) {
    const std::int64_t w = c_.world_size;
    const std::int64_t b = c_.integer("training.per_device_train_batch_size").value_or(8);
    const std::int64_t ga = c_.integer("training.gradient_accumulation_steps").value_or(1);
    const bool auto_batch = c_.flag("training.auto_find_batch_size");
    fill("DS01", "train_micro_batch_size_per_gpu", Json(b), "training.per_device_train_batch_size",
         !auto_batch);
    fill("DS02", "gradient_accumulation_steps", Json(ga), "training.gradient_accumulation_steps");
    if (const Json* total = at(filled_, "train_batch_size");
        total && total->is_number_integer() && !auto_batch &&
        total->get<std::int64_t>() != product(product(w, b), ga)) {
      const std::int64_t written = total->get<std::int64_t>();
      const bool other_world = product(b, ga) > 0 && written % product(b, ga) == 0 && written > 0;
      auto& e =
          other_world
              ? c_.error("DS04", origin("train_batch_size"),
                         "DeepSpeed 'train_batch_size' is {}, right for {} processes, but the "
                         "run has {}: the Trainer expects {} x {} x {} = {}",
                         written, written / product(b, ga), w, w, b, ga, product(product(w, b), ga))
              : c_.error("DS03", origin("train_batch_size"),
                         "DeepSpeed 'train_batch_size' is {}, but world size x "
                         "per_device_train_batch_size x gradient_accumulation_steps is "
                         "{} x {} x {} = {}",
                         written, w, b, ga, product(product(w, b), ga));
      e.notes.push_back(c_.where("launch.nproc_per_node"));
      e.notes.push_back(c_.where("training.per_device_train_batch_size"));
      note(e, fmt::format("write {} or \"auto\"", product(product(w, b), ga)));
    } else {
      fill("DS03", "train_batch_size", Json(product(product(w, b), ga)), "", false);
    }
    auto number = [&](std::string_view key) -> std::optional<Json> {
      const auto v = c_.number(key);
      return v ? std::optional<Json>(Json(*v)) : std::nullopt;
    };
    fill("DS05", "gradient_clipping", number("training.max_grad_norm"), "training.max_grad_norm");
    fill("DS06", "optimizer.params.lr", number("training.learning_rate"), "training.learning_rate");
    if (const auto b1 = c_.number("training.adam_beta1"), b2 = c_.number("training.adam_beta2");
        b1 && b2) {
      fill("DS07", "optimizer.params.betas", Json::array({*b1, *b2}), "training.adam_beta1");
    }
    fill("DS08", "optimizer.params.eps", number("training.adam_epsilon"), "training.adam_epsilon");
    fill("DS09", "optimizer.params.weight_decay", number("training.weight_decay"),
         "training.weight_decay");
    fill("DS10", "scheduler.params.warmup_min_lr", Json(0), "", false);
    fill("DS10", "scheduler.params.warmup_max_lr", number("training.learning_rate"),
         "training.learning_rate");

    const bool fp16 = c_.flag("training.fp16") || c_.flag("training.fp16_full_eval");
    const bool bf16 = c_.flag("training.bf16") || c_.flag("training.bf16_full_eval");
    const Json* fp16_enabled = at(json_.value, "fp16.enabled");
    const Json* bf16_enabled = at(json_.value, "bf16.enabled");
    const bool ds_fp16 = fp16_enabled && *fp16_enabled == Json(true);
    const bool ds_bf16 = bf16_enabled && *bf16_enabled == Json(true);
    if (ds_fp16 && ds_bf16) {
      c_.error("DS14", origin("bf16.enabled"),
               "DeepSpeed 'fp16.enabled' and 'bf16.enabled' are both true");
    } else if ((c_.flag("training.fp16") && ds_bf16) || (c_.flag("training.bf16") && ds_fp16)) {
      const bool config_fp16 = c_.flag("training.fp16");
      auto& e = c_.error("AC07", origin(config_fp16 ? "bf16.enabled" : "fp16.enabled"),
                         "DeepSpeed '{}' is true, but '{}' is true: accelerate refuses mixed "
                         "precision {} with {} in the DeepSpeed config",
                         config_fp16 ? "bf16.enabled" : "fp16.enabled",
                         config_fp16 ? "training.fp16" : "training.bf16",
                         config_fp16 ? "fp16" : "bf16", config_fp16 ? "bf16" : "fp16");
      e.notes.push_back(c_.where(config_fp16 ? "training.fp16" : "training.bf16"));
      note(e, "write \"auto\"");
    } else {
      fill("DS13", "fp16.enabled", Json(fp16), "training.fp16");
      fill("DS13", "bf16.enabled", Json(bf16), "training.bf16");
    }
    if (c_.flag("training.save_on_each_node") && root.contains("checkpoint") &&
        root.at("checkpoint").is_object()) {
      filled_["checkpoint"]["use_node_local_storage"] = true;
    }

    // Steps that depend on the data.
    const auto total = total_steps();
    std::optional<Json> warmup;
    const auto warmup_steps = c_.number("training.warmup_steps").value_or(0);
    const auto warmup_ratio = c_.number("training.warmup_ratio");
    if (warmup_ratio) {  // transformers 4.x
      if (warmup_steps > 0)
        warmup = Json(to_count(warmup_steps));
      else if (total)
        warmup = Json(to_count(std::ceil(static_cast<double>(*total) * *warmup_ratio)));
    } else if (warmup_steps >= 1 || warmup_steps == 0) {
      warmup = Json(to_count(warmup_steps));
    } else if (total) {
      warmup = Json(to_count(std::ceil(static_cast<double>(*total) * warmup_steps)));
    }
    fill("DS11", "scheduler.params.warmup_num_steps", warmup,
         warmup_ratio && warmup_steps <= 0 ? "training.warmup_ratio" : "training.warmup_steps");
    fill("DS12", "scheduler.params.total_num_steps",
         total ? std::optional<Json>(Json(*total)) : std::nullopt,
         c_.integer("training.max_steps").value_or(-1) > 0 ? "training.max_steps"
                                                           : "training.num_train_epochs");

    // Accumulation that accelerate would set to 1 behind the config's back.
    if (ga > 1 && !root.contains("gradient_accumulation_steps")) {
      auto& e = c_.error("AC06", origin(""),
                         "'training.gradient_accumulation_steps' is {}, but the DeepSpeed config "
                         "has no 'gradient_accumulation_steps': accelerate writes 1 and DeepSpeed "
                         "uses it",
                         ga);
      e.notes.push_back(c_.where("training.gradient_accumulation_steps"));
      note(e, "add \"gradient_accumulation_steps\": \"auto\"");
    }

    // Hidden-size keys: filled from the model's config at train() start.
    const std::string_view runner = c_.runner();
    const bool no_config = runner == "embedder.encoder_only.base" ||
                           runner == "embedder.decoder_only.base" ||
                           runner == "embedder.decoder_only.icl";
    std::optional<std::int64_t> hidden;
    if (!no_config) {
      if (const auto config = local_model_config(c_)) {
        for (const Json* node :
             {&*config, config->contains("text_config") ? &(*config)["text_config"] : nullptr}) {
          if (!node || !node->is_object() || hidden) continue;
          if (node->contains("hidden_size") && (*node)["hidden_size"].is_number_integer())
            hidden = (*node)["hidden_size"].get<std::int64_t>();
          else if (node->contains("hidden_sizes") && (*node)["hidden_sizes"].is_array() &&
                   !(*node)["hidden_sizes"].empty() &&
                   (*node)["hidden_sizes"].back().is_number_integer())
            hidden = (*node)["hidden_sizes"].back().get<std::int64_t>();
        }
        if (!hidden) hidden_missing_ = true;
      }
    }
    for (const char* key : {"reduce_bucket_size", "stage3_prefetch_bucket_size",
                            "stage3_param_persistence_threshold"}) {
      const std::string path = std::string("zero_optimization.") + key;
      Json* value = at(filled_, path);
      if (!value || !is_auto(*value)) continue;
      if (no_config || hidden_missing_) {
        auto& e = c_.error("DS15", origin(path),
                           "DeepSpeed '{}' is \"auto\", which needs the model's hidden size, and "
                           "{}",
                           path,
                           no_config ? fmt::format("the '{}' runner's model has no config for "
                                                   "the Trainer to read",
                                                   runner)
                                     : "the model's config.json has neither hidden_size nor "
                                       "hidden_sizes");
        note(e, "write a number instead of \"auto\"");
        *value = nullptr;
        hidden_keys_.insert(path);
        continue;
      }
      hidden_keys_.insert(path);
      if (!hidden) continue;  // a Hub model: known at train() start
      const double h = static_cast<double>(*hidden);
      if (std::string_view(key) == "reduce_bucket_size")
        *value = product(*hidden, *hidden);
      else if (stage_ == 3 && std::string_view(key) == "stage3_prefetch_bucket_size")
        *value = to_count(0.9 * h * h);
      else if (stage_ == 3)
        *value = product(10, *hidden);
    }
  }

  /// "auto" left where neither transformers nor accelerate fills it.
  void leftover_autos(Json& node, const std::string& path) {
    static const std::set<std::string> filled_later = {
        "train_micro_batch_size_per_gpu",
        "train_batch_size",
        "gradient_accumulation_steps",
        "gradient_clipping",
        "zero_optimization.stage3_gather_16bit_weights_on_model_save",
        "zero_optimization.stage",
        "zero_optimization.offload_optimizer.device",
        "zero_optimization.offload_param.device",
        "zero_optimization.offload_optimizer.nvme_path",
        "zero_optimization.offload_param.nvme_path",
        "scheduler.params.warmup_num_steps",
        "scheduler.params.total_num_steps",
        "zero_optimization.reduce_bucket_size",
        "zero_optimization.stage3_prefetch_bucket_size",
        "zero_optimization.stage3_param_persistence_threshold",
        "fp16.enabled",
        "bf16.enabled",
        "optimizer.params.lr",
        "optimizer.params.betas",
        "optimizer.params.eps",
        "optimizer.params.weight_decay",
        "scheduler.params.warmup_min_lr",
        "scheduler.params.warmup_max_lr",
        "amp.enabled",
        "amp.opt_level"};
    if (!node.is_object()) return;
    for (auto& [key, value] : node.items()) {
      const std::string full = path.empty() ? key : path + "." + key;
      if (value.is_object()) {
        leftover_autos(value, full);
      } else if (is_auto(value) && !filled_later.contains(full)) {
        c_.error("AC04", origin(full),
                 "DeepSpeed '{}' is \"auto\", which neither transformers nor accelerate fills",
                 full)
            .notes.push_back(Note{Origin::none(), "write its value"});
      }
    }
  }

  Context& c_;
  const DataSummary& data_;
  LocatedJson json_;
  Json filled_;
  Origin field_origin_;
  bool in_file_ = false;
  std::int64_t stage_ = 0;
  bool hidden_missing_ = false;
  std::set<std::string> hidden_keys_;
};

}  // namespace

Json check_deepspeed(Context& context, const DataSummary& data) {
  return DeepSpeedCheck(context, data).run();
}

}  // namespace expcfg::preflight_checks
