// Output files and folders, written the way install, rsync and sed -i write them: a reader
// never sees half a file, only a regular file is ever replaced, and nothing is left behind.

#include "base/output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace expcfg {
namespace {

namespace fs = std::filesystem;

mode_t current_umask() {
  const mode_t mask = umask(0);
  umask(mask);
  return mask;
}

bool fail_with_errno(std::string& error) {
  error = std::strerror(errno);
  return false;
}

bool write_all(int fd, std::string_view content, std::string& error) {
  while (!content.empty()) {
    const ssize_t n = write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_with_errno(error);
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

fs::path parent_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

/// `.NAME.expcfg-PID-`: the start of this process's staging names for NAME. The PID tells a
/// later run which staging files belong to a process that died (kill -9, power loss).
std::string staging_prefix(const fs::path& target, pid_t pid) {
  return fmt::format(".{}.expcfg-{}-", target.filename().string(), pid);
}

/// Removes staging files and folders for `target` left by processes that no longer run.
void remove_stale_staging(const fs::path& target) {
  const std::string start = fmt::format(".{}.expcfg-", target.filename().string());
  std::error_code code;
  for (const auto& entry : fs::directory_iterator(parent_of(target), code)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(start)) continue;
    int pid = 0;
    const char* digits = name.data() + start.size();
    const auto [end, failed] = std::from_chars(digits, name.data() + name.size(), pid);
    struct stat info {};
    if (failed != std::errc() || *end != '-' || pid <= 0 ||
        lstat(entry.path().c_str(), &info) != 0 || info.st_uid != geteuid()) {
      continue;
    }
    if (kill(pid, 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), code);
  }
}

/// What a path that is neither a file nor a folder is, for "is a socket".
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder";
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISBLK(mode)) return "is a block device";
  return "is not a regular file";
}

/// Where writing `path` goes: the file itself, or through symbolic links the file they name.
/// nullopt and `error` for a link to nothing.
std::optional<fs::path> follow_links(const fs::path& path, std::string& error) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  std::error_code code;
  const fs::path target = fs::canonical(path, code);
  if (!code) return target;
  error = "is a symbolic link to a missing file (not writing through it)";
  return std::nullopt;
}

/// Writes a regular file (new, or replacing `old` and keeping its permissions) through a
/// staging file beside it, flushed and renamed into place.
bool replace_file(const fs::path& path, std::string_view content, const struct stat* old,
                  std::string& error) {
  remove_stale_staging(path);
  std::string temp = (parent_of(path) / (staging_prefix(path, getpid()) + "XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) return fail_with_errno(error);
  // mkstemp creates the file 0600; keep an older file's mode (like sed -i), else the umask's.
  const mode_t mode = old ? (old->st_mode & 07777) : (0666 & ~current_umask());
  bool ok = write_all(fd, content, error) && (fchmod(fd, mode) == 0 || fail_with_errno(error));
  if (ok && old && (old->st_uid != geteuid() || old->st_gid != getegid())) {
    [[maybe_unused]] const int ignored = fchown(fd, old->st_uid, old->st_gid);  // best effort
  }
  ok = ok && (fsync(fd) == 0 || fail_with_errno(error));
  ok = (close(fd) == 0 || fail_with_errno(error)) && ok;
  ok = ok && (std::rename(temp.c_str(), path.c_str()) == 0 || fail_with_errno(error));
  if (!ok) std::remove(temp.c_str());
  return ok;
}

/// Writes into a FIFO or a character device (/dev/null, a terminal) as it is: such a file is
/// a channel, and replacing it with a regular file would break it for everyone.
bool write_in_place(const fs::path& path, std::string_view content, std::string& error) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return fail_with_errno(error);
  const bool ok = write_all(fd, content, error);
  return (close(fd) == 0 || fail_with_errno(error)) && ok;
}

}  // namespace

bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error) {
  const auto target = follow_links(path, error);
  if (!target) return false;
  struct stat info {};
  if (stat(target->c_str(), &info) != 0) {
    if (errno != ENOENT) return fail_with_errno(error);
    return replace_file(*target, content, nullptr, error);
  }
  if (S_ISREG(info.st_mode)) return replace_file(*target, content, &info, error);
  if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode)) {
    return write_in_place(*target, content, error);
  }
  error = kind_of(info.st_mode);
  return false;
}

namespace {

/// Why `folder` may not be replaced by a new output folder, or empty when it may: it does
/// not exist, is empty, or holds expcfg's marker (an earlier output of expcfg).
std::string refuse_to_replace(const fs::path& folder) {
  struct stat info {};
  if (stat(folder.c_str(), &info) != 0) return {};  // missing: nothing to replace
  if (S_ISREG(info.st_mode)) return "is a file, not a folder";
  if (!S_ISDIR(info.st_mode)) return kind_of(info.st_mode) + ", not a folder";
  std::error_code code;
  if (fs::is_empty(folder, code) || fs::is_regular_file(folder / kOutputMarker, code)) return {};
  return fmt::format(
      "it is a folder that expcfg did not write (it has no '{}' file) and it is not empty; "
      "expcfg replaces only its own output folders",
      kOutputMarker);
}

/// Puts the finished folder `staged` at `target`, swapping out an older one in one step.
bool move_into_place(const fs::path& staged, const fs::path& target, std::string& error) {
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno != EEXIST && errno != ENOTEMPTY) return fail_with_errno(error);
  if (renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    return fail_with_errno(error);
  }
  std::error_code ignored;
  fs::remove_all(staged, ignored);  // now the older folder
  return true;
}

}  // namespace

bool StagedFolder::open(const std::string& folder, std::string& error) {
  auto target = follow_links(fs::path(folder).lexically_normal(), error);
  if (!target) return false;
  if (error = refuse_to_replace(*target); !error.empty()) return false;
  std::error_code code;
  fs::create_directories(parent_of(*target), code);  // 0777 less the umask
  if (code) {
    error = code.message();
    return false;
  }
  remove_stale_staging(*target);
  std::string staged =
      (parent_of(*target) / (staging_prefix(*target, getpid()) + "XXXXXX")).string();
  if (mkdtemp(staged.data()) == nullptr) return fail_with_errno(error);
  target_ = *target;
  staged_ = staged;
  // mkdtemp makes the folder 0700; an output folder is as open as the umask says.
  if (chmod(staged.c_str(), 0777 & ~current_umask()) != 0) return fail_with_errno(error);
  return write(std::string(kOutputMarker),
               "This folder was written by expcfg, which replaces it whole when it writes here "
               "again.\n",
               error);
}

bool StagedFolder::write(const std::string& name, std::string_view content, std::string& error) {
  // No staging file of its own: the whole folder is staged.
  const int fd =
      ::open((fs::path(staged_) / name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return fail_with_errno(error);
  const bool ok = write_all(fd, content, error);
  return (close(fd) == 0 || fail_with_errno(error)) && ok;
}

bool StagedFolder::make_folder(const std::string& name, std::string& error) {
  return ::mkdir((fs::path(staged_) / name).c_str(), 0777) == 0 || fail_with_errno(error);
}

bool StagedFolder::append(const std::string& name, std::string_view content, std::string& error) {
  std::string& pending = pending_[name];
  pending += content;
  return pending.size() < (std::size_t{1} << 20) || flush(name, error);
}

bool StagedFolder::flush(const std::string& name, std::string& error) {
  std::string& pending = pending_[name];
  const int fd =
      ::open((fs::path(staged_) / name).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) return fail_with_errno(error);
  const bool ok = write_all(fd, pending, error);
  pending.clear();
  return (close(fd) == 0 || fail_with_errno(error)) && ok;
}

bool StagedFolder::commit(std::string& error) {
  for (const auto& [name, pending] : pending_) {
    if (!flush(name, error)) return false;
  }
  if (!move_into_place(staged_, target_, error)) return false;
  staged_.clear();
  return true;
}

StagedFolder::~StagedFolder() {
  std::error_code ignored;
  if (!staged_.empty()) fs::remove_all(staged_, ignored);
}

bool write_folder_atomically(const std::string& folder,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             std::string& error) {
  StagedFolder staged;
  if (!staged.open(folder, error)) return false;
  for (const auto& [name, content] : files) {
    if (!staged.write(name, content, error)) return false;
  }
  return staged.commit(error);
}

std::optional<std::string> overwritten_input(const std::string& output,
                                             const std::vector<std::string>& inputs) {
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
