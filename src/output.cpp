#include "expcfg/output.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace expcfg {

bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error) {
  const std::filesystem::path target(path);
  const std::filesystem::path folder =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  auto fail = [&] {
    error = std::strerror(errno);
    close(fd);
    std::remove(temp.c_str());
    return false;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail();
    }
    written += static_cast<std::size_t>(n);
  }
  // mkstemp creates the file 0600; a config file is as readable as any other file.
  const mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0) return fail();
  if (close(fd) != 0) {
    error = std::strerror(errno);
    std::remove(temp.c_str());
    return false;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

namespace {

/// Puts the finished folder `staged` at `target`, swapping out an older one in one step.
bool move_into_place(const std::filesystem::path& staged, const std::filesystem::path& target,
                     std::string& error) {
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno != EEXIST && errno != ENOTEMPTY) {
    error = std::strerror(errno);
    return false;
  }
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    error = std::strerror(errno);
    return false;
  }
  std::error_code ignored;
  std::filesystem::remove_all(staged, ignored);  // now the older folder
  return true;
}

}  // namespace

bool write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             std::string& error) {
  const std::filesystem::path target = std::filesystem::path(folder).lexically_normal();
  const std::filesystem::path parent =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::error_code code;
  std::filesystem::create_directories(parent, code);
  std::string staged = (parent / ("." + target.filename().string() + ".XXXXXX")).string();
  if (code || mkdtemp(staged.data()) == nullptr) {
    error = code ? code.message() : std::strerror(errno);
    return false;
  }
  bool ok = true;
  for (const auto& [name, content] : files) {
    ok = ok &&
         write_file_atomically((std::filesystem::path(staged) / name).string(), content, error);
  }
  ok = ok && move_into_place(staged, target, error);
  if (!ok) std::filesystem::remove_all(staged, code);
  return ok;
}

std::optional<std::string> overwritten_input(const std::string& output,
                                             const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::error_code code;
  const fs::path target = fs::weakly_canonical(output, code);
  const bool folder_known = !code && !target.empty();
  for (const auto& input : inputs) {
    if (input == "-") continue;
    if (fs::equivalent(output, input, code))
      return input;  // false (with a code) if either is missing
    const fs::path source = fs::weakly_canonical(input, code);
    if (code || !folder_known) continue;
    // Inside the folder: `target` is a prefix of `source`, element by element.
    const auto [end, ignored] =
        std::mismatch(target.begin(), target.end(), source.begin(), source.end());
    if (end == target.end()) return input;
  }
  return std::nullopt;
}

}  // namespace expcfg
