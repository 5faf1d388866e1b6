#pragma once
/// Sweeps: one layered configuration resolved at every point of a grid of overrides.
///
///   expcfg sweep configs/experiments/bge-large-en-v1.5.yaml -o sweeps/lr
///     --grid training.learning_rate=1e-5,2e-5 --grid training.seed=1,2
///
/// is 4 runs, each a full resolution of the stack plus `--set training.learning_rate=...`
/// and `--set training.seed=...`, named by a template and given its own output_dir.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/resolve.hpp"

namespace expcfg {

/// `KEY=V1,V2,...`: the values one key takes (commas inside [], {} or quotes do not split).
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

struct SweepSpec {
  std::vector<SweepAxis> grid;  ///< the cartesian product, the last axis varying fastest
  std::vector<SweepAxis> zip;   ///< taken together, value i with value i: one more axis
  /// Run names: `{KEY}` is the run's resolved value (`{KEY|basename}` its last path part),
  /// `{index}` the run's number. Empty: `name=value` of each swept field, joined by ','.
  std::string name_template;
};

/// One run of a sweep.
struct SweepRun {
  std::string name;
  std::vector<std::string> overrides;  ///< this run's `KEY=VALUE`s, after the common --set ones
  ResolvedConfig config;               ///< output_dir already made the run's own
  std::string hash;                    ///< config_hash(config)
};

/// Reads `--grid`/`--zip` arguments; nullopt after a usage error.
std::optional<SweepAxis> parse_sweep_axis(const std::string& argument, const std::string& flag,
                                          Diagnostics& diagnostics);

/// The number of runs: the product of the grid's lengths, times the zip's length. Counted
/// with overflow checks; 0 after a usage error (more than limits::kMaxSweepRuns, zipped lists
/// of different lengths, a key swept twice, no axis), reported before any run resolves.
std::size_t sweep_size(const SweepSpec& spec, Diagnostics& diagnostics);

/// Run `n`'s overrides (`KEY=VALUE`), for n below sweep_size: the grid in order, the last axis
/// fastest (like itertools.product), then the zip.
std::vector<std::string> sweep_point(const SweepSpec& spec, std::size_t n);

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

/// The sweep's folder as `sweep.slurm` names it: absolute, and one line of plain text (a
/// newline in it would become a command in the script); nullopt after a usage error.
std::optional<std::string> slurm_folder(const std::string& output, Diagnostics& diagnostics);

/// A Slurm job-array script for `runs` runs needing `gpus` GPUs each: task i runs `expcfg
/// launch --exec <folder>/<line i of runs.txt>` (runs.txt: one run file name per line).
std::string slurm_script(std::size_t runs, std::int64_t gpus, const std::string& folder);

}  // namespace expcfg
