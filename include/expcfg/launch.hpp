#pragma once
/// The command that starts a run, from the `launch` section and the runner's arguments:
///
///   WANDB_MODE=disabled torchrun --nproc_per_node 8 -m FlagEmbedding.finetune.<runner> <args>

#include <string>
#include <utility>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

struct LaunchCommand {
  std::vector<std::string> argv;  ///< program first: torchrun or deepspeed
  std::vector<std::pair<std::string, std::string>> env;
};

/// The launcher's argv around the runner's (see to_argv); problems go to `diagnostics`.
LaunchCommand launch_command(const ResolvedConfig& config, Diagnostics& diagnostics);

/// `NAME=value ... program args...`, quoted for bash, on one line.
std::string shell_line(const LaunchCommand& command);

/// Writes `<output_dir>/expcfg/`: resolved.yaml (the dump), origins.yaml (each value's
/// source), command.txt (the launch command), all with credentials redacted, and layers.sha256
/// (each layer file's SHA-256, in `sha256sum -c` form). The folder appears whole or not at all; an
/// older record is replaced.
bool write_run_record(const ResolvedConfig& config, Diagnostics& diagnostics);

}  // namespace expcfg
