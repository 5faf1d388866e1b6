#pragma once
/// Submitting a batch script to Slurm: `sbatch --parsable`, and the cluster's MaxArraySize
/// from `scontrol show config`, each run as a program (no shell) with a time limit.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"

namespace expcfg {

/// Slurm's default MaxArraySize: array indices run from 0 to 1000.
inline constexpr std::size_t kDefaultMaxArraySize = 1001;

/// The cluster's MaxArraySize, or kDefaultMaxArraySize when scontrol cannot tell.
std::size_t max_array_size();

/// One part of a job array: runs first .. first + count - 1 of a sweep.
struct ArrayPart {
  std::size_t first = 0;
  std::size_t count = 0;
};

/// `runs` runs as arrays whose indices stay below `max_array_size`.
std::vector<ArrayPart> array_parts(std::size_t runs, std::size_t max_array_size);

/// Runs `sbatch --parsable OPTIONS SCRIPT ARGS` and returns the job id it prints; nullopt after
/// reporting sbatch's own message.
std::optional<std::string> sbatch(const std::string& script,
                                  const std::vector<std::string>& options,
                                  const std::vector<std::string>& arguments,
                                  Diagnostics& diagnostics);

}  // namespace expcfg
