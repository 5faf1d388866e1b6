#pragma once
// The few disk operations preflight needs, safe on hostile paths: a FIFO is never opened for
// reading, a folder or device is refused by what it is, a data file is mapped, not copied.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace expcfg::preflight_checks {

enum class PathKind { Missing, File, Folder, Other };

/// What `path` is (following symlinks); `error` says why for Missing when it is not simply
/// absent ("permission denied").
PathKind path_kind(const std::string& path, std::string* error = nullptr);

/// "~/x" with $HOME in front, as Python's expanduser; other paths unchanged.
std::string expand_home(const std::string& path);

/// The names in a folder, sorted; nullopt and `error` when it cannot be listed.
std::optional<std::vector<std::string>> list_folder(const std::string& path, std::string& error);

/// Whether a folder holds any entry (reads one entry, whatever the folder's size).
bool folder_has_entries(const std::string& path);

/// A small text file (a DeepSpeed or model config); nullopt and `error` when it cannot be read.
std::optional<std::string> read_small_file(const std::string& path, std::string& error);

/// A regular file mapped read-only; empty bytes for an empty file.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();
  /// False and `error` when `path` is not a readable regular file.
  bool open(const std::string& path, std::string& error);
  std::string_view bytes() const { return {data_, size_}; }
  /// Drops the pages before `upto` from this process (they stay in the page cache): reading a
  /// large file front to back then holds little memory.
  void release(const char* upto);

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace expcfg::preflight_checks
