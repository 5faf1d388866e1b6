#pragma once
// How TrainingArguments fields changed across transformers releases: generated data
// (schema_history.cpp, from the reference's record of every release) and what it means for a
// field in one release.

#include <optional>
#include <span>
#include <string_view>

#include "expcfg/schema.hpp"
#include "expcfg/versions.hpp"

namespace expcfg {

/// A field's facts from release `since` until its next era. Fields whose facts never change
/// have no era: their table row holds them.
struct FieldEra {
  std::string_view field;
  Version since;
  bool present = true;
  /// The dataclass default as JSON; "\"<required>\"" when the field has none.
  std::string_view default_json;
  /// How HfArgumentParser reads it: argparse `type` ("int", "float", "str", "string_to_bool",
  /// "dict", ...) and `nargs` ("", "?", "+").
  std::string_view cli_type;
  std::string_view cli_nargs;
  Choices choices;
};

/// What the sources name as the replacement of a removed field ("eval_strategy",
/// "env TENSORBOARD_LOGGING_DIR", ...); empty: none.
struct FieldReplacement {
  std::string_view field;
  std::string_view replacement;
};

/// Every era of every changing field, each field's eras in release order.
std::span<const FieldEra> field_eras();
std::span<const FieldReplacement> field_replacements();

/// The eras of `field` (empty when its facts never change).
std::span<const FieldEra> eras_of(std::string_view field);
/// The era of `field` that `version` falls in; nullopt when the field never changes.
std::optional<FieldEra> era_at(std::string_view field, Version version);
/// The replacement the sources name for the removed `field`, if any.
std::optional<std::string_view> replacement_of(std::string_view field);

}  // namespace expcfg
