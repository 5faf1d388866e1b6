// `expcfg keys`: every field's dotted key, one per line (for shell completion and scripts).

#include <fmt/format.h>

#include <set>

#include "commands.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

int run_keys(const std::string& runner_name) {
  std::vector<const RunnerSchema*> runners;
  if (runner_name.empty()) {
    for (const RunnerSchema* runner : all_runners()) runners.push_back(runner);
  } else {
    Diagnostics diagnostics;
    const RunnerSchema* runner = runner_option(runner_name, diagnostics);
    if (!runner) return report(diagnostics);
    runners.push_back(runner);
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
  auto runner = std::make_shared<std::string>();
  command->add_option("--runner", *runner, "Only this runner's fields");
  return [runner] { return run_keys(*runner); };
}

}  // namespace expcfg::cli
