#pragma once
// transformers.TrainingArguments rows, for every runner's training table: FlagEmbedding's
// training argument classes all derive from it.

#include <string_view>

#include "expcfg/arguments.hpp"
#include "expcfg/schema.hpp"
#include "schema/field_table.hpp"

namespace expcfg {

constexpr std::string_view kLrSchedulerTypeChoices[] = {"linear",
                                                        "cosine",
                                                        "cosine_with_restarts",
                                                        "polynomial",
                                                        "constant",
                                                        "constant_with_warmup",
                                                        "inverse_sqrt",
                                                        "reduce_lr_on_plateau",
                                                        "cosine_with_min_lr",
                                                        "cosine_warmup_with_min_lr",
                                                        "warmup_stable_decay",
                                                        "greedy"};
constexpr std::string_view kOptimChoices[] = {"adamw_torch",
                                              "adamw_torch_fused",
                                              "adamw_torch_xla",
                                              "adamw_torch_npu_fused",
                                              "adafactor",
                                              "adamw_anyprecision",
                                              "adamw_torch_4bit",
                                              "adamw_torch_8bit",
                                              "ademamix",
                                              "sgd",
                                              "adagrad",
                                              "adamw_bnb_8bit",
                                              "adamw_8bit",
                                              "ademamix_8bit",
                                              "lion_8bit",
                                              "lion_32bit",
                                              "paged_adamw_32bit",
                                              "paged_adamw_8bit",
                                              "paged_ademamix_32bit",
                                              "paged_ademamix_8bit",
                                              "paged_lion_32bit",
                                              "paged_lion_8bit",
                                              "rmsprop",
                                              "rmsprop_bnb",
                                              "rmsprop_bnb_8bit",
                                              "rmsprop_bnb_32bit",
                                              "galore_adamw",
                                              "galore_adamw_8bit",
                                              "galore_adafactor",
                                              "galore_adamw_layerwise",
                                              "galore_adamw_8bit_layerwise",
                                              "galore_adafactor_layerwise",
                                              "lomo",
                                              "adalomo",
                                              "grokadamw",
                                              "schedule_free_radam",
                                              "schedule_free_adamw",
                                              "schedule_free_sgd",
                                              "apollo_adamw",
                                              "apollo_adamw_layerwise",
                                              "stable_adamw"};
constexpr std::string_view kIntervalStrategyChoices[] = {"no", "steps", "epoch"};
constexpr std::string_view kLogLevelChoices[] = {"detail", "debug",    "info",   "warning",
                                                 "error",  "critical", "passive"};
constexpr std::string_view kSaveStrategyChoices[] = {"no", "steps", "epoch", "best"};
constexpr std::string_view kHubStrategyChoices[] = {"end", "every_save", "checkpoint",
                                                    "all_checkpoints"};
constexpr std::string_view kDataloaderMultiprocessingContextChoices[] = {"fork", "spawn",
                                                                         "forkserver"};
constexpr std::string_view kTrainSamplingStrategyChoices[] = {"random", "sequential",
                                                              "group_by_length", "batch_rebalance"};
constexpr std::string_view kDdpBackendChoices[] = {"nccl", "gloo", "mpi", "xccl",
                                                   "hccl", "cncl", "mccl"};
constexpr std::string_view kHalfPrecisionBackendChoices[] = {"auto", "apex", "cpu_amp"};
// transformers.debug_utils.DebugOption: argparse converts each word to it.
constexpr std::string_view kDebugChoices[] = {"underflow_overflow", "tpu_metrics_debug"};

/// Adds TrainingArguments' rows, in Python's declaration order, to a table of S (S derives
/// from TrainingArguments).
template <class S>
void add_training_arguments(FieldTable<S>& table) {
  table.add("output_dir", &S::output_dir,
            "The output directory where the model predictions and checkpoints will be written.");
  table.add("per_device_train_batch_size", &S::per_device_train_batch_size,
            "The batch size per device for training.");
  table.add("num_train_epochs", &S::num_train_epochs,
            "Total number of training epochs to perform.");
  table.add("max_steps", &S::max_steps,
            "Overrides `num_train_epochs`. If set to a positive number, the total number of "
            "training steps to perform. Must be set when the training dataset does not implement "
            "`__len__` (e.g. a streaming dataset).");
  table.add("learning_rate", &S::learning_rate, "The initial learning rate for the optimizer.");
  table.add("lr_scheduler_type", &S::lr_scheduler_type,
            "The learning rate scheduler type to use. See `SchedulerType` for all possible values.",
            kLrSchedulerTypeChoices);
  table.add("lr_scheduler_kwargs", &S::lr_scheduler_kwargs,
            "The extra arguments for the lr_scheduler. See the documentation of each scheduler for "
            "possible values.");
  table.add("warmup_steps", &S::warmup_steps,
            "Number of steps for a linear warmup from 0 to `learning_rate`. Can be an integer "
            "(exact steps) or a float in [0, 1) (ratio of total steps).");
  table.add("optim", &S::optim, "The optimizer to use. See `OptimizerNames` for the complete list.",
            kOptimChoices);
  table.add(
      "optim_args", &S::optim_args,
      "Optional arguments supplied to optimizers such as AnyPrecisionAdamW, AdEMAMix, and GaLore.");
  table.add("weight_decay", &S::weight_decay,
            "Weight decay coefficient applied by the optimizer. Automatically excluded from bias "
            "and LayerNorm parameters.");
  table.add("adam_beta1", &S::adam_beta1,
            "The exponential decay rate for the first moment estimates (momentum) in Adam-based "
            "optimizers.");
  table.add("adam_beta2", &S::adam_beta2,
            "The exponential decay rate for the second moment estimates (variance) in Adam-based "
            "optimizers.");
  table.add("adam_epsilon", &S::adam_epsilon,
            "Epsilon value for numerical stability in Adam-based optimizers.");
  table.add("optim_target_modules", &S::optim_target_modules,
            "The target modules to optimize. Currently used for the GaLore and APOLLO algorithms.");
  table.add("gradient_accumulation_steps", &S::gradient_accumulation_steps,
            "Number of update steps to accumulate gradients before performing a backward/update "
            "pass. Effective batch size = per_device_train_batch_size * num_devices * "
            "gradient_accumulation_steps.");
  table.add("average_tokens_across_devices", &S::average_tokens_across_devices,
            "Whether or not to average tokens across devices. If enabled, will use all_reduce to "
            "synchronize num_tokens_in_batch for precise loss calculation. Reference: "
            "https://github.com/huggingface/transformers/issues/34242");
  table.add("max_grad_norm", &S::max_grad_norm,
            "Maximum gradient norm for gradient clipping. Set to 0 to disable.");
  table.add("label_smoothing_factor", &S::label_smoothing_factor,
            "Label smoothing factor to prevent overconfidence. Zero means no smoothing.");
  table.add("bf16", &S::bf16,
            "Enable bfloat16 (BF16) mixed precision training. Generally preferred over FP16 due to "
            "better numerical stability.");
  table.add("fp16", &S::fp16,
            "Enable float16 (FP16) mixed precision training. Consider using BF16 instead if your "
            "hardware supports it.");
  table.add("bf16_full_eval", &S::bf16_full_eval,
            "Use full BF16 precision for evaluation (not just mixed precision). Faster and saves "
            "memory.");
  table.add("fp16_full_eval", &S::fp16_full_eval,
            "Use full FP16 precision for evaluation (not just mixed precision). Faster and saves "
            "memory.");
  table.add("tf32", &S::tf32,
            "Enable TF32 mode on Ampere and newer GPUs. Provides up to 8x speedup with negligible "
            "accuracy loss.");
  table.add("gradient_checkpointing", &S::gradient_checkpointing,
            "Enable gradient checkpointing to trade compute for memory. Reduces memory at the cost "
            "of ~20%% slower training.");
  table.add(
      "gradient_checkpointing_kwargs", &S::gradient_checkpointing_kwargs,
      "Keyword arguments passed to `gradient_checkpointing_enable()`. `every_n_layers` checkpoints "
      "only every n-th decoder layer instead of all of them; `1` is the usual all-or-nothing "
      "behavior, and larger values give some memory back to speed. `offload` holds the saved "
      "activations in pinned host memory, which frees device memory and makes the step slower. Any "
      "other key is forwarded to `torch.utils.checkpoint.checkpoint`.");
  table.add("torch_compile", &S::torch_compile,
            "Compile the model using `torch.compile()` for faster training.");
  table.add("torch_compile_backend", &S::torch_compile_backend,
            "Backend for `torch.compile()`. If set, automatically enables `torch_compile`.");
  table.add(
      "torch_compile_mode", &S::torch_compile_mode,
      "Compilation mode for `torch.compile()`. If set, automatically enables `torch_compile`.");
  table.add("use_liger_kernel", &S::use_liger_kernel,
            "Enable Liger Kernel optimizations. Increases throughput by ~20%% and reduces memory "
            "by ~60%%.");
  table.add("liger_kernel_config", &S::liger_kernel_config,
            "Configuration for Liger Kernel. Passed as kwargs to "
            "`_apply_liger_kernel_to_instance()`. If None, uses default configuration.");
  table.add("use_cache", &S::use_cache,
            "Whether or not to use cache for the model For training, this is usually not needed "
            "apart from some PEFT methods that uses `past_key_values`.");
  table.add("neftune_noise_alpha", &S::neftune_noise_alpha,
            "If not None, activates NEFTune noise embeddings. Can drastically improve performance "
            "for instruction fine-tuning. Typical range: [5.0, 15.0].");
  table.add("torch_empty_cache_steps", &S::torch_empty_cache_steps,
            "Number of steps to wait before calling `torch.<device>.empty_cache()`. Helps avoid "
            "CUDA OOM at a cost of ~10%% slower performance. If None, cache will not be emptied.");
  table.add("auto_find_batch_size", &S::auto_find_batch_size,
            "Whether to find a batch size that will fit into memory automatically through "
            "exponential decay, avoiding CUDA Out-of-Memory errors.");
  table.add("logging_strategy", &S::logging_strategy,
            "The logging strategy to adopt during training. Options: 'no', 'epoch', 'steps'.",
            kIntervalStrategyChoices);
  table.add("logging_steps", &S::logging_steps,
            "Log every X updates steps. Should be an integer or a float in range `[0,1)`. If "
            "smaller than 1, will be interpreted as ratio of total training steps.");
  table.add("logging_first_step", &S::logging_first_step,
            "Whether to log the first `global_step` or not.");
  table.add("log_on_each_node", &S::log_on_each_node,
            "When doing a multinode distributed training, whether to log once per node or just "
            "once on the main node.");
  table.add("logging_nan_inf_filter", &S::logging_nan_inf_filter,
            "Filter out NaN and Inf losses when logging. Does not affect gradient computation, "
            "only logging.");
  table.add("include_num_input_tokens_seen", &S::include_num_input_tokens_seen,
            "Whether to track the number of input tokens seen. Must be one of [`all`, "
            "`non_padding`, `no`] or a boolean value which map to `all` or `no`");
  table.add("log_level", &S::log_level,
            "Logging level for the main process. Options: 'debug', 'info', 'warning', 'error', "
            "'critical', 'passive'.",
            kLogLevelChoices);
  table.add(
      "log_level_replica", &S::log_level_replica,
      "Logging level for replica processes in distributed training. Same options as `log_level`.",
      kLogLevelChoices);
  table.add("disable_tqdm", &S::disable_tqdm,
            "Disable tqdm progress bars. Defaults to True if log_level is warning or lower.");
  table.add("report_to", &S::report_to,
            "The list of integrations to report the results and logs to. Use 'all' for all "
            "installed integrations, 'none' for no integrations.");
  table.add("run_name", &S::run_name,
            "An optional descriptor for the run. Notably used for trackio, wandb, mlflow comet and "
            "swanlab logging.");
  table.add("project", &S::project,
            "The name of the project to use for logging. Currently, only used by Trackio.");
  table.add(
      "trackio_space_id", &S::trackio_space_id,
      "Hugging Face Space id for live Gradio-based Trackio logging (read/write Bucket access). Use "
      "'username/reponame', 'orgname/reponame', or 'reponame' (current user's namespace). None: "
      "log only locally, no Space. Prefer trackio_static_space_id for stable post-training "
      "dashboard links. Public unless hub_private_repo=True or org default.");
  table.add("trackio_bucket_id", &S::trackio_bucket_id,
            "Optional HF Bucket id when using a Trackio Space; if unset, Trackio picks a default.");
  table.add("trackio_static_space_id", &S::trackio_static_space_id,
            "Static read-only Trackio Space over the Bucket (stable model-card links). False: no "
            "static sync on Hub push and no freeze after training. None/str: allow static Space; "
            "for local-only logging, Hub push runs sync(static); after training, freeze runs only "
            "if trackio_space_id was set (Gradio Space). str sets explicit static Space id. Public "
            "unless hub_private_repo=True or org default.");
  table.add("eval_strategy", &S::eval_strategy,
            "When to run evaluation. Options: 'no', 'steps', 'epoch'.", kIntervalStrategyChoices);
  table.add("eval_steps", &S::eval_steps,
            "Number of update steps between evaluations if `eval_strategy='steps'`. Defaults to "
            "`logging_steps` if not set. Should be an integer or a float in range `[0,1)`. If "
            "smaller than 1, will be interpreted as ratio of total training steps.");
  table.add("eval_delay", &S::eval_delay,
            "Number of epochs or steps to wait for before the first evaluation can be performed, "
            "depending on the eval_strategy.");
  table.add("per_device_eval_batch_size", &S::per_device_eval_batch_size,
            "The batch size per device (GPU/TPU core/CPU) for evaluation.");
  table.add("prediction_loss_only", &S::prediction_loss_only,
            "When performing evaluation and generating predictions, only returns the loss.");
  table.add("eval_on_start", &S::eval_on_start,
            "Whether to run through the entire `evaluation` step at the very beginning of training "
            "as a sanity check.");
  table.add("eval_do_concat_batches", &S::eval_do_concat_batches,
            "Whether to recursively concat inputs/losses/labels/predictions across batches. If "
            "`False`, will instead store them as lists, with each batch kept separate.");
  table.add("eval_use_gather_object", &S::eval_use_gather_object,
            "Whether to run recursively gather object in a nested list/tuple/dictionary of objects "
            "from all devices.");
  table.add("eval_accumulation_steps", &S::eval_accumulation_steps,
            "Number of predictions steps to accumulate the output tensors for, before moving the "
            "results to the CPU. If unset, predictions are accumulated on the accelerator before "
            "being moved to the CPU.");
  table.add(
      "include_for_metrics", &S::include_for_metrics,
      "Include additional data in the `compute_metrics` function. Options: 'inputs', 'loss'.");
  table.add("batch_eval_metrics", &S::batch_eval_metrics,
            "Break eval metrics calculation into batches to save memory.");
  table.add("save_only_model", &S::save_only_model,
            "Save only model weights, not optimizer/scheduler/RNG state. Prevents resuming "
            "training from checkpoint.");
  table.add("save_strategy", &S::save_strategy,
            "The checkpoint save strategy to adopt during training. Options: 'no', 'epoch', "
            "'steps', 'best'.",
            kSaveStrategyChoices);
  table.add("save_steps", &S::save_steps,
            "Save checkpoint every X updates steps. Should be an integer or a float in range "
            "`[0,1)`. If smaller than 1, will be interpreted as ratio of total training steps.");
  table.add("save_on_each_node", &S::save_on_each_node,
            "When doing multi-node distributed training, whether to save models and checkpoints on "
            "each node, or only on the main one");
  table.add("save_total_limit", &S::save_total_limit,
            "Maximum number of checkpoints to keep. Deletes older checkpoints in `output_dir`. The "
            "best checkpoint is always retained when `load_best_model_at_end=True`.");
  table.add("enable_jit_checkpoint", &S::enable_jit_checkpoint,
            "Enable JIT checkpointing on SIGTERM signal for graceful termination on preemptible "
            "workloads. Configure your orchestrator's graceful shutdown period accordingly.");
  table.add("push_to_hub", &S::push_to_hub,
            "Whether or not to push the model to the Hub every time the model is saved.");
  table.add(
      "hub_token", &S::hub_token,
      "The token to use to push the model to the Hub. Defaults to the token from `hf auth login`.");
  table.add("hub_private_repo", &S::hub_private_repo,
            "Whether to make the repo private. If `None` (default), the repo will be public unless "
            "the organization's default is private. This value is ignored if the repo already "
            "exists. If reporting to Trackio Spaces created or synced (including on Hub push when "
            "`trackio_space_id` is None) use the same logic for whether the Space is private.");
  table.add("hub_model_id", &S::hub_model_id,
            "The name of the repository to keep in sync with the local `output_dir`.");
  table.add("hub_strategy", &S::hub_strategy,
            "Defines what and when to push to Hub. Options: 'end', 'every_save', 'checkpoint', "
            "'all_checkpoints'.",
            kHubStrategyChoices);
  table.add("hub_always_push", &S::hub_always_push,
            "Unless `True`, the Trainer will skip pushes if the previous one wasn't finished yet.");
  table.add("hub_revision", &S::hub_revision,
            "The revision to use when pushing to the Hub. Can be a branch name, a tag, or a commit "
            "hash.");
  table.add("load_best_model_at_end", &S::load_best_model_at_end,
            "Load the best checkpoint at the end of training. Requires `eval_strategy` to be set.");
  table.add(
      "metric_for_best_model", &S::metric_for_best_model,
      "Metric to use for comparing models when `load_best_model_at_end=True`. Defaults to 'loss'.");
  table.add("greater_is_better", &S::greater_is_better,
            "Whether higher metric values are better. Defaults based on `metric_for_best_model`.");
  table.add("ignore_data_skip", &S::ignore_data_skip,
            "When resuming training, skip fast-forwarding through the dataset to reach the "
            "previous state. If True, training starts from the beginning of the dataset.");
  table.add("restore_callback_states_from_checkpoint", &S::restore_callback_states_from_checkpoint,
            "Whether to restore the callback states from the checkpoint. If `True`, will override "
            "callbacks passed to the `Trainer` if they exist in the checkpoint.");
  table.add("full_determinism", &S::full_determinism,
            "Whether to call enable_full_determinism instead of set_seed for reproducibility in "
            "distributed training. Important: this will negatively impact the performance, so only "
            "use it for debugging.");
  table.add("seed", &S::seed, "Random seed that will be set at the beginning of training.");
  table.add("data_seed", &S::data_seed,
            "Random seed to be used with data samplers. If not set, uses the same seed as `seed`.");
  table.add("use_cpu", &S::use_cpu,
            "Whether or not to use cpu. If set to False, we will use the available torch "
            "device/backend.");
  table.add("accelerator_config", &S::accelerator_config,
            "Configuration for the internal Accelerate integration. Can be a path to a JSON config "
            "file or a dict.");
  table.add("parallelism_config", &S::parallelism_config,
            "Parallelism configuration for the training run. Requires Accelerate `1.10.1`.");
  table.add("dataloader_drop_last", &S::dataloader_drop_last,
            "Drop the last incomplete batch if it is not divisible by the batch size.");
  table.add("dataloader_num_workers", &S::dataloader_num_workers,
            "Number of subprocesses to use for data loading (PyTorch only). 0 means that the data "
            "will be loaded in the main process.");
  table.add("dataloader_pin_memory", &S::dataloader_pin_memory,
            "Whether or not to pin memory for DataLoader.");
  table.add("dataloader_persistent_workers", &S::dataloader_persistent_workers,
            "If True, the data loader will not shut down the worker processes after a dataset has "
            "been consumed once. This allows to maintain the workers Dataset instances alive. Can "
            "potentially speed up training, but will increase RAM usage.");
  table.add("dataloader_prefetch_factor", &S::dataloader_prefetch_factor,
            "Number of batches loaded in advance by each worker. 2 means there will be a total of "
            "2 * num_workers batches prefetched across all workers. ");
  table.add(
      "dataloader_multiprocessing_context", &S::dataloader_multiprocessing_context,
      "The multiprocessing start method to use for data loading workers ('fork', 'spawn', or "
      "'forkserver'). Defaults to PyTorch's default, except on MPS with dataloader_num_workers > "
      "1, where it defaults to 'fork'. Use 'spawn' when streaming from sources whose objects are "
      "not fork-safe (e.g. HDFS via pyarrow). Under 'spawn', any custom collate_fn / dataset code "
      "must be importable at module level (no lambdas/closures).",
      kDataloaderMultiprocessingContextChoices);
  table.add("dataloader_in_order", &S::dataloader_in_order,
            "If True (default), the data loader yields batches in the order workers were "
            "dispatched. Set to False to yield batches as soon as they are ready, reducing tail "
            "latency for IterableDataset streaming workloads. Requires PyTorch >= 2.6.");
  table.add(
      "remove_unused_columns", &S::remove_unused_columns,
      "Whether or not to automatically remove the columns unused by the model forward method.");
  table.add("label_names", &S::label_names,
            "The list of keys in your dictionary of inputs that correspond to the labels.");
  table.add("train_sampling_strategy", &S::train_sampling_strategy,
            "Sampler for training: 'random' (default), 'sequential', 'group_by_length', or "
            "'batch_rebalance'.",
            kTrainSamplingStrategyChoices);
  table.add("length_column_name", &S::length_column_name,
            "Column name for precomputed lengths. Ignored unless `train_sampling_strategy` is "
            "'group_by_length' or 'batch_rebalance'.");
  table.add("ddp_find_unused_parameters", &S::ddp_find_unused_parameters,
            "When using distributed training, the value of the flag `find_unused_parameters` "
            "passed to `DistributedDataParallel`.");
  table.add("ddp_bucket_cap_mb", &S::ddp_bucket_cap_mb,
            "When using distributed training, the value of the flag `bucket_cap_mb` passed to "
            "`DistributedDataParallel`.");
  table.add("ddp_broadcast_buffers", &S::ddp_broadcast_buffers,
            "When using distributed training, the value of the flag `broadcast_buffers` passed to "
            "`DistributedDataParallel`.");
  table.add("ddp_static_graph", &S::ddp_static_graph,
            "When using distributed training, the value of the flag `static_graph` passed to "
            "`DistributedDataParallel`.");
  table.add("ddp_backend", &S::ddp_backend,
            "The backend to use for distributed training. Must be one of 'nccl', 'mpi', 'xccl', "
            "'gloo', 'hccl'.",
            kDdpBackendChoices);
  table.add("ddp_timeout", &S::ddp_timeout,
            "The timeout for `torch.distributed.init_process_group` calls (in seconds).");
  table.add("fsdp", &S::fsdp,
            "Enable PyTorch Fully Sharded Data Parallel (FSDP) for distributed training. Pass "
            "`--fsdp` (or `fsdp=True`) to turn FSDP on.");
  table.add("fsdp_config", &S::fsdp_config,
            "Tuning for FSDP (used only when `fsdp` is enabled). Either a path to a JSON config "
            "file (e.g., `fsdp_config.json`) or an already loaded dict.");
  table.add("deepspeed", &S::deepspeed,
            "Enable DeepSpeed integration. Value is a path to a JSON config file or a dict.");
  table.add("debug", &S::debug,
            "Enable one or more debug features. Options: 'underflow_overflow' (detect overflow in "
            "model I/O), 'tpu_metrics_debug' (print TPU metrics).",
            kDebugChoices);
  table.add("skip_memory_metrics", &S::skip_memory_metrics,
            "Whether to skip adding memory profiler reports to metrics. Skipped by default because "
            "it slows down training.");
  table.add("do_train", &S::do_train,
            "Whether to run training. Not directly used by Trainer; intended for "
            "training/evaluation scripts.");
  table.add("do_eval", &S::do_eval,
            "Whether to run evaluation. Not directly used by Trainer; intended for "
            "training/evaluation scripts.");
  table.add("do_predict", &S::do_predict,
            "Whether to run predictions on the test set. Not directly used by Trainer; intended "
            "for training/evaluation scripts.");
  table.add("resume_from_checkpoint", &S::resume_from_checkpoint,
            "Path to a folder with a valid checkpoint for your model. Not directly used by "
            "Trainer; intended for training/evaluation scripts.");
  table.add("local_rank", &S::local_rank,
            "When using torch.distributed.launch (Deprecated), it will pass `local_rank` in the "
            "script, so we need this for the parser. To get the local rank, prefer using the "
            "property `local_process_index`");

  // Fields that only earlier releases have (the release history says which).
  table.add("overwrite_output_dir", &S::overwrite_output_dir,
            "Overwrite the content of the output directory. Use this to continue training if "
            "output_dir points to a checkpoint directory.");
  table.add("per_gpu_train_batch_size", &S::per_gpu_train_batch_size,
            "Deprecated, the use of `--per_device_train_batch_size` is preferred. Batch size per "
            "GPU/TPU core/CPU for training.");
  table.add("per_gpu_eval_batch_size", &S::per_gpu_eval_batch_size,
            "Deprecated, the use of `--per_device_eval_batch_size` is preferred. Batch size per "
            "GPU/TPU core/CPU for evaluation.");
  table.add("warmup_ratio", &S::warmup_ratio,
            "Linear warmup over warmup_ratio fraction of total steps (deprecated in transformers "
            "5.0 and removed in 5.15: a float `warmup_steps` below 1 is the same ratio).");
  table.add("logging_dir", &S::logging_dir,
            "TensorBoard log directory (deprecated in transformers 5.0 and removed in 5.15: set "
            "the environment variable `TENSORBOARD_LOGGING_DIR` instead).");
  table.add("save_safetensors", &S::save_safetensors,
            "Use safetensors saving and loading for state dicts instead of default torch.load and "
            "torch.save.");
  table.add("no_cuda", &S::no_cuda,
            "This argument is deprecated. It will be removed in version 5.0 of Transformers.");
  table.add("use_mps_device", &S::use_mps_device,
            "This argument is deprecated. `mps` device will be used if available similar to "
            "`cuda` device. It will be removed in version 5.0 of Transformers");
  table.add("jit_mode_eval", &S::jit_mode_eval,
            "Whether or not to use PyTorch jit trace for inference");
  table.add("use_ipex", &S::use_ipex,
            "Use Intel extension for PyTorch when it is available, installation: "
            "'https://github.com/intel/intel-extension-for-pytorch'");
  table.add("fp16_opt_level", &S::fp16_opt_level,
            "For fp16: Apex AMP optimization level selected in ['O0', 'O1', 'O2', and 'O3']. See "
            "details at https://nvidia.github.io/apex/amp.html");
  table.add("half_precision_backend", &S::half_precision_backend,
            "The backend to be used for half precision.", kHalfPrecisionBackendChoices);
  table.add("tpu_num_cores", &S::tpu_num_cores,
            "TPU: Number of TPU cores (automatically passed by launcher script)");
  table.add("tpu_metrics_debug", &S::tpu_metrics_debug,
            "Deprecated, the use of `--debug tpu_metrics_debug` is preferred. TPU: Whether to "
            "print debug metrics");
  table.add("past_index", &S::past_index,
            "If >=0, uses the corresponding part of the output as the past state for next step.");
  table.add("fsdp_min_num_params", &S::fsdp_min_num_params,
            "This parameter is deprecated. FSDP's minimum number of parameters for Default Auto "
            "Wrapping. (useful only when `fsdp` field is passed).");
  table.add("fsdp_transformer_layer_cls_to_wrap", &S::fsdp_transformer_layer_cls_to_wrap,
            "This parameter is deprecated. Transformer layer class name (case-sensitive) to wrap, "
            "e.g, `BertLayer`, `GPTJBlock`, `T5Block` .... (useful only when `fsdp` flag is "
            "passed).");
  table.add("adafactor", &S::adafactor, "Whether or not to replace AdamW by Adafactor.");
  table.add("group_by_length", &S::group_by_length,
            "Whether or not to group samples of roughly the same length together when batching.");
  table.add("use_legacy_prediction_loop", &S::use_legacy_prediction_loop,
            "Whether or not to use the legacy prediction_loop in the Trainer.");
  table.add("include_inputs_for_metrics", &S::include_inputs_for_metrics,
            "This argument is deprecated and will be removed in version 5 of Transformers. Use "
            "`include_for_metrics` instead.");
  table.add("fp16_backend", &S::fp16_backend, "Deprecated. Use half_precision_backend instead",
            kHalfPrecisionBackendChoices);
  table.add("evaluation_strategy", &S::evaluation_strategy,
            "Deprecated. Use `eval_strategy` instead", kIntervalStrategyChoices);
  table.add("push_to_hub_model_id", &S::push_to_hub_model_id,
            "The name of the repository to which push the `Trainer`.");
  table.add("push_to_hub_organization", &S::push_to_hub_organization,
            "The name of the organization in with to which push the `Trainer`.");
  table.add("push_to_hub_token", &S::push_to_hub_token,
            "The token to use to push to the Model Hub.");
  table.add("mp_parameters", &S::mp_parameters,
            "Used by the SageMaker launcher to send mp-specific args. Ignored in Trainer");
  table.add("torchdynamo", &S::torchdynamo,
            "This argument is deprecated, use `--torch_compile_backend` instead.");
  table.add("ray_scope", &S::ray_scope,
            "The scope to use when doing hyperparameter search with Ray. By default, `\"last\"` "
            "will be used. Ray will then use the last checkpoint of all trials, compare those, and "
            "select the best one.");
  table.add("dispatch_batches", &S::dispatch_batches,
            "Deprecated. Pass {'dispatch_batches':VALUE} to `accelerator_config`.");
  table.add("split_batches", &S::split_batches,
            "Deprecated. Pass {'split_batches':True} to `accelerator_config`.");
  table.add("include_tokens_per_second", &S::include_tokens_per_second,
            "If set to `True`, the speed metrics will include `tgs` (tokens per second per "
            "device).");
  table.add("tp_size", &S::tp_size,
            "Use tp_size to enable pytorch tensor parallelism. Tensor parallelism support is only "
            "available to models having `base_tp_plan` in their respective config classes. Set a "
            "value greater than 1 to activate TP. Requires accelerate>1.3.0.");
}

}  // namespace expcfg
