#pragma once
// Interpolation: `${section.field}`, `${env:NAME}`, `${env:NAME,default}` and `$${` in the
// string values of a merged configuration, resolved after every layer and override.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/template_syntax.hpp"
#include "expcfg/resolve.hpp"

namespace expcfg {

/// Resolves every reference in `config`'s values, converts each whole value to its field's
/// type, and records what was written in `config.interpolations`. Errors (unknown keys, unset
/// variables, cycles, values of the wrong type) are reported at the value that holds the
/// reference.
void interpolate(ResolvedConfig& config, const ResolveOptions& options, Diagnostics& diagnostics);

}  // namespace expcfg
