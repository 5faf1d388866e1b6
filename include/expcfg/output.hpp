#pragma once
/// Writing output files so that a reader never sees half of one.

#include <string>

namespace expcfg {

/// Writes `content` to `path` through a temporary file in the same folder, flushed and
/// renamed into place; on failure the old file (if any) is untouched and `error` says why.
bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error);

}  // namespace expcfg
