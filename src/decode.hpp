#pragma once
// Typed reading: a YAML value (or --set text) read by its field's declared type, never by
// YAML's guess.

#include <optional>

#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {

/// The entry's value as `field` declares it, or nullopt after reporting why not. With
/// Op::Append, the value is read as a list of the field's items.
std::optional<Value> decode_entry(const FieldSpec& field, const Entry& entry,
                                  Diagnostics& diagnostics);

}  // namespace expcfg
