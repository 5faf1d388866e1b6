#pragma once
// Run names: a sweep's --name template filled from each run's resolved values.

#include <cstddef>
#include <optional>
#include <string>

#include "expcfg/diagnostics.hpp"
#include "expcfg/resolve.hpp"
#include "run/sweep_grid.hpp"

namespace expcfg {

/// The last part of a path ("a/b/" -> "b").
std::string basename(std::string text);

/// Why `name` cannot be a file name in the sweep folder, or empty when it can.
std::string bad_file_name(const std::string& name);

/// The default template: `name={key}` for each swept key, joined by ','; a credential's part
/// is `name=secret{index}`, which never shows it.
std::string default_template(const SweepSpec& spec);

/// The run's name from the template: `{KEY}` the run's resolved value (`{KEY|basename}` its
/// last path part), `{index}` the run's number; nullopt after a usage error.
std::optional<std::string> render_name(const std::string& name_template,
                                       const ResolvedConfig& config, std::size_t index,
                                       Diagnostics& diagnostics);

}  // namespace expcfg
