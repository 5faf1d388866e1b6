// The points of a sweep, counted with overflow checks before any run resolves.

#include "run/sweep_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/limits.hpp"
#include "schema/secret_fields.hpp"

namespace expcfg {
namespace {

/// `1e-5,[a, b],"x,y"` -> `1e-5`, `[a, b]`, `"x,y"`: commas inside brackets or quotes stay.
std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> values(1);
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      values.emplace_back();
      continue;
    }
    values.back() += c;
  }
  return values;
}

}  // namespace

std::optional<SweepAxis> parse_sweep_axis(const std::string& argument, const std::string& flag,
                                          Diagnostics& diagnostics) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == argument.size()) {
    diagnostics
        .usage_error(Origin::none(), "{} '{}': expected KEY=V1,V2,...", flag, excerpt(argument))
        .notes.push_back(Note{
            Origin::none(), fmt::format("for example: {} training.learning_rate=1e-5,2e-5", flag)});
    return std::nullopt;
  }
  SweepAxis axis{argument.substr(0, equals), split_values(argument.substr(equals + 1))};
  if (axis.key.ends_with('+')) {
    diagnostics.usage_error(Origin::none(), "{} '{}': a sweep sets values; it cannot append", flag,
                            excerpt(argument));
    return std::nullopt;
  }
  return axis;
}

std::size_t sweep_size(const SweepSpec& spec, Diagnostics& diagnostics) {
  std::set<std::string> keys;
  bool ok = true;
  for (const auto* axes : {&spec.grid, &spec.zip}) {
    for (const auto& axis : *axes) {
      if (!keys.insert(axis.key).second) {
        diagnostics.usage_error(Origin::none(), "'{}' is swept twice", excerpt(axis.key));
        ok = false;
      }
    }
  }
  std::vector<std::size_t> lengths;
  for (const auto& axis : spec.grid) lengths.push_back(axis.values.size());
  if (!spec.zip.empty()) {
    const std::size_t length = spec.zip.front().values.size();
    for (const auto& axis : spec.zip) {
      if (axis.values.size() != length) {
        diagnostics.usage_error(Origin::none(),
                                "--zip lists must have one length: '{}' has {} values, '{}' {}",
                                spec.zip.front().key, length, axis.key, axis.values.size());
        ok = false;
      }
    }
    lengths.push_back(length);
  }
  if (keys.empty()) {
    diagnostics.usage_error(Origin::none(), "nothing to sweep: give --grid or --zip");
    ok = false;
  }
  if (!ok) return 0;
  // Stops as soon as the product passes the limit, so it never overflows (16^16 points).
  std::size_t count = 1;
  for (const std::size_t length : lengths) {
    if (length > 0 && count > limits::kMaxSweepRuns / length) {
      diagnostics.usage_error(Origin::none(),
                              "the sweep has more than {} runs, the limit (limits::kMaxSweepRuns)",
                              limits::kMaxSweepRuns);
      return 0;
    }
    count *= length;
  }
  return count;
}

std::vector<std::string> sweep_point(const SweepSpec& spec, std::size_t n) {
  // Mixed radix, the zip axis last and the last axis fastest (like itertools.product).
  std::vector<std::string> point;
  std::size_t rest = n;
  if (!spec.zip.empty()) {
    const std::size_t length = spec.zip.front().values.size();
    for (auto it = spec.zip.rbegin(); it != spec.zip.rend(); ++it) {
      point.push_back(it->key + "=" + it->values[rest % length]);
    }
    rest /= length;
  }
  for (auto it = spec.grid.rbegin(); it != spec.grid.rend(); ++it) {
    point.push_back(it->key + "=" + it->values[rest % it->values.size()]);
    rest /= it->values.size();
  }
  std::reverse(point.begin(), point.end());
  return point;
}

}  // namespace expcfg
