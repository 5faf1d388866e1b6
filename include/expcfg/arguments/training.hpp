#pragma once
/// transformers.TrainingArguments: the base of every runner's training arguments, with every
/// field of the supported releases (4.44.2 to 5.17). Defaults live here, in the member
/// initializers (5.17's, or a removed field's last); keys, help and choices in the field table
/// (src/fields_training.hpp); how they differ per release in src/schema_history.cpp.

#include <cstdint>
#include <optional>
#include <string>

#include "expcfg/value.hpp"

namespace expcfg {

/// transformers.TrainingArguments.
struct TrainingArguments {
  std::optional<std::string> output_dir;
  std::int64_t per_device_train_batch_size = 8;
  double num_train_epochs = 3.0;
  std::int64_t max_steps = -1;
  double learning_rate = 5e-05;
  std::string lr_scheduler_type = "linear";
  std::optional<DictOrString> lr_scheduler_kwargs;
  double warmup_steps = 0.0;
  std::string optim = "adamw_torch_fused";
  std::optional<std::string> optim_args;
  double weight_decay = 0.0;
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.999;
  double adam_epsilon = 1e-08;
  std::optional<StringOrList> optim_target_modules;
  std::int64_t gradient_accumulation_steps = 1;
  bool average_tokens_across_devices = true;
  double max_grad_norm = 1.0;
  double label_smoothing_factor = 0.0;
  bool bf16 = false;
  bool fp16 = false;
  bool bf16_full_eval = false;
  bool fp16_full_eval = false;
  std::optional<bool> tf32;
  bool gradient_checkpointing = false;
  std::optional<DictOrString> gradient_checkpointing_kwargs;
  bool torch_compile = false;
  std::optional<std::string> torch_compile_backend;
  std::optional<std::string> torch_compile_mode;
  bool use_liger_kernel = false;
  std::optional<Json> liger_kernel_config;
  bool use_cache = false;
  std::optional<double> neftune_noise_alpha;
  std::optional<std::int64_t> torch_empty_cache_steps;
  bool auto_find_batch_size = false;
  std::string logging_strategy = "steps";
  double logging_steps = 500.0;
  bool logging_first_step = false;
  bool log_on_each_node = true;
  bool logging_nan_inf_filter = true;
  BoolOrString include_num_input_tokens_seen = "no";
  std::string log_level = "passive";
  std::string log_level_replica = "warning";
  std::optional<bool> disable_tqdm;
  std::optional<StringOrList> report_to = "none";
  std::optional<std::string> run_name;
  std::string project = "huggingface";
  std::optional<std::string> trackio_space_id;
  std::optional<std::string> trackio_bucket_id;
  std::optional<BoolOrString> trackio_static_space_id;
  std::string eval_strategy = "no";
  std::optional<double> eval_steps;
  double eval_delay = 0.0;
  std::int64_t per_device_eval_batch_size = 8;
  bool prediction_loss_only = false;
  bool eval_on_start = false;
  bool eval_do_concat_batches = true;
  bool eval_use_gather_object = false;
  std::optional<std::int64_t> eval_accumulation_steps;
  StringList include_for_metrics;
  bool batch_eval_metrics = false;
  bool save_only_model = false;
  std::string save_strategy = "steps";
  double save_steps = 500.0;
  bool save_on_each_node = false;
  std::optional<std::int64_t> save_total_limit;
  bool enable_jit_checkpoint = false;
  bool push_to_hub = false;
  std::optional<std::string> hub_token;
  std::optional<bool> hub_private_repo;
  std::optional<std::string> hub_model_id;
  std::string hub_strategy = "every_save";
  bool hub_always_push = false;
  std::optional<std::string> hub_revision;
  bool load_best_model_at_end = false;
  std::optional<std::string> metric_for_best_model;
  std::optional<bool> greater_is_better;
  bool ignore_data_skip = false;
  bool restore_callback_states_from_checkpoint = false;
  bool full_determinism = false;
  std::int64_t seed = 42;
  std::optional<std::int64_t> data_seed;
  bool use_cpu = false;
  std::optional<DictOrString> accelerator_config;
  std::optional<Json> parallelism_config;
  bool dataloader_drop_last = false;
  std::int64_t dataloader_num_workers = 0;
  bool dataloader_pin_memory = true;
  bool dataloader_persistent_workers = false;
  std::optional<std::int64_t> dataloader_prefetch_factor;
  std::optional<std::string> dataloader_multiprocessing_context;
  bool dataloader_in_order = true;
  bool remove_unused_columns = true;
  std::optional<StringList> label_names;
  std::string train_sampling_strategy = "random";
  std::string length_column_name = "length";
  std::optional<bool> ddp_find_unused_parameters;
  std::optional<std::int64_t> ddp_bucket_cap_mb;
  std::optional<bool> ddp_broadcast_buffers;
  std::optional<bool> ddp_static_graph;
  std::optional<std::string> ddp_backend;
  std::int64_t ddp_timeout = 1800;
  std::optional<std::string> fsdp;
  std::optional<DictOrString> fsdp_config;
  std::optional<DictOrString> deepspeed;
  StringOrList debug = "";
  bool skip_memory_metrics = true;
  bool do_train = false;
  bool do_eval = false;
  bool do_predict = false;
  std::optional<std::string> resume_from_checkpoint;
  std::int64_t local_rank = -1;

  // Fields of earlier transformers releases (4.44.2 up), kept so that one configuration
  // serves every supported release: each exists only in the releases that have it
  // (src/schema_history.cpp), and some translate to today's fields (src/retarget.cpp).
  bool overwrite_output_dir = false;
  std::optional<std::int64_t> per_gpu_train_batch_size;
  std::optional<std::int64_t> per_gpu_eval_batch_size;
  std::optional<double> warmup_ratio;
  std::optional<std::string> logging_dir;
  bool save_safetensors = true;
  bool no_cuda = false;
  bool use_mps_device = false;
  bool jit_mode_eval = false;
  bool use_ipex = false;
  std::string fp16_opt_level = "O1";
  std::string half_precision_backend = "auto";
  std::optional<std::int64_t> tpu_num_cores;
  bool tpu_metrics_debug = false;
  std::int64_t past_index = -1;
  std::int64_t fsdp_min_num_params = 0;
  std::optional<std::string> fsdp_transformer_layer_cls_to_wrap;
  bool adafactor = false;
  bool group_by_length = false;
  bool use_legacy_prediction_loop = false;
  bool include_inputs_for_metrics = false;
  std::string fp16_backend = "auto";
  std::optional<std::string> evaluation_strategy;
  std::optional<std::string> push_to_hub_model_id;
  std::optional<std::string> push_to_hub_organization;
  std::optional<std::string> push_to_hub_token;
  std::string mp_parameters;
  std::optional<std::string> torchdynamo;
  std::optional<std::string> ray_scope = "last";
  std::optional<bool> dispatch_batches;
  std::optional<bool> split_batches;
  bool include_tokens_per_second = false;
  std::optional<std::int64_t> tp_size = 0;
};

}  // namespace expcfg
