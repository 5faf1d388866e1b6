// `expcfg keys`: every field's dotted key, one per line (for shell completion and scripts).

#include <fmt/format.h>

#include <set>

#include "commands.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct KeysOptions {
  std::string runner;
  std::string transformers;
};

int run_keys(const KeysOptions& options) {
  std::vector<const RunnerSchema*> runners;
  Diagnostics diagnostics;
  if (options.runner.empty()) {
    for (const RunnerSchema* runner : all_runners()) runners.push_back(runner);
  } else {
    const RunnerSchema* runner = runner_option(options.runner, diagnostics);
    if (!runner) return report(diagnostics);
    runners.push_back(runner);
  }
  // Every supported release's keys, unless one release is asked for.
  if (!options.transformers.empty()) {
    const auto release = release_option(options.transformers, diagnostics);
    if (!release) return report(diagnostics);
    for (auto& runner : runners) runner = &runner_for(*runner, *release);
  }
  std::set<std::string> printed;
  for (const RunnerSchema* runner : runners) {
    for (const FieldSpec& field : runner->fields) {
      if (printed.insert(field.key()).second) fmt::print("{}\n", field.key());
    }
  }
  return 0;
}

}  // namespace

std::function<int()> add_keys_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "keys", "List every field's key (section.name), one per line, e.g. for completion");
  auto options = std::make_shared<KeysOptions>();
  command->add_option("--runner", options->runner, "Only this runner's fields");
  command
      ->add_option("--transformers", options->transformers,
                   "Only the fields of this transformers release (default: every supported "
                   "release's)")
      ->type_name("VERSION");
  return [options] { return run_keys(*options); };
}

}  // namespace expcfg::cli
