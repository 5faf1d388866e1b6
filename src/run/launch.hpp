#pragma once
/// The command that starts a run, from the `launch` section and the runner's arguments:
///
///   WANDB_MODE=disabled torchrun --nproc_per_node 8 -m FlagEmbedding.finetune.<runner> <args>

#include <optional>
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

/// A torchrun started by hand on several nodes must be told where rank 0 is: reports a
/// multi-node configuration without launch.master_addr (Slurm scripts find it themselves).
void check_rank0_address(const ResolvedConfig& config, Diagnostics& diagnostics);

/// `NAME=value ... program args...`, quoted for bash, on one line.
std::string shell_line(const LaunchCommand& command);

/// Where `program` is, as execvp would find it: a name with a '/' as it is, else the first
/// executable file of that name in PATH's folders; nullopt when there is none.
std::optional<std::string> find_program(const std::string& program);

/// How expcfg was started: kept in the run record (credentials redacted), replayed by verify.
struct RunInvocation {
  std::vector<std::string> argv;  ///< as the process got it, argv[0] included
  std::string expcfg_version;
};

/// `<output_dir>/expcfg` (`expcfg-node-<rank>` for a node other than 0), where the run record
/// goes; nullopt after reporting that output_dir is not set or that the record would replace an
/// input file.
std::optional<std::string> run_record_folder(const ResolvedConfig& config,
                                             Diagnostics& diagnostics);

/// Writes `<output_dir>/expcfg/`: resolved.yaml (the dump), origins.yaml (each value's
/// source), command.txt (the launch command), all with credentials redacted, layers.sha256
/// (each layer file's SHA-256, in `sha256sum -c` form), run.json (start time, folder, host,
/// invocation, layers by absolute path, git state, targets, node) and record.sha256 (of every
/// other file). The folder appears whole or not at all; an older record is replaced (one
/// expcfg wrote: see write_folder_atomically). `extra_files` (name, content) join the record,
/// e.g. the Slurm script it was submitted with; one named like a record file (command.txt)
/// replaces it.
bool write_run_record(const ResolvedConfig& config, const RunInvocation& invocation,
                      Diagnostics& diagnostics,
                      const std::vector<std::pair<std::string, std::string>>& extra_files = {});

}  // namespace expcfg
