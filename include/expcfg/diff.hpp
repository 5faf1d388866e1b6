#pragma once
/// What differs between two resolved configurations, field by field.
///
///   training.learning_rate: 1e-05 -> 2e-05
///   data.train_data: 4 -> 5 entries
///     + ./example_data/debug

#include <optional>
#include <string>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// One field whose typed values differ (or that only one side's runner has).
struct FieldDiff {
  std::string key;            ///< "training.learning_rate", or "runner"
  std::optional<Value> left;  ///< nullopt: the left side's runner has no such field
  std::optional<Value> right;
  std::string left_origin;  ///< "configs/a.yaml:7", "default", ...
  std::string right_origin;
};

struct DiffOptions {
  /// Show credentials that differ as `<redacted>` (they still compare by their real values).
  bool redact_secrets = true;
};

/// The differing fields in declaration order (the runner first, then fields of the left
/// runner, then fields only the right one has). Values compare by type: 1e-5 equals 0.00001,
/// list order matters, None differs from every value.
std::vector<FieldDiff> diff(const ResolvedConfig& left, const ResolvedConfig& right,
                            const DiffOptions& options = {});

struct DiffTextOptions {
  bool show_origin = false;
  bool color = false;
};

/// One line per difference; lists of more than three entries on either side show the entries
/// added (+) and removed (-) instead of both lists.
std::string render_diff_text(const std::vector<FieldDiff>& diffs, const DiffTextOptions& options);

/// `[{"key": ..., "left": ..., "right": ..., "left_origin": ..., "right_origin": ...}]`; a side
/// without the field has no value key.
std::string render_diff_json(const std::vector<FieldDiff>& diffs);

}  // namespace expcfg
