// `expcfg init`: write a commented experiment file to start from.

#include <fmt/format.h>

#include "commands.hpp"
#include "emit/init.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct InitCommand {
  std::string runner;
  std::vector<std::string> from;
  TargetOptions targets;
  std::string output;
  bool force = false;
};

int run_init(const InitCommand& options) {
  Diagnostics diagnostics;
  std::vector<Entry> overrides;
  if (!options.runner.empty()) {
    if (!runner_option(options.runner, diagnostics)) return report(diagnostics);
    overrides.push_back(*parse_set("runner=" + options.runner, diagnostics));
  }
  for (auto& entry : options.targets.entries(diagnostics)) overrides.push_back(std::move(entry));
  ResolvedConfig config;
  if (options.from.empty()) {
    // Defaults only: the required fields are left for the user, so no checks on the whole.
    std::vector<bool> written;
    config = merge_layers({override_layer(std::move(overrides))}, written, diagnostics);
  } else {
    config = load_config(options.from, std::move(overrides), disk_file_system(), diagnostics);
  }
  if (!diagnostics.empty()) return report(diagnostics);
  const std::string source = fmt::format("{}", fmt::join(options.from, ", "));
  return print_or_write(options.output, init_file(config, source), config.input_files(),
                        !options.force);
}

}  // namespace

std::function<int()> add_init_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("init", "Write a commented experiment file: every field, with its help");
  auto options = std::make_shared<InitCommand>();
  command->add_option("--runner", options->runner,
                      "The runner (default: embedder.encoder_only.base, or the --from files')");
  command
      ->add_option("--from", options->from,
                   "Start from these layer files' resolved values (repeatable, in order)")
      ->allow_extra_args(false);
  options->targets.add_to(*command);
  command->add_option("-o,--output", options->output, "Write to this file (atomically)");
  add_force_flag(*command, options->force);
  return [options] { return run_init(*options); };
}

}  // namespace expcfg::cli
