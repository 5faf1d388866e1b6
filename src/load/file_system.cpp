// The disk as the loader sees it: regular files (or stdin) of bounded size, never a FIFO or
// device that could block or never end.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/limits.hpp"
#include "expcfg/layer.hpp"

namespace expcfg {
namespace {

std::string size_in_mib(std::size_t bytes) { return fmt::format("{} MiB", bytes >> 20); }

/// What a non-regular file is, for "is a FIFO, not a regular file".
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

/// Reads all of `fd` up to the size limit; nullopt and `error` on failure or a larger input.
/// `size_hint` (a regular file's size) saves the copies of a growing buffer.
std::optional<std::string> read_all(int fd, std::string& error, std::size_t size_hint = 0) {
  std::string text;
  text.reserve(size_hint);
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (got == 0) return text;
    if (text.size() + static_cast<std::size_t>(got) > limits::kMaxFileBytes) {
      error = fmt::format("larger than the {} limit of a layer file",
                          size_in_mib(limits::kMaxFileBytes));
      return std::nullopt;
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

class DiskFileSystem final : public FileSystem {
 public:
  std::optional<std::string> read(const std::string& path, std::string& error) override {
    if (path == "-") return read_all(STDIN_FILENO, error);
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    std::optional<std::string> text;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      error = std::strerror(errno);
    } else if (S_ISDIR(info.st_mode)) {
      error = "is a directory";
    } else if (!S_ISREG(info.st_mode)) {
      error = fmt::format("is {}, not a regular file (use '-' to read standard input)",
                          kind_of(info.st_mode));
    } else if (static_cast<std::size_t>(info.st_size) > limits::kMaxFileBytes) {
      error = fmt::format("is {} bytes, larger than the {} limit of a layer file", info.st_size,
                          size_in_mib(limits::kMaxFileBytes));
    } else {
      text = read_all(fd, error, static_cast<std::size_t>(info.st_size));
    }
    ::close(fd);
    return text;
  }

  std::string canonical(const std::string& path) override {
    if (path == "-") return "<stdin>";
    std::error_code code;
    auto resolved = std::filesystem::weakly_canonical(path, code);
    return code ? path : resolved.string();
  }

  bool is_file(const std::string& path) override {
    std::error_code code;
    return std::filesystem::is_regular_file(path, code);
  }

  std::vector<std::string> list_folder(const std::string& path) override {
    std::vector<std::string> names;
    std::error_code code;
    for (std::filesystem::directory_iterator it(path, code), end; !code && it != end;
         it.increment(code)) {
      std::error_code type_code;
      const bool folder = it->is_directory(type_code);
      names.push_back(it->path().filename().string() + (folder ? "/" : ""));
      if (names.size() >= 10'000) break;  // only for listing choices in a message
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

}  // namespace

FileSystem& disk_file_system() {
  static DiskFileSystem file_system;
  return file_system;
}

}  // namespace expcfg
