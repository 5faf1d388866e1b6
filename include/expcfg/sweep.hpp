#pragma once
/// Sweeps: one layered configuration resolved at every point of a grid of overrides.
///
///   expcfg sweep configs/experiments/bge-large-en-v1.5.yaml -o sweeps/lr
///     --grid training.learning_rate=1e-5,2e-5 --grid training.seed=1,2
///
/// is 4 runs, each a full resolution of the stack plus `--set training.learning_rate=...`
/// and `--set training.seed=...`, named by a template and given its own output_dir.

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

/// Every point's overrides (`KEY=VALUE`), in order; empty after a usage error (zipped lists
/// of different lengths, a key swept twice) or when there is no axis.
std::vector<std::vector<std::string>> sweep_points(const SweepSpec& spec, Diagnostics& diagnostics);

/// Resolves `layers` (parsed once) with `overrides` and each point's overrides, names each
/// run, and puts its output under `<output_dir>/<name>`. Every point is validated; errors
/// name the run they belong to. The runs are meaningful only when `diagnostics` stayed empty.
std::vector<SweepRun> resolve_sweep(const std::vector<Layer>& layers,
                                    const std::vector<Entry>& overrides, const SweepSpec& spec,
                                    Diagnostics& diagnostics);

/// One line of runs.jsonl: {"name", "overrides", "output_dir", "config_hash", "file"}.
std::string manifest_line(const SweepRun& run);

/// A Slurm job-array script: task i runs `expcfg launch --exec <folder>/<run i>.yaml`.
std::string slurm_script(const std::vector<SweepRun>& runs, const std::string& folder);

}  // namespace expcfg
