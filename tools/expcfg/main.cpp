// expcfg: layered YAML configurations for FlagEmbedding fine-tuning runs.
// Exit status: 0 ok, 1 invalid configuration, 2 usage or I/O error.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <system_error>

#include "commands.hpp"
#include "expcfg/diagnostics.hpp"

namespace {

/// Reports a failed write of standard output (a full disk, a closed file); quiet for a closed
/// pipe (`expcfg dump | head`), like a command that SIGPIPE ends.
int stdout_failed(int error) {
  if (error == EPIPE) return 2;
  expcfg::Diagnostics diagnostics;
  diagnostics.usage_error(expcfg::Origin::none(), "writing <stdout>: {}", std::strerror(error));
  fmt::print(stderr, "{}", expcfg::render(diagnostics));
  return 2;
}

/// Runs the command, then makes sure what it printed reached standard output: a write error
/// is status 2 with a message, never a silent 0 or an abort.
int run_and_flush(const std::function<int()>& command) {
  int status = 0;
  try {
    status = command();
  } catch (const std::system_error& e) {  // fmt::print's failed write
    return stdout_failed(e.code().value());
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) return stdout_failed(errno);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("expcfg: layered, validated YAML configurations for FlagEmbedding fine-tuning",
               "expcfg");
  app.set_version_flag("--version", std::string("expcfg ") + EXPCFG_VERSION);
  app.require_subcommand(1);
  std::map<const CLI::App*, std::function<int()>> commands;
  using AddCommand = std::function<int()> (*)(CLI::App&);
  const std::pair<std::string_view, AddCommand> all_commands[] = {
      {"dump", expcfg::cli::add_dump_command},     {"check", expcfg::cli::add_check_command},
      {"diff", expcfg::cli::add_diff_command},     {"args", expcfg::cli::add_args_command},
      {"launch", expcfg::cli::add_launch_command}, {"import", expcfg::cli::add_import_command},
      {"schema", expcfg::cli::add_schema_command}, {"explain", expcfg::cli::add_explain_command},
      {"init", expcfg::cli::add_init_command},     {"keys", expcfg::cli::add_keys_command},
      {"hash", expcfg::cli::add_hash_command},     {"sweep", expcfg::cli::add_sweep_command},
      {"fields", expcfg::cli::add_fields_command}, {"verify", expcfg::cli::add_verify_command}};
  // `expcfg dump ...` needs only dump's options: building the others is most of start-up.
  // Anything else (`--help`, a misspelt command) gets them all.
  std::string_view chosen = argc > 1 ? argv[1] : "";
  const bool known = std::any_of(std::begin(all_commands), std::end(all_commands),
                                 [&](const auto& command) { return command.first == chosen; });
  for (const auto& [name, add] : all_commands) {
    if (known && name != chosen) continue;
    auto run = add(app);
    commands[app.get_subcommands({}).back()] = std::move(run);
  }
  expcfg::cli::invocation().assign(argv, argv + argc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors go to stderr only, and always exit 2. CLI11 capitalizes its messages;
    // expcfg's are lowercase.
    std::string message = e.what();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    fmt::print(stderr, "expcfg: error: {}\n", expcfg::printable(message));
    const auto subcommands = app.get_subcommands();
    fmt::print(stderr, "note: run 'expcfg{} --help' for usage\n",
               subcommands.empty() ? "" : " " + subcommands.front()->get_name());
    return 2;
  }
  for (const CLI::App* command : app.get_subcommands()) return run_and_flush(commands.at(command));
  return 2;
}
