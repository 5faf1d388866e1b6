#pragma once
/// Writing output files so that a reader never sees half of one.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expcfg {

/// The file expcfg puts in every folder it writes (sweeps, run records): only a folder that
/// holds it (or an empty one) is ever replaced.
inline constexpr std::string_view kOutputMarker = ".expcfg-output";

/// Writes `content` to `path`. A regular file (or a new one) is replaced atomically: a
/// staging file in the same folder, flushed and renamed into place, with the old file's
/// permissions. Through a symbolic link, the file it names is written and the link kept. A
/// FIFO or character device (/dev/null, a terminal) is written in place, never replaced. A
/// folder or anything else is an error. On failure the old file is untouched and `error` says
/// why. Staging files of processes that died (kill -9) are removed.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

/// Writes `files` (name, content), and kOutputMarker, as the folder `folder`: staged in a
/// temporary folder next to it and moved into place in one step (creating its parents; the
/// umask applies), replacing an older folder of that name whole. Refuses a folder that is
/// neither empty nor marked as expcfg's, and a path that is not a folder. On failure nothing
/// changes and `error` says why.
bool write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             std::string& error);

/// A folder written file by file into a staging folder beside its place, then moved there in
/// one step (what write_folder_atomically does, for outputs too large to hold in memory). The
/// staging folder is removed unless commit() succeeds.
class StagedFolder {
 public:
  StagedFolder() = default;
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;
  ~StagedFolder();

  /// Checks that `folder` may be replaced (see write_folder_atomically) and creates the
  /// staging folder with kOutputMarker in it; false and `error` when not.
  bool open(const std::string& folder, std::string& error);
  /// Writes the new file `name` (no '/') into the staging folder.
  bool write(const std::string& name, std::string_view content, std::string& error);
  /// Appends to the file `name`, buffered.
  bool append(const std::string& name, std::string_view content, std::string& error);
  /// Creates the empty folder `name` (no '/') in the staging folder.
  bool make_folder(const std::string& name, std::string& error);
  /// Moves the finished folder into place, replacing an older one whole.
  bool commit(std::string& error);

 private:
  bool flush(const std::string& name, std::string& error);

  std::string target_;
  std::string staged_;  // empty once committed
  std::map<std::string, std::string> pending_;
};

/// The file among `inputs` that writing `output` would replace: the same file however it is
/// spelled (device and inode), or a file inside `output` when `output` is a folder that gets
/// replaced whole. nullopt when none would be; "-" (stdin) never is.
std::optional<std::string> overwritten_input(const std::string& output,
                                             const std::vector<std::string>& inputs);

}  // namespace expcfg
