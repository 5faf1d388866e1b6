#pragma once
// Checks on `launch.slurm`: values sbatch would refuse, or take for something else.

#include <string_view>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// Reports, at each value's origin: a malformed time, memory or GPU request; counts below 1;
/// fewer GPUs per node than processes; control characters; and `extra` options that are not
/// sbatch options, or that expcfg writes itself (with the field to use instead).
void check_slurm(const ResolvedConfig& config, Diagnostics& diagnostics);

/// The sbatch option that `launch.slurm.<field>` writes (`--gpus-per-node` for gpus_per_node);
/// empty for a field that is no sbatch option.
std::string_view sbatch_option_of(std::string_view field);

}  // namespace expcfg
