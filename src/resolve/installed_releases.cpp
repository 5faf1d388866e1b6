// Asks a Python interpreter which releases it has installed: one short child process, its
// standard output read through a pipe, killed if it hangs.

#include "resolve/installed_releases.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "base/subprocess.hpp"

namespace expcfg {
namespace {

// Prints the version, or exits 3 when the package is missing. For FlagEmbedding, a 1.4.0 whose
// trainers no longer save through Trainer.tokenizer (the line FlagEmbedding PR #1592 replaced)
// is a source install with the transformers 5 fixes.
constexpr const char* kProgram = R"py(import sys, os, importlib.metadata as m, importlib.util as u
name = sys.argv[1]
try:
    version = m.version(name)
except m.PackageNotFoundError:
    sys.exit(3)
if name == "FlagEmbedding" and version == "1.4.0":
    spec = u.find_spec("FlagEmbedding")
    trainer = os.path.join(os.path.dirname(spec.origin or ""), "finetune", "embedder",
                           "encoder_only", "base", "trainer.py")
    try:
        text = open(trainer, encoding="utf-8").read()
        if "self.tokenizer is not None and self.is_world_process_zero()" not in text:
            version = "source"
    except OSError:
        pass
print(version)
)py";

}  // namespace

std::optional<std::string> installed_release(const std::string& python, const std::string& package,
                                             std::string& error) {
  static std::mutex guard;
  static std::map<std::pair<std::string, std::string>,
                  std::pair<std::optional<std::string>, std::string>>
      cache;
  const std::lock_guard lock(guard);
  auto [entry, is_new] = cache.try_emplace({python, package});
  auto& [release, failure] = entry->second;
  if (is_new) {
    ProgramLimits limits;
    limits.max_output = 4096;
    limits.enough = has_first_line;  // a child it left behind may hold the pipe
    ProgramFailure problem;
    const auto result = run_program({python, "-c", kProgram, package}, "", limits, problem);
    if (!result) failure = problem.message;
    if (result) {
      std::string text = result->output.substr(0, result->output.find('\n'));
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (result->status == 3) {
        failure = fmt::format("{} is not installed for it", package);
      } else if (result->status != 0) {
        failure = fmt::format("it exited with status {}", result->status);
      } else if (text.empty()) {
        failure = "it printed no release";
      } else {
        release = text;
      }
    }
  }
  error = failure;
  return release;
}

}  // namespace expcfg
