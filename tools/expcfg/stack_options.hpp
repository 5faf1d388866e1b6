#pragma once
// Options the resolving subcommands share: --set KEY=VALUE, --unset KEY and FILE....

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg::cli {

/// --set and --unset, which apply in the order they were given, and --config-dir, where
/// config group choices (`model=bge-m3`, `use:`) are looked for first.
class OverrideOptions {
 public:
  void add_to(CLI::App& command);

  /// The --config-dir folders, in command-line order.
  const std::vector<std::string>& config_dirs() const { return config_dirs_; }

  /// The overrides in command-line order; nullopt after reporting a malformed one.
  std::optional<std::vector<Entry>> entries(const CLI::App& command,
                                            Diagnostics& diagnostics) const;

 private:
  std::vector<std::string> sets_;
  std::vector<std::string> unsets_;
  std::vector<std::string> config_dirs_;
  CLI::Option* set_option_ = nullptr;
  CLI::Option* unset_option_ = nullptr;
};

/// `--transformers VERSION` and `--flagembedding VERSION`: the releases to target, over what
/// the layers say (the same as a last `--set launch.transformers=VERSION`).
class TargetOptions {
 public:
  void add_to(CLI::App& command);
  /// The overrides they stand for, to apply after every other layer.
  std::vector<Entry> entries(Diagnostics& diagnostics) const;
  /// For commands without files: the release given (auto is not), else the default; nullopt
  /// after a usage error.
  std::optional<Version> release(Diagnostics& diagnostics) const;

 private:
  std::string transformers_;
  std::string flagembedding_;
};

/// FILE... plus the overrides: one layered configuration.
class StackOptions {
 public:
  void add_to(CLI::App& command);

  /// Loads and resolves what the command line named.
  ResolvedConfig resolve(const CLI::App& command, Diagnostics& diagnostics,
                         const ResolveOptions& options = {}) const;
  /// Whether a layer is standard input (`-`).
  bool reads_stdin() const;

 private:
  std::vector<std::string> files_;
  OverrideOptions overrides_;
  TargetOptions targets_;
};

/// The release a `--transformers VERSION` option names; nullopt after a usage error.
std::optional<Version> release_option(const std::string& text, Diagnostics& diagnostics);

/// The runner a `--runner NAME` option names; nullptr after a usage error with suggestions.
const RunnerSchema* runner_option(const std::string& name, Diagnostics& diagnostics);

/// `--show-secrets`: print credentials instead of `<redacted>`.
void add_show_secrets_flag(CLI::App& command, bool& show_secrets);

/// Exit status for a run that found `diagnostics`: 0 none (or only warnings), 2 a usage or I/O
/// problem, 1 an invalid configuration.
int exit_status(const Diagnostics& diagnostics);

/// Prints the diagnostics on stderr and returns the exit status they call for.
int report(const Diagnostics& diagnostics);

/// Prints `text` on stdout, or with `-o PATH` writes it there (see write_file_atomically); the
/// exit status. Refuses to write over one of `inputs` (the files the text was made from), and
/// with `keep_existing` over any existing regular file (init and import without --force).
int print_or_write(const std::string& path, const std::string& text,
                   const std::vector<std::string>& inputs, bool keep_existing = false);

/// `--force`: let init and import replace an existing file.
void add_force_flag(CLI::App& command, bool& force);

}  // namespace expcfg::cli
