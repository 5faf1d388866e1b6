#include "resolve/run_values.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "base/subprocess.hpp"
#include "expcfg/diagnostics.hpp"

namespace expcfg {
namespace {

/// The strftime directives whose output is the same text on every C library and holds no
/// control character (%n and %t would put a newline or tab in a path).
constexpr std::string_view kTimeDirectives = "aAbBcCdDeFgGhHIjmMpRSTuUVwWyYzZ%";
constexpr std::size_t kMaxTimeFormat = 256;

/// The clock, or EXPCFG_NOW when set: tests and reproductions fix the run's start with it.
std::optional<RunClock> read_clock(std::string& error) {
  std::int64_t start = 0;
  if (const char* fixed = std::getenv("EXPCFG_NOW"); fixed && *fixed) {
    const auto parsed = parse_utc_timestamp(fixed);
    if (!parsed) {
      error = fmt::format("EXPCFG_NOW: expected a UTC time such as 2026-01-02T03:04:05Z, got '{}'",
                          excerpt(fixed));
      return std::nullopt;
    }
    start = *parsed;
  } else {
    start = static_cast<std::int64_t>(std::time(nullptr));
  }
  const auto seconds = static_cast<std::time_t>(start);
  std::tm local{};
  if (!localtime_r(&seconds, &local)) {
    error = "cannot read the local time zone";
    return std::nullopt;
  }
  return RunClock{start, static_cast<std::int64_t>(local.tm_gmtoff),
                  local.tm_zone ? local.tm_zone : ""};
}

/// The folder at or above `folder` that holds `.git` (a folder, or a file for a worktree).
std::optional<std::filesystem::path> repository_top(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code code;
  fs::path at = fs::absolute(folder.empty() ? "." : folder, code).lexically_normal();
  if (code) return std::nullopt;
  while (true) {
    if (fs::exists(at / ".git", code)) return at;
    if (!at.has_relative_path()) return std::nullopt;  // the root
    at = at.parent_path();
  }
}

bool has_entry_line(const std::string& output) {
  std::size_t at = 0;
  while (at < output.size()) {
    const std::size_t end = output.find('\n', at);
    if (end == std::string::npos) return false;  // an incomplete line
    if (output[at] != '#') return true;
    at = end + 1;
  }
  return false;
}

/// One `git status`: its `--porcelain=v2 --branch` header names the commit and branch, and any
/// line after the header is a changed tracked file.
std::optional<GitState> read_git(const std::string& folder, std::string& error) {
  const auto top = repository_top(folder);
  if (!top) {
    error = fmt::format("'{}' is not in a git repository", folder.empty() ? "." : folder);
    return std::nullopt;
  }
  // No optional locks: reading the state must not write the index. core.fsmonitor off: a
  // repository's config must not start a program of its choosing.
  ProgramLimits limits;
  limits.max_output = std::size_t{1} << 16;
  limits.enough = has_entry_line;
  ProgramFailure failure;
  const auto result =
      run_program({"git", "--no-optional-locks", "-c", "core.fsmonitor=false", "-C", top->string(),
                   "status", "--porcelain=v2", "--branch", "--untracked-files=no"},
                  "", limits, failure);
  if (!result) {
    error = failure.kind == ProgramFailure::Kind::NotFound
                ? "git is not installed (not found on PATH)"
                : failure.message;
    error = fmt::format("cannot read the git state of '{}': {}", top->string(), error);
    return std::nullopt;
  }
  GitState state;
  state.repository = top->string();
  state.dirty = has_entry_line(result->output);
  // Reading stopped at the first changed file: git may then have died of SIGPIPE.
  if (result->status != 0 && !state.dirty) {
    error = fmt::format("cannot read the git state of '{}': git status exited with status {}",
                        top->string(), result->status);
    return std::nullopt;
  }
  std::size_t at = 0;
  const std::string& output = result->output;
  while (at < output.size()) {
    std::size_t end = output.find('\n', at);
    if (end == std::string::npos) end = output.size();
    const std::string_view line(output.data() + at, end - at);
    if (line.starts_with("# branch.oid ")) {
      const auto commit = line.substr(13);
      if (commit != "(initial)") state.commit = std::string(commit);
    } else if (line.starts_with("# branch.head ")) {
      const auto head = line.substr(14);
      state.branch = head == "(detached)" ? "HEAD" : std::string(head);
    }
    at = end + 1;
  }
  return state;
}

}  // namespace

RunValues& RunValues::process() {
  static RunValues values;
  return values;
}

RunValues::RunValues(RunClock clock, std::optional<GitState> git, std::string git_problem)
    : fixed_(true), clock_(std::move(clock)) {
  git_[""] = {std::move(git), std::move(git_problem)};
}

std::optional<RunClock> RunValues::clock(std::string& error) {
  const std::lock_guard lock(guard_);
  if (!clock_ && clock_error_.empty()) clock_ = read_clock(clock_error_);
  error = clock_error_;
  return clock_;
}

const GitState* RunValues::git(const std::string& folder, std::string& error) {
  const std::lock_guard lock(guard_);
  auto [entry, is_new] = git_.try_emplace(fixed_ ? std::string() : folder);
  auto& [state, problem] = entry->second;
  if (is_new) {
    state = read_git(folder, problem);
    if (!state && problem.empty()) problem = "no git repository";
  }
  error = problem;
  return state ? &*state : nullptr;
}

std::string configuration_folder(const ResolvedConfig& config) {
  namespace fs = std::filesystem;
  std::error_code code;
  fs::path folder = ".";
  if (!config.layer_files.empty() && config.layer_files.front().first != "<stdin>") {
    folder = fs::path(config.layer_files.front().first).parent_path();
    if (folder.empty()) folder = ".";
  }
  const fs::path absolute = fs::absolute(folder, code);
  std::string text = code ? folder.string() : absolute.lexically_normal().string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();  // "/work/." reads "/work/"
  return text;
}

std::optional<std::string> format_time(const RunClock& clock, std::string_view format,
                                       std::string& error) {
  if (format.empty() || format.size() > kMaxTimeFormat) {
    error = fmt::format(
        "${{now:FORMAT}} needs a strftime format of 1 to {} characters, such as "
        "%Y-%m-%d_%H-%M-%S",
        kMaxTimeFormat);
    return std::nullopt;
  }
  for (std::size_t at = 0; at < format.size(); ++at) {
    if (format[at] != '%') continue;
    if (at + 1 == format.size() || kTimeDirectives.find(format[at + 1]) == std::string_view::npos) {
      error = fmt::format("'{}' in ${{now:{}}} is not a supported strftime directive (one of %{})",
                          format.substr(at, 2), excerpt(format),
                          fmt::join(kTimeDirectives.substr(0, kTimeDirectives.size() - 1), " %"));
      return std::nullopt;
    }
    ++at;
  }
  // The run's local time as it was when it started, whatever this process's time zone is: a
  // replay in another zone (expcfg verify) formats the same text.
  const auto shifted = static_cast<std::time_t>(clock.start + clock.utc_offset);
  std::tm time{};
  gmtime_r(&shifted, &time);
  time.tm_gmtoff = static_cast<long>(clock.utc_offset);
  time.tm_zone = clock.zone.c_str();
  char buffer[4096];
  const std::string pattern(format);
  const std::size_t length = std::strftime(buffer, sizeof buffer, pattern.c_str(), &time);
  return std::string(buffer, length);
}

std::string utc_timestamp(std::int64_t seconds) {
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, length);
}

std::optional<std::int64_t> parse_utc_timestamp(std::string_view text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t digits) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2),
             minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  std::tm utc{};
  utc.tm_year = *year - 1900;
  utc.tm_mon = *month - 1;
  utc.tm_mday = *day;
  utc.tm_hour = *hour;
  utc.tm_min = *minute;
  utc.tm_sec = *second;
  const auto seconds = static_cast<std::int64_t>(timegm(&utc));
  // timegm normalises 2026-02-30 to March: only a date that reads back as written is one.
  if (utc_timestamp(seconds) != text) return std::nullopt;
  return seconds;
}

std::optional<std::string> git_value(const GitState& state, std::string_view name,
                                     std::string& error) {
  if (name == "branch") return state.branch;
  if (name == "dirty") return std::string(state.dirty ? "true" : "false");
  if (state.commit.empty()) {
    error = fmt::format("the repository '{}' has no commit yet", state.repository);
    return std::nullopt;
  }
  if (name == "short") return state.commit.substr(0, 7);
  return state.commit;
}

}  // namespace expcfg
