// `expcfg hash`: the content hash of a resolved configuration.

#include <fmt/format.h>

#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {

std::function<int()> add_hash_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "hash",
      "Print a hash of the resolved configuration: equal for equal effective configurations "
      "(whatever the files' layout, key order or float spelling; credentials left out)");
  auto options = std::make_shared<StackOptions>();
  options->add_to(*command);
  return [command, options] {
    Diagnostics diagnostics;
    const ResolvedConfig config = options->resolve(*command, diagnostics);
    if (!diagnostics.empty()) return report(diagnostics);
    fmt::print("{}\n", config_hash(config));
    return 0;
  };
}

}  // namespace expcfg::cli
