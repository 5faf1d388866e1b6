#pragma once
// The options every resolving subcommand shares: FILE... --set KEY=VALUE --unset KEY.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "expcfg/config.hpp"

namespace expcfg::cli {

class StackOptions {
 public:
  /// Registers FILE..., --set and --unset on `command`.
  void add_to(CLI::App& command);

  /// Loads and resolves what the command line named; --set and --unset apply in the order
  /// they were given.
  ResolvedConfig resolve(const CLI::App& command, Diagnostics& diagnostics) const;

 private:
  std::vector<std::string> files_;
  std::vector<std::string> sets_;
  std::vector<std::string> unsets_;
  CLI::Option* set_option_ = nullptr;
  CLI::Option* unset_option_ = nullptr;
};

/// Prints the diagnostics on stderr and returns the exit status they call for.
int report(const Diagnostics& diagnostics);

}  // namespace expcfg::cli
