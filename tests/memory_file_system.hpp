#pragma once
// Files in memory for unit tests, like ninja's VirtualFileSystem.

#include <map>
#include <string>

#include "expcfg/resolve.hpp"

namespace expcfg::testing {

class MemoryFileSystem final : public FileSystem {
 public:
  MemoryFileSystem(std::initializer_list<std::pair<const std::string, std::string>> files)
      : files_(files) {}
  explicit MemoryFileSystem(std::map<std::string, std::string> files) : files_(std::move(files)) {}

  std::optional<std::string> read(const std::string& path, std::string& error) override {
    auto it = files_.find(path);
    if (it == files_.end()) {
      error = "No such file or directory";
      return std::nullopt;
    }
    return it->second;
  }
  std::string canonical(const std::string& path) override { return path; }

 private:
  std::map<std::string, std::string> files_;
};

/// Resolves `files` of `fs` with overrides given as command-line words
/// ("--set", "k=v", "--unset", "k").
inline ResolvedConfig resolve_with(MemoryFileSystem fs, const std::vector<std::string>& files,
                                   const std::vector<std::string>& flags, Diagnostics& problems) {
  std::vector<Entry> overrides;
  for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
    if (flags[i] == "--set") {
      if (auto entry = parse_set(flags[i + 1], problems)) overrides.push_back(*entry);
    } else {
      if (auto entry = parse_unset(flags[i + 1], problems)) overrides.push_back(*entry);
    }
  }
  // Unit tests and fuzzers never start a Python (`auto` is an error here).
  ResolveOptions options;
  options.run_python = false;
  return load_config(files, std::move(overrides), fs, problems, options);
}

/// A resolution and its problems as rendered text ("" when there were none).
struct Run {
  ResolvedConfig config;
  std::string problems;
};

inline Run run(MemoryFileSystem fs, const std::vector<std::string>& files,
               const std::vector<std::string>& flags = {}) {
  Diagnostics problems;
  Run result{resolve_with(std::move(fs), files, flags, problems), ""};
  result.problems = render(problems);
  return result;
}

/// A minimal valid experiment, to which tests add the lines they are about.
inline std::string valid_layer(const std::string& extra_training = "") {
  return "model:\n  model_name_or_path: m\ndata:\n  train_data: [a.jsonl]\ntraining:\n" +
         (extra_training.empty() ? std::string("  seed: 1\n") : extra_training);
}

}  // namespace expcfg::testing
