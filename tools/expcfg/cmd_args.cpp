// `expcfg args`: the resolved configuration as FlagEmbedding's command-line arguments.

#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "emit/argv.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct ArgsOptions {
  StackOptions stack;
  bool all = false;
  bool nul = false;
};

int run_args(const CLI::App& command, const ArgsOptions& options) {
  Diagnostics diagnostics;
  const ResolvedConfig config = options.stack.resolve(command, diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  const auto argv = to_argv(config, {options.all}, diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  if (options.nul) {
    for (const auto& word : argv) std::fwrite(word.c_str(), 1, word.size() + 1, stdout);
  } else {
    fmt::print("{}\n", shell_join(argv));
  }
  return 0;
}

}  // namespace

std::function<int()> add_args_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "args", "Print the resolved configuration as the runner's command-line arguments");
  auto options = std::make_shared<ArgsOptions>();
  options->stack.add_to(*command);
  command->add_flag("--all", options->all,
                    "Every field a command line can hold, not only those that differ from "
                    "their defaults");
  command->add_flag("-0,--null", options->nul,
                    "Separate the arguments with NUL bytes (for xargs -0), unquoted");
  return [command, options] { return run_args(*command, *options); };
}

}  // namespace expcfg::cli
