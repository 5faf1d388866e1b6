#pragma once
// Running a short helper program (python3 for `auto`, git for run-time values): an argument
// vector, never a shell; standard output read through a pipe; killed if it hangs.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace expcfg {

struct ChildOptions {
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
  /// Reading stops once this many bytes arrived.
  std::size_t max_output = 4096;
  /// Reading stops early once this says the output read so far is enough (a child the program
  /// left behind may hold the pipe open).
  std::function<bool(const std::string&)> enough;
};

/// Runs `argv` (looked up on PATH), its standard error discarded; returns what it printed and
/// its exit status (-1 when a signal ended it), or nullopt and `error` when it could not start
/// or did not finish in time.
std::optional<std::pair<std::string, int>> run_child(const std::vector<std::string>& argv,
                                                     const ChildOptions& options,
                                                     std::string& error);

}  // namespace expcfg
