#pragma once
// Typed reading: a YAML value (or --set text) read by its field's declared type, never by
// YAML's guess.

#include <optional>

#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {

/// The one way a written value becomes a typed one: the entry's value (a YAML node, a --set's
/// text, or words from import and interpolation) as `field` declares it, or nullopt after
/// reporting why not. With
/// Op::Append, the value is read as a list of the field's items. A scalar holding `${`
/// (`seed: ${env:SEED}`) is kept as its text, typed after interpolation (interpolate.hpp),
/// unless `keep_templates` is false.
std::optional<Value> decode_entry(const FieldSpec& field, const Entry& entry,
                                  Diagnostics& diagnostics, bool keep_templates = true);

}  // namespace expcfg
