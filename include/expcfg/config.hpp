#pragma once
/// The whole pipeline in one call, as the command line uses it:
///
///   Diagnostics problems;
///   auto overrides = ...;  // parse_set / parse_unset, in command-line order
///   ResolvedConfig config = load_config({"configs/experiments/x.yaml"}, overrides,
///                                       disk_file_system(), problems);
///   if (problems.empty()) fmt::print("{}", emit_yaml(config, {}));

#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/resolve.hpp"

namespace expcfg {

/// Loads `files` (each after its `extends` chain), applies `overrides` last, resolves and
/// validates. The result is meaningful only when `diagnostics` stayed empty.
ResolvedConfig load_config(const std::vector<std::string>& files, std::vector<Entry> overrides,
                           FileSystem& file_system, Diagnostics& diagnostics,
                           const ResolveOptions& options = {});

/// Exit status for a run that found `diagnostics`: 0 none (or only warnings), 2 a usage or I/O
/// problem, 1 an invalid configuration.
int exit_status(const Diagnostics& diagnostics);

}  // namespace expcfg
