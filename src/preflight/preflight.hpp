#pragma once
/// Preflight: the checks that read what a valid configuration names (the DeepSpeed JSON, the
/// data files, the model folder, output_dir, the checkpoint to resume) and judge it the way
/// the run would, minutes later, on the training machine.
///
///   Diagnostics problems;
///   const ResolvedConfig config = load_config(files, {}, disk_file_system(), problems);
///   if (!problems.has_errors()) preflight(config, {}, problems);
///
/// Each message ends with the id of its rule in docs/preflight.md: "... [DS01]". Paths in
/// values are relative to the current folder (where the run starts), not to the layer file.

#include <cstddef>
#include <string>

#include "expcfg/diagnostics.hpp"
#include "expcfg/resolve.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

struct PreflightOptions {
  /// Records checked in each data file (0: all). The rest are only counted (JSON Lines) so
  /// that the batch arithmetic still holds.
  std::size_t sample = 0;
};

/// What preflight learnt besides its problems.
struct PreflightReport {
  /// The DeepSpeed config as the Trainer fills it: every "auto" it replaces shown with its
  /// value (null when no DeepSpeed config is used). Values that depend on what only the run
  /// knows stay "auto".
  Json deepspeed;
  /// Records the data files yield (after max_example_num_per_dataset), when every file was read.
  std::optional<std::int64_t> records;
};

/// Runs every file-reading check on `config` (which must have resolved without errors) and
/// appends its problems to `diagnostics`: errors for what makes the run fail, warnings for
/// what makes it train something other than the configuration says.
PreflightReport preflight(const ResolvedConfig& config, const PreflightOptions& options,
                          Diagnostics& diagnostics);

/// The rule id a preflight message ends with ("DS01"), or empty.
std::string preflight_rule(const Diagnostic& diagnostic);

/// The diagnostics as a JSON array of {"severity", "rule", "location", "message", "notes"}.
Json diagnostics_json(const Diagnostics& diagnostics);

}  // namespace expcfg
