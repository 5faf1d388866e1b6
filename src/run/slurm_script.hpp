#pragma once
/// Slurm batch scripts: one run (`expcfg launch --emit slurm`) or a sweep's job array
/// (`expcfg sweep --emit slurm`). Compute nodes need only the Python environment: the runner's
/// exact arguments are written into the script (or a per-run file the array task sources), and
/// each node's one task starts torchrun with a c10d rendezvous on the job's first node:
///
///   srun --nodes=2 --ntasks-per-node=1 torchrun --nnodes 2 --nproc_per_node 8
///     --rdzv_backend c10d --rdzv_endpoint "$head_node:$port" --rdzv_id "$SLURM_JOB_ID" -m ...

#include <cstddef>
#include <optional>
#include <string>

#include "expcfg/diagnostics.hpp"
#include "expcfg/resolve.hpp"

namespace expcfg {

/// Where a job runs from and what it is called when the configuration does not say.
struct SlurmPlace {
  std::string submit_folder;   ///< absolute: the job works here, relative paths start here
  std::string default_output;  ///< the log's Slurm file pattern when launch.slurm.output is unset
  std::string default_name;    ///< the job's name when launch.slurm.job_name is unset
};

/// `path` made absolute, as a script names it: nullopt after a usage error when it holds a
/// control character (a newline would end the line it is written on).
std::optional<std::string> slurm_folder(const std::string& path, Diagnostics& diagnostics);

/// `text` as a literal part of a Slurm file pattern: `%` doubled.
std::string slurm_literal(std::string_view text);

/// The batch script that runs `config` on launch.nnodes nodes; nullopt after reporting why it
/// cannot be written (another launcher, a credential that would be written into the file).
std::optional<std::string> slurm_run_script(const ResolvedConfig& config, const SlurmPlace& place,
                                            Diagnostics& diagnostics);

/// `<run>.run.sh`, sourced by a sweep's array task: the run's environment and runner_args.
std::optional<std::string> slurm_run_file(const ResolvedConfig& config, const std::string& name,
                                          Diagnostics& diagnostics);

/// The job-array script of a sweep folder of `runs` runs, shaped by the first run's `launch`
/// (every run has the same shape: see launch_shape_difference). Task i sources the run file
/// of line i + 1 of runs.txt, plus the offset given as the script's first argument.
std::string slurm_array_script(const ResolvedConfig& first, std::size_t runs,
                               const std::string& sweep_folder, const SlurmPlace& place);

/// The first `launch` field, other than the run's own environment and the releases, that
/// differs between two runs: one job array has one node count, GPU request, time limit, ...
std::optional<std::string> launch_shape_difference(const ResolvedConfig& a,
                                                   const ResolvedConfig& b);

}  // namespace expcfg
