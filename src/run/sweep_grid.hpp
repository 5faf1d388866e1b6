#pragma once
// The points of a sweep: `--grid` axes multiplied out, `--zip` axes taken together, each point
// a list of `KEY=VALUE` overrides.

#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"

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

}  // namespace expcfg
