// `expcfg schema`: the JSON Schema of layer files, for editors.

#include <fmt/format.h>

#include "commands.hpp"
#include "emit/json_schema.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct SchemaOptions {
  std::string runner;
  bool all_runners = false;
  std::string transformers;
  std::string output;
};

int run_schema(const SchemaOptions& options) {
  const RunnerSchema* runner = nullptr;
  Diagnostics diagnostics;
  if (!options.runner.empty()) {
    runner = runner_option(options.runner, diagnostics);
    if (!runner) return report(diagnostics);
  }
  std::optional<Version> transformers;
  if (!options.transformers.empty()) {
    transformers = release_option(options.transformers, diagnostics);
    if (!transformers) return report(diagnostics);
  }
  return print_or_write(options.output, json_schema(runner, transformers).dump(2) + "\n", {});
}

}  // namespace

std::function<int()> add_schema_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "schema", "Print the JSON Schema of layer files (for editors: yaml-language-server)");
  auto options = std::make_shared<SchemaOptions>();
  auto* runner = command->add_option("--runner", options->runner,
                                     "Only this runner's fields (e.g. embedder.encoder_only.m3)");
  command
      ->add_flag("--all-runners", options->all_runners,
                 "Every runner, each file's fields chosen by its 'runner:' (the default)")
      ->excludes(runner);
  command
      ->add_option("--transformers", options->transformers,
                   "Only the fields of this transformers release (default: every supported "
                   "release's)")
      ->type_name("VERSION");
  command->add_option("-o,--output", options->output, "Write to this file (atomically)");
  return [options] { return run_schema(*options); };
}

}  // namespace expcfg::cli
