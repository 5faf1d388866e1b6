// The disk as the loader sees it.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "expcfg/layer.hpp"

namespace expcfg {
namespace {

class DiskFileSystem final : public FileSystem {
 public:
  std::optional<std::string> read(const std::string& path, std::string& error) override {
    if (path == "-") {
      std::ostringstream buffer;
      buffer << std::cin.rdbuf();
      return buffer.str();
    }
    std::error_code code;
    if (std::filesystem::is_directory(path, code)) {
      error = "is a directory";
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    return text;
  }

  std::string canonical(const std::string& path) override {
    if (path == "-") return "<stdin>";
    std::error_code code;
    auto resolved = std::filesystem::weakly_canonical(path, code);
    return code ? path : resolved.string();
  }
};

}  // namespace

FileSystem& disk_file_system() {
  static DiskFileSystem file_system;
  return file_system;
}

}  // namespace expcfg
