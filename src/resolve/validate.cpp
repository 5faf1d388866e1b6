// Checks on the merged configuration: what no single value shows.

#include "expcfg/resolve.hpp"
#include "resolve/unsafe_text.hpp"
#include "resolve/validate_slurm.hpp"

namespace expcfg {
namespace {

/// A note pointing at where field `index` got its value.
Note where_set(const ResolvedConfig& config, std::size_t index) {
  const std::string key = config.runner->fields[index].key();
  if (config.origin(index).kind == Origin::Kind::Default) {
    return Note{Origin::none(), fmt::format("'{}' has its default value", key)};
  }
  return Note{config.origin(index), fmt::format("'{}' was set here", key)};
}

/// TrainingArguments refuses fp16 and bf16 together; blame whichever was set later.
void check_half_precision(const ResolvedConfig& config, const TrainingArguments& training,
                          Diagnostics& diagnostics) {
  if (!training.fp16 || !training.bf16) return;
  const std::size_t fp16 = *config.index("training.fp16");
  const std::size_t bf16 = *config.index("training.bf16");
  // kNoWrite (a default) is the largest index, but both are true, so both were written.
  const bool fp16_later = config.last_write[fp16] > config.last_write[bf16];
  const std::size_t later = fp16_later ? fp16 : bf16;
  const std::size_t earlier = fp16_later ? bf16 : fp16;
  diagnostics.error(config.origin(later), "'training.fp16' and 'training.bf16' are both true")
      .notes.push_back(where_set(config, earlier));
}

/// load_best_model_at_end compares checkpoints at evaluations: both must happen together.
void check_best_model_strategies(const ResolvedConfig& config, const TrainingArguments& training,
                                 Diagnostics& diagnostics) {
  if (!training.load_best_model_at_end) return;
  if (training.eval_strategy == training.save_strategy || training.save_strategy == "best") return;
  diagnostics
      .error(config.origin(*config.index("training.load_best_model_at_end")),
             "'training.load_best_model_at_end' needs 'training.eval_strategy' and "
             "'training.save_strategy' to match, got '{}' and '{}'",
             training.eval_strategy, training.save_strategy)
      .notes.push_back(where_set(config, *config.index("training.save_strategy")));
}

void check_prefetch_factor(const ResolvedConfig& config, const TrainingArguments& training,
                           Diagnostics& diagnostics) {
  if (!training.dataloader_prefetch_factor || training.dataloader_num_workers != 0) return;
  diagnostics
      .error(config.origin(*config.index("training.dataloader_prefetch_factor")),
             "'training.dataloader_prefetch_factor' needs "
             "'training.dataloader_num_workers' above 0")
      .notes.push_back(where_set(config, *config.index("training.dataloader_num_workers")));
}

/// The launch section: counts that make sense to torchrun. (Whether rank 0 is reachable
/// depends on how the run starts: see launch_command and the Slurm scripts.)
void check_launch(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const LaunchArguments launch = launch_arguments(config);
  const auto origin = [&](std::string_view key) -> const Origin& {
    return config.origin(*config.index(key));
  };
  if (launch.nproc_per_node < 1) {
    diagnostics.error(origin("launch.nproc_per_node"),
                      "'launch.nproc_per_node' must be at least 1, got {}", launch.nproc_per_node);
  }
  if (launch.nnodes < 1) {
    diagnostics.error(origin("launch.nnodes"), "'launch.nnodes' must be at least 1, got {}",
                      launch.nnodes);
  }
  if (launch.nnodes >= 1 && (launch.node_rank < 0 || launch.node_rank >= launch.nnodes)) {
    diagnostics.error(origin("launch.node_rank"),
                      "'launch.node_rank' must be between 0 and {} (nnodes - 1), got {}",
                      launch.nnodes - 1, launch.node_rank);
  }
  if (launch.master_port && (*launch.master_port < 1 || *launch.master_port > 65535)) {
    diagnostics.error(origin("launch.master_port"),
                      "'launch.master_port' must be a port number (1 to 65535), got {}",
                      *launch.master_port);
  }
}

}  // namespace

void check_required(const ResolvedConfig& config, const std::vector<bool>& written,
                    Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    if (!field.required) continue;
    if (!written[i]) {
      diagnostics.error(Origin::none(), "'{}' is required, but no layer sets it", field.key());
    } else if (config.last_write[i] == ResolvedConfig::kNoWrite) {
      continue;  // every write was rejected, and reported where it was made
    } else if (const auto* text = std::get_if<std::string>(&config.values[i]);
               is_none(config.values[i]) || (text && text->empty())) {
      // Required-ness is a property of the merged result: the last layer left it empty.
      diagnostics
          .error(config.origin(i), "'{}' is required, but it is left empty here", field.key())
          .notes.push_back(Note{
              Origin::none(),
              fmt::format("fill it in here, in a later layer or with --set {}=...", field.key())});
    }
  }
}

void validate(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const TrainingArguments training = training_arguments(config);
  check_half_precision(config, training, diagnostics);
  check_best_model_strategies(config, training, diagnostics);
  check_prefetch_factor(config, training, diagnostics);
  check_launch(config, diagnostics);
  check_slurm(config, diagnostics);
  check_unsafe_text(config, diagnostics);
}

}  // namespace expcfg
