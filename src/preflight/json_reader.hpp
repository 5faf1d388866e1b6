#pragma once
// JSON with the position of every key, for messages that point into a DeepSpeed file:
// "configs/deepspeed/ds.json:3:5: error: ...". A repeated key keeps its last value, as
// Python's json module does, and is remembered.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/value.hpp"

namespace expcfg::preflight_checks {

struct LocatedJson {
  Json value;
  /// Dotted path of each object key ("zero_optimization.stage") to where the key is written.
  std::map<std::string, SourceLoc> keys;
  /// Keys written twice in one object, at their second place.
  std::vector<std::pair<std::string, SourceLoc>> duplicates;
};

/// Parses `text`; on a syntax error nullopt, with `error` saying what and `where` where.
std::optional<LocatedJson> read_json(std::string_view text,
                                     const std::shared_ptr<const std::string>& file,
                                     std::string& error, SourceLoc& where);

}  // namespace expcfg::preflight_checks
