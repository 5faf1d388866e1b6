// sbatch and scontrol, run as programs: what they print is all expcfg reads of the cluster.

#include "run/submit.hpp"

#include <fmt/format.h>

#include <charconv>

#include "base/subprocess.hpp"

namespace expcfg {
namespace {

const ProgramLimits kLimits{std::chrono::seconds(60), std::size_t{1} << 20, 8192, {}};
/// sbatch --parsable prints the job id as its first line: that is the answer.
const ProgramLimits kSbatchLimits{std::chrono::seconds(60), std::size_t{1} << 20, 8192,
                                  has_first_line};

/// What explains a refusal: sbatch's last "error:" line (earlier ones may be warnings about
/// DNS or configuration), else its last line.
std::string refusal(const std::string& errors) {
  std::string last;
  std::string last_error;
  std::size_t start = 0;
  while (start < errors.size()) {
    const std::size_t end = std::min(errors.find('\n', start), errors.size());
    const std::string line = errors.substr(start, end - start);
    if (!line.empty()) last = line;
    if (line.find("error:") != std::string::npos) last_error = line;
    start = end + 1;
  }
  return last_error.empty() ? last : last_error;
}

/// The first line of `text`, without its line break.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::size_t max_array_size() {
  ProgramFailure failure;
  const auto result = run_program({"scontrol", "show", "config"}, "", kLimits, failure);
  if (!result || result->status != 0) return kDefaultMaxArraySize;
  // "MaxArraySize            = 1001", at the start of a line.
  const std::string& text = result->output;
  const std::size_t at = text.starts_with("MaxArraySize") ? 0 : text.find("\nMaxArraySize");
  if (at == std::string::npos) return kDefaultMaxArraySize;
  const std::size_t equals = result->output.find('=', at);
  const std::size_t digits = result->output.find_first_not_of(' ', equals + 1);
  std::size_t value = 0;
  const char* begin = result->output.data() + std::min(digits, result->output.size());
  const auto [end, problem] =
      std::from_chars(begin, result->output.data() + result->output.size(), value);
  if (problem != std::errc() || end == begin || value < 1) return kDefaultMaxArraySize;
  return value;
}

std::vector<ArrayPart> array_parts(std::size_t runs, std::size_t max_array_size) {
  std::vector<ArrayPart> parts;
  for (std::size_t first = 0; first < runs; first += max_array_size) {
    parts.push_back(ArrayPart{first, std::min(max_array_size, runs - first)});
  }
  return parts;
}

std::optional<std::string> sbatch(const std::string& script,
                                  const std::vector<std::string>& options,
                                  const std::vector<std::string>& arguments,
                                  Diagnostics& diagnostics) {
  std::vector<std::string> argv = {"sbatch", "--parsable"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(script);
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  ProgramFailure failure;
  const auto result = run_program(argv, "", kSbatchLimits, failure);
  if (!result) {
    auto& error = diagnostics.usage_error(Origin::none(), "cannot run sbatch: {}", failure.message);
    if (failure.kind == ProgramFailure::Kind::NotFound) {
      error.notes.push_back(Note{Origin::none(),
                                 "sbatch comes with Slurm's client (Debian: slurm-client); "
                                 "is it on PATH? `expcfg launch --emit slurm` only writes the "
                                 "script"});
    }
    return std::nullopt;
  }
  // --parsable prints "12345" or "12345;cluster".
  const std::string line = first_line(result->output);
  const std::string id = line.substr(0, line.find(';'));
  const bool numeric = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
  if (result->status != 0 || !numeric) {
    const std::string message = refusal(result->errors);
    diagnostics.usage_error(
        Origin::none(), "sbatch refused {}: {}", script,
        printable(message.empty() ? fmt::format("status {}", result->status) : message));
    return std::nullopt;
  }
  return id;
}

}  // namespace expcfg
