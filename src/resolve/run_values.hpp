#pragma once
// Values fixed once per run: the start time that `${now:FORMAT}` formats and the git state that
// `${git:NAME}` reads. A process reads the clock once and runs git once, so every run of a sweep
// shares them; run records keep them, and `expcfg verify` replays a run with the recorded ones.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// The instant a run started, and the local time zone that `${now:...}` formats it in.
struct RunClock {
  std::int64_t start = 0;       ///< seconds since 1970-01-01T00:00:00Z
  std::int64_t utc_offset = 0;  ///< seconds east of UTC, at `start`
  std::string zone;             ///< "CET", "UTC": what %Z prints
};

/// The repository that holds the configuration files.
struct GitState {
  std::string repository;  ///< its top folder
  std::string commit;      ///< full hash; empty before the first commit
  std::string branch;      ///< "HEAD" when detached
  bool dirty = false;      ///< tracked files differ from the commit (untracked ones do not count)
};

class RunValues {
 public:
  /// This process's values: the clock (or EXPCFG_NOW) read on first use, git run on first use.
  static RunValues& process();

  RunValues() = default;
  /// Fixed values, as a run record holds them; `git` nullopt: there was no repository, for the
  /// reason `git_problem`.
  RunValues(RunClock clock, std::optional<GitState> git, std::string git_problem);

  /// When the run started; nullopt and `error` when EXPCFG_NOW is malformed.
  std::optional<RunClock> clock(std::string& error);
  /// The repository holding `folder`; nullptr and `error` ("not in a git repository", "git is
  /// not installed") when there is none. Git runs once per folder (no shell, a time limit).
  const GitState* git(const std::string& folder, std::string& error);

 private:
  std::mutex guard_;
  bool fixed_ = false;  // values from a record: the clock and git are never asked
  std::optional<RunClock> clock_;
  std::string clock_error_;
  std::map<std::string, std::pair<std::optional<GitState>, std::string>> git_;
};

/// The folder whose repository `${git:...}` and run records describe: the first layer file's,
/// as an absolute path (the current folder when the first layer is standard input or none).
std::string configuration_folder(const ResolvedConfig& config);

/// `${now:FORMAT}`: `clock` formatted as strftime does in the run's local time; nullopt and
/// `error` for an empty format or a directive outside the portable set.
std::optional<std::string> format_time(const RunClock& clock, std::string_view format,
                                       std::string& error);

/// "2026-01-02T03:04:05Z"; and back (nullopt for anything else).
std::string utc_timestamp(std::int64_t seconds);
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text);

/// `${git:NAME}` of `state`: commit, short (its first 7 hex digits), branch, dirty (`true` or
/// `false`); nullopt and `error` before the first commit.
std::optional<std::string> git_value(const GitState& state, std::string_view name,
                                     std::string& error);

}  // namespace expcfg
