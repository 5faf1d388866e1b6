// Running shfmt: no shell, the script on standard input, bounded output and time (see
// base/subprocess). shfmt parses and prints; it never runs the script.

#include "import/shell_syntax.hpp"

#include <fmt/format.h>

#include "base/subprocess.hpp"

namespace expcfg {

std::optional<nlohmann::json> shell_syntax_tree(const std::string& text, std::string& error,
                                                bool& tool_failed, const std::string& program) {
  tool_failed = true;
  const ProgramLimits limits{std::chrono::seconds(10), std::size_t{256} << 20, 4096, {}};
  ProgramFailure failure;
  const auto result =
      run_program({program, "--language-dialect", "bash", "--to-json"}, text, limits, failure);
  if (!result) {
    switch (failure.kind) {
      case ProgramFailure::Kind::NotFound:
        error =
            "import reads scripts with shfmt, which is not installed (Debian: apt-get install "
            "shfmt); a command line after -- needs no shfmt";
        break;
      case ProgramFailure::Kind::CannotStart:
        error = fmt::format("cannot start shfmt: {}", failure.message);
        break;
      case ProgramFailure::Kind::TimedOut:
        error = fmt::format("shfmt gave {}", failure.message);
        break;
      case ProgramFailure::Kind::TooMuchOutput:
        error = "shfmt's syntax tree of the script is over 256 MiB";
        break;
    }
    return std::nullopt;
  }
  if (result->status != 0) {
    // "<standard input>:3:5: reached EOF without closing quote '": the script's fault.
    std::string message = result->errors.substr(0, result->errors.find('\n'));
    if (message.starts_with("<standard input>:")) message.erase(0, 17);
    // "1:67: ...": a position in the script.
    const auto colon = message.find(':');
    if (result->status == 1 && colon != std::string::npos && colon > 0 &&
        message.find_first_not_of("0123456789") == colon) {
      tool_failed = false;
    }
    error = message.empty() ? fmt::format("shfmt failed (status {})", result->status) : message;
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(result->output);
  } catch (const nlohmann::json::exception&) {
    error = "shfmt printed something that is not JSON";
    return std::nullopt;
  }
}

}  // namespace expcfg
