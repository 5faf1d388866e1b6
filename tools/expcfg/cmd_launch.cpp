// `expcfg launch`: the torchrun (or deepspeed) command of a configuration; with --exec, run it;
// with --emit slurm, a Slurm batch script; with --submit, submit that script.

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "base/output.hpp"
#include "commands.hpp"
#include "resolve/run_values.hpp"
#include "resolve/secrets.hpp"
#include "run/launch.hpp"
#include "run/run_names.hpp"
#include "run/slurm_script.hpp"
#include "run/submit.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct LaunchOptions {
  StackOptions stack;
  bool dry_run = false;
  bool exec = false;
  bool show_secrets = false;
  std::string emit;
  bool submit = false;
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

/// Where a job of `config` submitted from here runs and logs: the current folder, and
/// `<output_dir>/expcfg/slurm-%j.out` next to the run record (`./slurm-%j.out` without one).
std::optional<SlurmPlace> slurm_place(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const auto here = slurm_folder(".", diagnostics);
  if (!here) return std::nullopt;
  const auto output = output_dir(config);
  if (!output) return SlurmPlace{*here, slurm_literal(*here) + "/slurm-%j.out", *here};
  std::string run_folder = (std::filesystem::path(*here) / *output).lexically_normal().string();
  if (run_folder.size() > 1 && run_folder.back() == '/') run_folder.pop_back();
  return SlurmPlace{*here, slurm_literal(run_folder) + "/expcfg/slurm-%j.out", run_folder};
}

/// `launch --emit slurm`: the script on standard output. Slurm cannot open a log in a folder
/// that does not exist (the job fails at once), so a missing default log folder is a warning.
int print_slurm_script(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const auto place = slurm_place(config, diagnostics);
  const auto script = place ? slurm_run_script(config, *place, diagnostics) : std::nullopt;
  if (!script || diagnostics.has_errors()) return report(diagnostics);
  const auto output = output_dir(config);
  if (!launch_arguments(config).slurm.output && output &&
      !std::filesystem::is_directory(std::filesystem::path(*output) / "expcfg")) {
    diagnostics
        .warning(Origin::none(), "the job's log goes to '{}/expcfg/', which does not exist yet",
                 *output)
        .notes.push_back(Note{Origin::none(),
                              "`expcfg launch --submit` writes the run record there first; or "
                              "set launch.slurm.output"});
  }
  report(diagnostics);
  fmt::print("{}", *script);
  return 0;
}

/// `launch --submit`: the run record with the script in it (job.slurm), then sbatch; the job
/// id goes to slurm.json in the record and to standard output.
int submit_run(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const auto place = slurm_place(config, diagnostics);
  const auto script = place ? slurm_run_script(config, *place, diagnostics) : std::nullopt;
  const auto record = run_record_folder(config, diagnostics);
  if (!script || !record || diagnostics.has_errors()) return report(diagnostics);
  // The record of a job that was submitted stays: the job may be queued or running, and its
  // log is in that folder.
  if (std::filesystem::exists(*record + "/slurm.json")) {
    diagnostics
        .usage_error(Origin::none(),
                     "refusing to replace '{}': it is the record of a job "
                     "submitted to Slurm (slurm.json)",
                     *record)
        .notes.push_back(Note{Origin::none(),
                              "set another 'training.output_dir' for this run, or remove that "
                              "folder once its job is done"});
    return report(diagnostics);
  }
  const std::string command_line =
      "# Submitted to Slurm as job.slurm; on each node, its task runs:\n" +
      slurm_command_line(redact_secrets(config)) + "\n";
  if (!write_run_record(config, RunInvocation{invocation(), EXPCFG_VERSION}, diagnostics,
                        {{"job.slurm", *script}, {"command.txt", command_line}})) {
    return report(diagnostics);
  }
  if (!make_log_folders(config, *place, diagnostics)) return report(diagnostics);
  const std::string script_path =
      (std::filesystem::absolute(*record) / "job.slurm").lexically_normal().string();
  const auto job = sbatch(script_path, {}, {}, diagnostics);
  std::string error;
  if (!job) {
    write_file_atomically(*record + "/submit-failed.txt",
                          "sbatch did not accept the job; see expcfg's message\n", error);
    return report(diagnostics);
  }
  Json submission = Json::object();
  submission["job_id"] = *job;
  submission["script"] = script_path;
  submission["submitted_at"] = utc_timestamp(std::time(nullptr));
  if (!write_file_atomically(*record + "/slurm.json", submission.dump(2) + "\n", error)) {
    diagnostics.usage_error(Origin::none(),
                            "job {} was submitted, but its record cannot be "
                            "written: {}",
                            *job, error);
  }
  const int status = report(diagnostics);
  fmt::print("{}\n", *job);
  return status;
}

int run_launch(const CLI::App& command, const LaunchOptions& options) {
  Diagnostics diagnostics;
  const ResolvedConfig config = options.stack.resolve(command, diagnostics);
  const bool slurm = options.submit || options.emit == "slurm";
  if (!slurm) check_rank0_address(config, diagnostics);  // a Slurm job finds rank 0 itself
  if (!diagnostics.empty()) return report(diagnostics);
  if (options.submit) return submit_run(config, diagnostics);
  if (slurm) return print_slurm_script(config, diagnostics);
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
  auto* exec =
      command
          .add_flag("--exec", options.exec,
                    "Write <output_dir>/expcfg/ (the run record: see expcfg verify), then run the "
                    "command; node r > 0 of a multi-node run writes <output_dir>/expcfg-node-<r>/")
          ->excludes(dry_run);
  auto* emit = command
                   .add_option("--emit", options.emit,
                               "Print a Slurm batch script for the run instead (slurm): one "
                               "task per node, torchrun's rendezvous on the first node")
                   ->check(CLI::IsMember({"slurm"}))
                   ->excludes(dry_run)
                   ->excludes(exec);
  command
      .add_flag("--submit", options.submit,
                "Write the run record with the Slurm script (job.slurm), submit it with sbatch "
                "and print the job id")
      ->excludes(dry_run)
      ->excludes(exec)
      ->excludes(emit);
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
