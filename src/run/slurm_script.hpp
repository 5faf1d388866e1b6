#pragma once
// The Slurm job-array script of a sweep folder.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "expcfg/diagnostics.hpp"

namespace expcfg {

/// The sweep's folder as `sweep.slurm` names it: absolute, and one line of plain text (a
/// newline in it would become a command in the script); nullopt after a usage error.
std::optional<std::string> slurm_folder(const std::string& output, Diagnostics& diagnostics);

/// A Slurm job-array script for `runs` runs needing `gpus` GPUs each: task i runs `expcfg
/// launch --exec <folder>/<line i of runs.txt>` (runs.txt: one run file name per line).
std::string slurm_script(std::size_t runs, std::int64_t gpus, const std::string& folder);

}  // namespace expcfg
