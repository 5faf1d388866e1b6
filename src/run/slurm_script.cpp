// sweep.slurm: one array task per run of a sweep folder.

#include "run/slurm_script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "expcfg/emit.hpp"
#include "run/run_names.hpp"

namespace expcfg {

std::optional<std::string> slurm_folder(const std::string& output, Diagnostics& diagnostics) {
  const std::string folder = std::filesystem::absolute(output).lexically_normal().string();
  if (std::any_of(folder.begin(), folder.end(), [](char c) { return c >= 0 && c < 0x20; })) {
    diagnostics
        .usage_error(Origin::none(), "the sweep folder '{}' holds a control character",
                     excerpt(folder))
        .notes.push_back(Note{Origin::none(),
                              "sweep.slurm names the folder on one line; choose a path "
                              "(and a current folder) without newlines"});
    return std::nullopt;
  }
  return folder;
}

namespace {

/// Slurm's job name from the folder's name: letters, digits, '.', '_' and '-' only.
std::string job_name(const std::string& folder) {
  std::string name = basename(folder);
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!plain) c = '_';
  }
  return name;
}

}  // namespace

std::string slurm_script(std::size_t runs, std::int64_t gpus, const std::string& folder) {
  // Every value from outside goes through shell_quote (or job_name); the folder is one line.
  return fmt::format(
      "#!/bin/bash\n"
      "# Slurm job array for an expcfg sweep: task i runs line i of runs.txt.\n"
      "#   sbatch {0}\n"
      "#SBATCH --job-name={1}\n"
      "#SBATCH --array=0-{2}\n"
      "#SBATCH --nodes=1\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --gpus-per-node={3}\n"
      "#SBATCH --output=slurm-%A_%a.out\n"
      "set -euo pipefail\n"
      "sweep={4}\n"
      "mapfile -t runs <\"$sweep/runs.txt\"\n"
      "exec expcfg launch --exec \"$sweep/${{runs[$SLURM_ARRAY_TASK_ID]}}\"\n",
      shell_quote(folder + "/sweep.slurm"), job_name(folder), runs - 1, gpus, shell_quote(folder));
}

}  // namespace expcfg
