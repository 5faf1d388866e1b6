#pragma once
// A word of a command line: what the script reader yields and import reads.

#include <string>

#include "expcfg/diagnostics.hpp"

namespace expcfg {

/// One word of a command line and where its first character was written.
struct Word {
  std::string text;
  Origin origin;
  /// `text` is in expcfg's template syntax (a script's `$HOME` read as `${env:HOME}`, a value
  /// only the run knows as `${fill:...}`); false: literal text (a command line's words).
  bool is_template = false;
};

}  // namespace expcfg
