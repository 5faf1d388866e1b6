// `expcfg launch`: the torchrun (or deepspeed) command of a configuration; with --exec, run it.

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/output.hpp"
#include "commands.hpp"
#include "resolve/secrets.hpp"
#include "run/launch.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct LaunchOptions {
  StackOptions stack;
  bool dry_run = false;
  bool exec = false;
  bool show_secrets = false;
};

/// The launcher is not installed: nothing started, so no run record either.
int launcher_missing(const std::string& program, const std::string& reason) {
  Diagnostics diagnostics;
  diagnostics.usage_error(Origin::none(), "cannot run '{}': {}", program, reason)
      .notes.push_back(
          Note{Origin::none(), fmt::format("'{}' comes with {}; is it on PATH?", program,
                                           program == "torchrun" ? "PyTorch" : "DeepSpeed")});
  return report(diagnostics);
}

/// Replaces this process with the command at `program`: an argument vector, never a shell.
/// If that fails after the record was written, the record says so in `start-failed.txt`.
int exec_command(const LaunchCommand& command, const std::string& program,
                 const std::string& record) {
  for (const auto& [name, value] : command.env) setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> argv;
  for (const auto& word : command.argv) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  execv(program.c_str(), argv.data());
  const std::string reason = std::strerror(errno);
  std::string ignored;
  write_file_atomically(
      record + "/start-failed.txt",
      fmt::format("the run did not start: cannot run '{}': {}\n", program, reason), ignored);
  return launcher_missing(command.argv[0], reason);
}

int run_launch(const CLI::App& command, const LaunchOptions& options) {
  Diagnostics diagnostics;
  const ResolvedConfig config = options.stack.resolve(command, diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  const LaunchCommand launch = launch_command(config, diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  // A pair of releases that cannot train is worth saying before the run, not ten minutes in.
  warn_about_targets(config, diagnostics);
  report(diagnostics);
  if (!options.exec) {
    const bool redact = !options.show_secrets;
    fmt::print("{}\n",
               shell_line(redact ? launch_command(redact_secrets(config), diagnostics) : launch));
    return 0;
  }
  // The record says a run started: first make sure the launcher is there.
  const auto record = run_record_folder(config, diagnostics);
  if (!record) return report(diagnostics);
  const auto program = find_program(launch.argv[0]);
  if (!program) return launcher_missing(launch.argv[0], "not found on PATH");
  if (!write_run_record(config, RunInvocation{invocation(), EXPCFG_VERSION}, diagnostics)) {
    return report(diagnostics);
  }
  return exec_command(launch, *program, *record);
}

/// Every option of `launch`: the command, and verify's replay of a recorded launch, parse
/// the same words.
void add_launch_options(CLI::App& command, LaunchOptions& options) {
  options.stack.add_to(command);
  auto* dry_run = command.add_flag("--dry-run", options.dry_run,
                                   "Only print the command (what launch does without --exec)");
  command
      .add_flag("--exec", options.exec,
                "Write <output_dir>/expcfg/ (the run record: see expcfg verify), then run the "
                "command; node r > 0 of a multi-node run writes <output_dir>/expcfg-node-<r>/")
      ->excludes(dry_run);
  add_show_secrets_flag(command, options.show_secrets);
}

}  // namespace

std::vector<std::string>& invocation() {
  static std::vector<std::string> words;
  return words;
}

ResolvedConfig replay_launch(const std::vector<std::string>& argv, const ResolveOptions& options,
                             Diagnostics& diagnostics) {
  if (argv.size() < 2 || argv[1] != "launch") {
    diagnostics.error(Origin::none(),
                      "the recorded invocation is not 'expcfg launch ...': it cannot be replayed");
    return {};
  }
  CLI::App command("replay");
  LaunchOptions launch;
  add_launch_options(command, launch);
  std::vector<std::string> words(argv.rbegin(), argv.rend() - 2);  // CLI11 takes them reversed
  try {
    command.parse(words);
  } catch (const CLI::ParseError& e) {
    diagnostics.error(Origin::none(), "cannot parse the recorded invocation: {}",
                      printable(e.what()));
    return {};
  }
  if (launch.stack.reads_stdin()) {
    diagnostics.error(Origin::none(),
                      "the run read a layer from standard input: it cannot be read again");
    return {};
  }
  return launch.stack.resolve(command, diagnostics, options);
}

std::function<int()> add_launch_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "launch", "Print the command that starts the run (torchrun or deepspeed); --exec runs it");
  auto options = std::make_shared<LaunchOptions>();
  add_launch_options(*command, *options);
  return [command, options] { return run_launch(*command, *options); };
}

}  // namespace expcfg::cli
