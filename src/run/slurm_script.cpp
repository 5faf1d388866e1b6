// Slurm batch scripts for one run or a sweep's job array. Every value from a configuration
// reaches the script through shell_quote (the body) or sbatch_word (an #SBATCH line).

#include "run/slurm_script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "emit/argv.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "run/run_names.hpp"

namespace expcfg {

std::optional<std::string> slurm_folder(const std::string& path, Diagnostics& diagnostics) {
  std::string folder = std::filesystem::absolute(path).lexically_normal().string();
  if (folder.size() > 1 && folder.back() == '/') folder.pop_back();  // "/a/." is "/a/"
  if (std::any_of(folder.begin(), folder.end(), [](char c) { return c >= 0 && c < 0x20; })) {
    diagnostics
        .usage_error(Origin::none(), "the folder '{}' holds a control character", excerpt(folder))
        .notes.push_back(Note{Origin::none(),
                              "a Slurm script names the folder on one line; choose a path "
                              "(and a current folder) without newlines"});
    return std::nullopt;
  }
  if (folder.find('\\') != std::string::npos) {
    diagnostics.usage_error(Origin::none(), "the folder '{}' holds a backslash", excerpt(folder))
        .notes.push_back(Note{Origin::none(),
                              "Slurm takes a backslash in a log path as 'no %-patterns here' "
                              "and drops it; choose a path without one"});
    return std::nullopt;
  }
  return folder;
}

std::string slurm_literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '%') out += '%';
  }
  return out;
}

namespace {

/// sbatch reads an #SBATCH line into words itself: a blank ends a word outside double quotes,
/// and a backslash escapes the next character. In double quotes, with `\` and `"` escaped,
/// any one-line value is one word, as written ('#' included: checked with sbatch 22.05).
std::string sbatch_word(std::string_view text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._%/:=@+,-", c) != nullptr;
  });
  if (plain) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + '"';
}

/// Slurm's job name from a folder's name: letters, digits, '.', '_' and '-' only.
std::string job_name_of(const std::string& folder) {
  std::string name = basename(folder);
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!plain) c = '_';
  }
  return name.empty() ? "expcfg" : name;
}

/// A pattern as the configuration gives it, absolute: relative ones start at the job's folder.
std::string log_pattern(const std::string& pattern, const SlurmPlace& place) {
  if (pattern.starts_with('/')) return pattern;
  return slurm_literal(place.submit_folder) + "/" + pattern;
}

/// The log patterns the script writes: its --output and, when set, its --error.
std::vector<std::string> log_patterns(const SlurmArguments& slurm, const SlurmPlace& place) {
  std::vector<std::string> patterns = {slurm.output ? log_pattern(*slurm.output, place)
                                                    : place.default_output};
  if (slurm.error) patterns.push_back(log_pattern(*slurm.error, place));
  return patterns;
}

/// The #SBATCH lines of a job of `config`'s shape; `array` is `0-N%T` for a sweep.
std::string sbatch_header(const ResolvedConfig& config, const SlurmPlace& place,
                          const std::string& array) {
  const LaunchArguments launch = launch_arguments(config);
  const SlurmArguments& slurm = launch.slurm;
  std::string out;
  auto option = [&](std::string_view name, const std::string& value) {
    out += fmt::format("#SBATCH --{}={}\n", name, sbatch_word(value));
  };
  option("job-name", slurm.job_name.value_or(job_name_of(place.default_name)));
  option("nodes", fmt::format("{}", launch.nnodes));
  option("ntasks-per-node", "1");
  if (!array.empty()) option("array", array);
  const auto logs = log_patterns(slurm, place);
  option("output", logs[0]);
  if (logs.size() > 1) option("error", logs[1]);
  for (const auto& [name, value] : {std::pair{"partition", slurm.partition},
                                    {"account", slurm.account},
                                    {"qos", slurm.qos},
                                    {"time", slurm.time},
                                    {"gpus-per-node", slurm.gpus_per_node},
                                    {"mem", slurm.mem},
                                    {"constraint", slurm.constraint}}) {
    if (value) option(name, *value);
  }
  if (slurm.cpus_per_task) option("cpus-per-task", fmt::format("{}", *slurm.cpus_per_task));
  if (slurm.exclusive) out += "#SBATCH --exclusive\n";
  for (const auto& extra : slurm.extra) out += fmt::format("#SBATCH {}\n", sbatch_word(extra));
  return out;
}

/// `export NAME=value` for launch.env, and `runner_args=(...)`, one option per line.
std::string run_variables(const ResolvedConfig& config, const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& [name, value] : launch_arguments(config).env) {
    out += fmt::format("export {}={}\n", name, shell_quote(value));
  }
  out += "runner_args=(";
  for (const auto& word : argv) {
    out += word.starts_with("--") || &word == &argv.front() ? "\n  " : " ";
    out += shell_quote(word);
  }
  return out + "\n)\n";
}

/// The runner's words (`-m module --flag value ...`); nullopt after reporting what cannot go
/// into a file: a launcher other than torchrun, or a credential.
std::optional<std::vector<std::string>> runner_words(const ResolvedConfig& config,
                                                     Diagnostics& diagnostics) {
  const LaunchArguments launch = launch_arguments(config);
  bool ok = true;
  if (launch.launcher != "torchrun") {
    diagnostics
        .error(config.origin(*config.index("launch.launcher")),
               "a Slurm script starts torchrun on each node; 'launch.launcher' is '{}'",
               launch.launcher)
        .notes.push_back(Note{Origin::none(),
                              "set launch.launcher: torchrun; DeepSpeed still runs through "
                              "training.deepspeed"});
    ok = false;
  }
  // A script is a file others may read: a credential stays in the environment sbatch passes on.
  const ResolvedConfig shown = redact_secrets(config);
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    if (shown.values[i] == config.values[i]) continue;
    const FieldSpec& field = config.runner->fields[i];
    const bool env = field.key() == "launch.env";
    std::string hint;
    if (env) {
      hint =
          "drop the variable from launch.env and export it in the shell that runs sbatch: the "
          "job gets that environment";
    } else if (field.secret) {
      hint = fmt::format(
          "unset '{}' and export HF_TOKEN in the shell that runs sbatch: the job "
          "gets that environment, and huggingface_hub reads it",
          field.key());
    } else {
      hint = fmt::format("'{}' is made from a credential (its ${{...}}): write it without one",
                         field.key());
    }
    diagnostics
        .error(config.origin(i),
               "'{}' holds a credential, which a Slurm script would write "
               "into a file",
               field.key())
        .notes.push_back(Note{Origin::none(), hint});
    ok = false;
  }
  if (launch.master_addr) {
    diagnostics
        .warning(config.origin(*config.index("launch.master_addr")),
                 "'launch.master_addr' is not used in a Slurm script: the rendezvous is on the "
                 "job's first node")
        .notes.push_back(Note{Origin::none(), "Slurm chooses the nodes when the job starts"});
  }
  if (!ok) return std::nullopt;
  std::vector<std::string> words = {"-m", std::string(config.runner->module)};
  const auto args = to_argv(config, {}, diagnostics);
  words.insert(words.end(), args.begin(), args.end());
  return words;
}

/// `srun ... torchrun ...` up to the runner's words, which follow.
std::string srun_torchrun(const LaunchArguments& launch, std::string_view separator) {
  std::string srun = fmt::format("srun --nodes={} --ntasks-per-node=1", launch.nnodes);
  // Slurm 22.05's srun no longer takes --cpus-per-task from the job: say it again.
  if (launch.slurm.cpus_per_task) {
    srun += fmt::format(" --cpus-per-task={}", *launch.slurm.cpus_per_task);
  }
  return fmt::format(
      "{} --kill-on-bad-exit=1{}torchrun --nnodes {} --nproc_per_node {} --rdzv_backend c10d{}"
      "--rdzv_endpoint \"$head_node:$port\" --rdzv_id \"$SLURM_JOB_ID\"",
      srun, separator, launch.nnodes, launch.nproc_per_node, separator);
}

/// From the job's first line of shell to torchrun, the same for a run and an array task.
std::string launch_body(const ResolvedConfig& config) {
  const LaunchArguments launch = launch_arguments(config);
  const std::string port = launch.master_port ? fmt::format("{}", *launch.master_port)
                                              : "$((20000 + SLURM_JOB_ID % 20000))";
  return fmt::format(
      "# torchrun's rendezvous is on the job's first node, at a port of the job's own: jobs\n"
      "# (and array tasks) packed onto one node never share one.\n"
      "nodes=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\")\n"
      "head_node=${{nodes%%$'\\n'*}}\n"
      "port={}\n"
      "{} \"${{runner_args[@]}}\"\n",
      port, srun_torchrun(launch, " \\\n  "));
}

}  // namespace

std::optional<std::string> slurm_run_script(const ResolvedConfig& config, const SlurmPlace& place,
                                            Diagnostics& diagnostics) {
  const auto words = runner_words(config, diagnostics);
  if (!words) return std::nullopt;
  return fmt::format(
      "#!/bin/bash\n"
      "# Slurm job made by expcfg: {} on {} node(s). Submit with sbatch from any folder;\n"
      "# `expcfg launch --submit` also writes the run record.\n"
      "{}"
      "set -euo pipefail\n"
      "cd {}\n"
      "{}"
      "{}",
      config.runner->name, launch_arguments(config).nnodes, sbatch_header(config, place, ""),
      shell_quote(place.submit_folder), run_variables(config, *words), launch_body(config));
}

bool make_log_folders(const ResolvedConfig& config, const SlurmPlace& place,
                      Diagnostics& diagnostics) {
  for (const auto& pattern : log_patterns(launch_arguments(config).slurm, place)) {
    const std::string folder = std::filesystem::path(pattern).parent_path().string();
    if (folder.find('%') != std::string::npos) continue;  // "%%" or a pattern: not a plain path
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
      diagnostics.usage_error(Origin::none(), "cannot create the job's log folder '{}': {}", folder,
                              error.message());
      return false;
    }
  }
  return true;
}

std::string slurm_command_line(const ResolvedConfig& config) {
  std::vector<std::string> words = {"-m", std::string(config.runner->module)};
  Diagnostics ignored;  // reported where the script was made
  const auto args = to_argv(config, {}, ignored);
  words.insert(words.end(), args.begin(), args.end());
  return srun_torchrun(launch_arguments(config), " ") + " " + shell_join(words);
}

std::optional<std::string> slurm_run_file(const ResolvedConfig& config, const std::string& name,
                                          Diagnostics& diagnostics) {
  const auto words = runner_words(config, diagnostics);
  if (!words) return std::nullopt;
  return fmt::format("# Sourced by sweep.slurm for run {}: its environment and arguments.\n{}",
                     printable(name), run_variables(config, *words));
}

std::string slurm_array_script(const ResolvedConfig& first, std::size_t runs,
                               const std::string& sweep_folder, const SlurmPlace& place) {
  const auto throttle = launch_arguments(first).slurm.array_throttle;
  const std::string array =
      fmt::format("0-{}{}", runs - 1, throttle ? fmt::format("%{}", *throttle) : "");
  return fmt::format(
      "#!/bin/bash\n"
      "# Slurm job array made by expcfg: task i runs line i + 1 of runs.txt. Submit with\n"
      "# `expcfg sweep ... --submit`, or `sbatch {0}`. A cluster refuses an array larger than\n"
      "# its MaxArraySize: then submit parts, each with the index of its first run:\n"
      "#   sbatch --array=0-999 {0} 1000\n"
      "{1}"
      "set -euo pipefail\n"
      "cd {2}\n"
      "sweep={3}\n"
      "offset=${{1:-0}}\n"
      "if [[ ! $offset =~ ^[0-9]+$ ]]; then\n"
      "  echo \"sweep.slurm: the argument is the index of the array's first run, got $offset\" "
      ">&2\n"
      "  exit 2\n"
      "fi\n"
      "task=$((offset + SLURM_ARRAY_TASK_ID))\n"
      "run=$(sed -n \"$((task + 1))p\" \"$sweep/runs.txt\")\n"
      "if [[ -z $run ]]; then\n"
      "  echo \"sweep.slurm: runs.txt has no run $task\" >&2\n"
      "  exit 2\n"
      "fi\n"
      "source \"$sweep/${{run%.yaml}}.run.sh\"\n"
      "{4}",
      shell_quote(sweep_folder + "/sweep.slurm"), sbatch_header(first, place, array),
      shell_quote(place.submit_folder), shell_quote(sweep_folder), launch_body(first));
}

std::optional<std::string> launch_shape_difference(const ResolvedConfig& a,
                                                   const ResolvedConfig& b) {
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const FieldSpec& field = a.runner->fields[i];
    if (field.section != Section::Launch) continue;
    if (field.name == "env" || field.name == "transformers" || field.name == "flagembedding" ||
        field.name == "python" || field.name == "node_rank") {
      continue;
    }
    // By key: runs of other runners or releases have other field tables.
    const auto other = b.index(field.key());
    if (!other || !(a.values[i] == b.values[*other])) return field.key();
  }
  return std::nullopt;
}

}  // namespace expcfg
