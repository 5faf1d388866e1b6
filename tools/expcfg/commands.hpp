#pragma once
// One function per subcommand: registers it and returns how to run it once parsed.

#include <CLI/CLI.hpp>
#include <functional>

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

}  // namespace expcfg::cli
