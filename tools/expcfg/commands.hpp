#pragma once
// One function per subcommand: registers it and returns how to run it once parsed.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "expcfg/resolve.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {

std::function<int()> add_dump_command(CLI::App& app);
std::function<int()> add_check_command(CLI::App& app);
std::function<int()> add_diff_command(CLI::App& app);
std::function<int()> add_args_command(CLI::App& app);
std::function<int()> add_launch_command(CLI::App& app);
std::function<int()> add_import_command(CLI::App& app);
std::function<int()> add_schema_command(CLI::App& app);
std::function<int()> add_explain_command(CLI::App& app);
std::function<int()> add_init_command(CLI::App& app);
std::function<int()> add_keys_command(CLI::App& app);
std::function<int()> add_hash_command(CLI::App& app);
std::function<int()> add_sweep_command(CLI::App& app);
std::function<int()> add_fields_command(CLI::App& app);

/// What `expcfg fields` (or `explain` without a key) was asked: a word and files, in any order.
struct FieldsRequest {
  std::vector<std::string> arguments;  ///< [WORD] [FILE...]
  std::string runner;
  std::string section;
  std::string format = "text";
  TargetOptions targets;
};

/// Prints the catalogue of the request's runner; the exit status (1 when nothing matches).
int print_field_catalogue(const FieldsRequest& request);

std::function<int()> add_verify_command(CLI::App& app);

/// This process's arguments, as main got them (what a run record keeps).
std::vector<std::string>& invocation();

/// What a recorded `expcfg launch ...` (argv[0] the program) resolves to now, parsed as launch
/// parses it: `expcfg verify` replays records with it.
ResolvedConfig replay_launch(const std::vector<std::string>& argv, const ResolveOptions& options,
                             Diagnostics& diagnostics);

}  // namespace expcfg::cli
