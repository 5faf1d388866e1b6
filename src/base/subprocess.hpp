#pragma once
// Running another program: an argument vector (never a shell), standard input from a string,
// standard output and error read into strings, bounded in time and size.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace expcfg {

struct ProgramLimits {
  std::chrono::milliseconds timeout{10000};
  std::size_t max_output = std::size_t{1} << 20;  ///< more is an error (too_much)
  std::size_t max_errors = 4096;                  ///< standard error is cut here
  /// Reading stops early once this says the output so far is enough (the answer is one line,
  /// say): a child the program left behind may hold the pipes open long after.
  std::function<bool(const std::string&)> enough;
};

/// An `enough` for programs that answer in one line.
bool has_first_line(const std::string& output);

struct ProgramResult {
  std::string output;  ///< standard output
  std::string errors;  ///< standard error, cut at max_errors
  int status = -1;     ///< exit status, -1 when killed by a signal
};

/// What went wrong before a program gave its answer.
struct ProgramFailure {
  enum class Kind { NotFound, CannotStart, TimedOut, TooMuchOutput } kind;
  std::string message;  ///< e.g. "no answer within 10 s"
};

/// Runs `argv` (argv[0] looked up in PATH) with `input` on its standard input. The child is
/// killed when it passes a limit. Returns the result, or sets `failure` and returns nullopt.
std::optional<ProgramResult> run_program(const std::vector<std::string>& argv,
                                         const std::string& input, const ProgramLimits& limits,
                                         ProgramFailure& failure);

}  // namespace expcfg
