#pragma once
// Text that no command line, environment or job script can carry safely.

#include "expcfg/resolve.hpp"

namespace expcfg {

/// Reports, at each field's origin, a NUL byte in any value (it ends a C string: one argument
/// or environment value would become two), and a newline or other control character in a
/// path, a model or repository name, a host name or an environment variable's name (each is
/// written on one line of a job script, a command line or a file name). Sweep run names, which
/// become Slurm job entries and file names, are checked where they are made.
void check_unsafe_text(const ResolvedConfig& config, Diagnostics& diagnostics);

}  // namespace expcfg
