// `expcfg check`: validate only; silent on success.

#include "commands.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {

std::function<int()> add_check_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("check", "Validate a layered configuration; silent when valid");
  auto options = std::make_shared<StackOptions>();
  options->add_to(*command);
  return [command, options] {
    Diagnostics diagnostics;
    const ResolvedConfig config = options->resolve(*command, diagnostics);
    if (!diagnostics.has_errors()) warn_about_targets(config, diagnostics);
    return report(diagnostics);
  };
}

}  // namespace expcfg::cli
