#pragma once
/// Writing output files so that a reader never sees half of one.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace expcfg {

/// Writes `content` to `path` through a temporary file in the same folder, flushed and
/// renamed into place; on failure the old file (if any) is untouched and `error` says why.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

/// Writes `files` (name, content) as the folder `folder`: staged in a temporary folder next to
/// it and moved into place in one step (creating its parents), replacing an older folder of
/// that name whole. On failure nothing changes and `error` says why.
bool write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             std::string& error);

/// The file among `inputs` that writing `output` would replace: the same file however it is
/// spelled (device and inode), or a file inside `output` when `output` is a folder that gets
/// replaced whole. nullopt when none would be; "-" (stdin) never is.
std::optional<std::string> overwritten_input(const std::string& output,
                                             const std::vector<std::string>& inputs);

}  // namespace expcfg
