#pragma once
/// A JSON Schema (draft 2020-12) of the layer-file format, generated from the field tables, for
/// editors (yaml-language-server) and other tools:
///
///   {"type": "object", "additionalProperties": false, "properties": {
///      "extends": ..., "runner": ..., "model": {"properties": {"model_name_or_path": {...}}},
///      ...}}

#include <optional>
#include <string>

#include "expcfg/schema.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

/// The schema of a layer file for `runner`'s fields; nullptr: for every runner, the fields
/// chosen by the file's `runner:` value (and any runner's fields when a file sets none, as a
/// base or override file that inherits its runner). With `transformers`, only the fields that
/// release has; without, every supported release's (a layer may target any of them).
Json json_schema(const RunnerSchema* runner, std::optional<Version> transformers = std::nullopt);

/// One field's value: its type by kind, choices as an enum, null when nullable, its default
/// and help. Scalars that expcfg reads as text (`run_name: 1.10`) are allowed as numbers and
/// bools too, since an editor's YAML 1.2 reader types them before the schema sees them.
Json field_json_schema(const FieldSpec& field);

}  // namespace expcfg
