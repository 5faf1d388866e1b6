#pragma once
/// Sweeps: one layered configuration resolved at every point of a grid of overrides.
///
///   expcfg sweep configs/experiments/bge-large-en-v1.5.yaml -o sweeps/lr
///     --grid training.learning_rate=1e-5,2e-5 --grid training.seed=1,2
///
/// is 4 runs, each the stack resolved with `--set training.learning_rate=...` and
/// `--set training.seed=...`, named by a template and given its own output_dir. The stack is
/// merged once (StackResolver); each point applies only its own overrides.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/resolve.hpp"
#include "run/sweep_grid.hpp"

namespace expcfg {

/// One run of a sweep.
struct SweepRun {
  std::string name;
  std::vector<std::string> overrides;  ///< this run's `KEY=VALUE`s, after the common --set ones
  ResolvedConfig config;               ///< output_dir already made the run's own
  std::string hash;                    ///< config_hash(config)
};

/// Resolves `layers` (parsed once) with `overrides` and each point's overrides, names each
/// run, puts its output under `<output_dir>/<name>`, and hands each run to `visit` as soon as
/// it resolves: no run is kept, so memory stays flat in the number of runs (but for a hash of
/// each name, to keep names unique). Every point is validated; errors name the run they belong
/// to, and after the first one `visit` is not called again. Returns sweep_size.
std::size_t for_each_sweep_run(const std::vector<Layer>& layers,
                               const std::vector<Entry>& overrides, const SweepSpec& spec,
                               const std::function<void(const SweepRun&)>& visit,
                               Diagnostics& diagnostics);

/// One line of runs.jsonl: {"name", "overrides", "output_dir", "config_hash", "file"}, with
/// credentials as `<redacted>`.
std::string manifest_line(const SweepRun& run);

}  // namespace expcfg
