// Disk access for preflight. Data files can be many gigabytes: they are mapped and read once,
// front to back, so memory stays at what the kernel caches.

#include "preflight/disk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "expcfg/layer.hpp"

namespace expcfg::preflight_checks {

PathKind path_kind(const std::string& path, std::string* error) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (error) *error = errno == ENOENT ? "no such file or directory" : std::strerror(errno);
    return PathKind::Missing;
  }
  if (S_ISREG(info.st_mode)) return PathKind::File;
  if (S_ISDIR(info.st_mode)) return PathKind::Folder;
  return PathKind::Other;
}

std::string expand_home(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + path.substr(1);
  }
  return path;
}

std::optional<std::vector<std::string>> list_folder(const std::string& path, std::string& error) {
  DIR* folder = ::opendir(path.c_str());
  if (!folder) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(folder)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(folder);
  std::sort(names.begin(), names.end());
  return names;
}

bool folder_has_entries(const std::string& path) {
  DIR* folder = ::opendir(path.c_str());
  if (!folder) return false;
  bool found = false;
  while (const dirent* entry = ::readdir(folder)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      found = true;
      break;
    }
  }
  ::closedir(folder);
  return found;
}

std::optional<std::string> read_small_file(const std::string& path, std::string& error) {
  if (path == "-") {
    error = "'-' is not a file here";
    return std::nullopt;
  }
  return disk_file_system().read(path, error);
}

MappedFile::~MappedFile() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::release(const char* upto) {
  if (!mapped_ || upto <= data_) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t length = static_cast<std::size_t>(upto - data_) / page * page;
  if (length > 0) ::madvise(const_cast<char*>(data_), length, MADV_DONTNEED);
}

bool MappedFile::open(const std::string& path, std::string& error) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    error = S_ISDIR(info.st_mode) ? "a directory, not a file" : "not a regular file";
    ::close(fd);
    return false;
  }
  size_ = static_cast<std::size_t>(info.st_size);
  if (size_ == 0) {
    ::close(fd);
    return true;
  }
  void* address = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (address == MAP_FAILED) {
    error = std::strerror(errno);
    size_ = 0;
    return false;
  }
  ::madvise(address, size_, MADV_SEQUENTIAL);
  data_ = static_cast<const char*>(address);
  mapped_ = true;
  return true;
}

}  // namespace expcfg::preflight_checks
