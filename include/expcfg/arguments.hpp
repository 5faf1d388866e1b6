#pragma once
/// The seven FlagEmbedding fine-tuning runners, each as its three argument structs and
/// expcfg's launch settings (with the
/// defaults of FlagEmbedding 1.4.0 and transformers 5; tests/reference/flagembedding-args.json).
/// `python -m <kModule>` is the entry point a runner's arguments are for.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "expcfg/arguments/embedder.hpp"
#include "expcfg/arguments/reranker.hpp"
#include "expcfg/arguments/training.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

/// `launch.slurm`: how `expcfg launch --emit slurm` / `--submit` asks Slurm for the job. Unset
/// options are left to the cluster's defaults; the node count is `launch.nnodes`.
///
///   launch:
///     slurm: {partition: gpu, time: "1-00:00:00", gpus_per_node: "8", cpus_per_task: 64}
struct SlurmArguments {
  std::optional<std::string> job_name;
  std::optional<std::string> partition;
  std::optional<std::string> account;
  std::optional<std::string> qos;
  std::optional<std::string> time;
  std::optional<std::string> gpus_per_node;
  std::optional<std::int64_t> cpus_per_task;
  std::optional<std::string> mem;
  std::optional<std::string> constraint;
  bool exclusive = false;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::int64_t> array_throttle;
  StringList extra;
};

/// expcfg's own `launch` section: how `expcfg launch` starts the runner's module.
///
///   launch:
///     nproc_per_node: 8
///     env: {WANDB_MODE: disabled}
struct LaunchArguments {
  std::string launcher = "torchrun";
  std::int64_t nproc_per_node = 1;
  std::int64_t nnodes = 1;
  std::int64_t node_rank = 0;
  std::optional<std::string> master_addr;
  std::optional<std::int64_t> master_port;
  StringMap env;
  /// The releases the run will meet (see expcfg/versions.hpp); "auto" asks `python`.
  std::string transformers = "4.57.6";
  std::string flagembedding = "1.4.0";
  std::optional<std::string> python;
  SlurmArguments slurm;
};

struct EmbedderEncoderOnlyBase {
  static constexpr std::string_view kName = "embedder.encoder_only.base";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.embedder.encoder_only.base";
  AbsEmbedderModelArguments model;
  AbsEmbedderDataArguments data;
  AbsEmbedderTrainingArguments training;
  LaunchArguments launch;
};

struct EmbedderEncoderOnlyM3 {
  static constexpr std::string_view kName = "embedder.encoder_only.m3";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.embedder.encoder_only.m3";
  EncoderOnlyEmbedderM3ModelArguments model;
  AbsEmbedderDataArguments data;
  EncoderOnlyEmbedderM3TrainingArguments training;
  LaunchArguments launch;
};

struct EmbedderDecoderOnlyBase {
  static constexpr std::string_view kName = "embedder.decoder_only.base";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.embedder.decoder_only.base";
  DecoderOnlyEmbedderModelArguments model;
  AbsEmbedderDataArguments data;
  AbsEmbedderTrainingArguments training;
  LaunchArguments launch;
};

struct EmbedderDecoderOnlyIcl {
  static constexpr std::string_view kName = "embedder.decoder_only.icl";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.embedder.decoder_only.icl";
  DecoderOnlyEmbedderICLModelArguments model;
  DecoderOnlyEmbedderICLDataArguments data;
  AbsEmbedderTrainingArguments training;
  LaunchArguments launch;
};

struct RerankerEncoderOnlyBase {
  static constexpr std::string_view kName = "reranker.encoder_only.base";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.reranker.encoder_only.base";
  AbsRerankerModelArguments model;
  AbsRerankerDataArguments data;
  AbsRerankerTrainingArguments training;
  LaunchArguments launch;
};

struct RerankerDecoderOnlyBase {
  static constexpr std::string_view kName = "reranker.decoder_only.base";
  static constexpr std::string_view kModule = "FlagEmbedding.finetune.reranker.decoder_only.base";
  DecoderOnlyRerankerModelArguments model;
  AbsRerankerDataArguments data;
  AbsRerankerTrainingArguments training;
  LaunchArguments launch;
};

struct RerankerDecoderOnlyLayerwise {
  static constexpr std::string_view kName = "reranker.decoder_only.layerwise";
  static constexpr std::string_view kModule =
      "FlagEmbedding.finetune.reranker.decoder_only.layerwise";
  LayerwiseRerankerModelArguments model;
  AbsRerankerDataArguments data;
  AbsRerankerTrainingArguments training;
  LaunchArguments launch;
};

}  // namespace expcfg
