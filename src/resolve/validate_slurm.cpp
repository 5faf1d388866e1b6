// `launch.slurm`: checked when the configuration resolves, not when sbatch reads the script.

#include "resolve/validate_slurm.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

namespace expcfg {
namespace {

/// The field behind each sbatch option expcfg writes; `extra` may not set these again.
constexpr std::pair<std::string_view, std::string_view> kWrittenOptions[] = {
    {"job_name", "--job-name"},
    {"partition", "--partition"},
    {"account", "--account"},
    {"qos", "--qos"},
    {"time", "--time"},
    {"gpus_per_node", "--gpus-per-node"},
    {"cpus_per_task", "--cpus-per-task"},
    {"mem", "--mem"},
    {"constraint", "--constraint"},
    {"exclusive", "--exclusive"},
    {"output", "--output"},
    {"error", "--error"},
    {"array_throttle", "--array"},
};

/// Written by expcfg from other fields (launch.nnodes, the sweep) or meaningless in a script.
/// --export: the job must get the submitting shell's environment (PATH to torchrun, the
/// variables credentials travel in); --wait and --test-only change what sbatch prints.
constexpr std::string_view kReservedOptions[] = {
    "--nodes",     "--ntasks", "--ntasks-per-node", "--chdir",   "--wrap",
    "--parsable",  "--help",   "--usage",           "--version", "--wait",
    "--test-only", "--export", "--export-file"};

/// sbatch's long options (Slurm 22.05: `sbatch --help` and sbatch(1)).
constexpr std::string_view kSbatchOptions[] = {
    "--acctg-freq",
    "--batch",
    "--hint",
    "--kill-on-invalid-dep",
    "--mem-bind",
    "--network",
    "--ntasks-per-gpu",
    "--open-mode",
    "--prefer",
    "--test-only",
    "--wait-all-nodes",
    "--account",
    "--array",
    "--bb",
    "--bbf",
    "--begin",
    "--chdir",
    "--cluster-constraint",
    "--clusters",
    "--comment",
    "--constraint",
    "--container",
    "--contiguous",
    "--core-spec",
    "--cores-per-socket",
    "--cpu-freq",
    "--cpus-per-gpu",
    "--cpus-per-task",
    "--deadline",
    "--delay-boot",
    "--dependency",
    "--distribution",
    "--error",
    "--exclude",
    "--exclusive",
    "--export",
    "--export-file",
    "--extra-node-info",
    "--get-user-env",
    "--gid",
    "--gpu-bind",
    "--gpu-freq",
    "--gpus",
    "--gpus-per-node",
    "--gpus-per-socket",
    "--gpus-per-task",
    "--gres",
    "--gres-flags",
    "--help",
    "--hold",
    "--ignore-pbs",
    "--input",
    "--job-name",
    "--licenses",
    "--mail-type",
    "--mail-user",
    "--mcs-label",
    "--mem",
    "--mem-per-cpu",
    "--mem-per-gpu",
    "--mincpus",
    "--nice",
    "--no-kill",
    "--no-requeue",
    "--nodefile",
    "--nodelist",
    "--nodes",
    "--ntasks",
    "--ntasks-per-core",
    "--ntasks-per-node",
    "--ntasks-per-socket",
    "--output",
    "--overcommit",
    "--oversubscribe",
    "--parsable",
    "--partition",
    "--power",
    "--priority",
    "--profile",
    "--propagate",
    "--qos",
    "--quiet",
    "--reboot",
    "--requeue",
    "--reservation",
    "--signal",
    "--sockets-per-node",
    "--spread-job",
    "--switches",
    "--thread-spec",
    "--threads-per-core",
    "--time",
    "--time-min",
    "--tmp",
    "--uid",
    "--usage",
    "--use-min-nodes",
    "--verbose",
    "--version",
    "--wait",
    "--wckey",
    "--wrap",
};

class SlurmChecks {
 public:
  SlurmChecks(const ResolvedConfig& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics), launch_(launch_arguments(config)) {}

  void run() {
    for (const auto& [field, text] : {std::pair{"job_name", slurm_.job_name},
                                      {"partition", slurm_.partition},
                                      {"account", slurm_.account},
                                      {"qos", slurm_.qos},
                                      {"time", slurm_.time},
                                      {"gpus_per_node", slurm_.gpus_per_node},
                                      {"mem", slurm_.mem},
                                      {"constraint", slurm_.constraint},
                                      {"output", slurm_.output},
                                      {"error", slurm_.error}}) {
      if (text) check_text(field, *text);
    }
    if (slurm_.time) check_time(*slurm_.time);
    if (slurm_.mem && !std::regex_match(*slurm_.mem, std::regex("[0-9]+[KMGTkmgt]?"))) {
      error("mem", "'launch.slurm.mem' must be a size such as 500G, 64000M or 0, got '{}'",
            excerpt(*slurm_.mem));
    }
    if (slurm_.gpus_per_node) check_gpus(*slurm_.gpus_per_node, launch_.nproc_per_node);
    for (const auto& [field, count] : {std::pair{"cpus_per_task", slurm_.cpus_per_task},
                                       {"array_throttle", slurm_.array_throttle}}) {
      if (count && *count < 1) {
        error(field, "'launch.slurm.{}' must be at least 1, got {}", field, *count);
      }
    }
    for (const auto& option : slurm_.extra) check_extra(option);
  }

 private:
  template <class... Args>
  Diagnostic& error(std::string_view field, fmt::format_string<Args...> format, Args&&... args) {
    const std::size_t index = *config_.index(fmt::format("launch.slurm.{}", field));
    return diagnostics_.error(config_.origin(index), format, std::forward<Args>(args)...);
  }

  void check_text(std::string_view field, const std::string& text) {
    if (text.empty()) {
      error(field, "'launch.slurm.{}' is empty; leave it unset for Slurm's default", field);
    } else if (const auto control =
                   std::find_if(text.begin(), text.end(),
                                [](char c) { return (c >= 0 && c < 0x20) || c == 0x7f; });
               control != text.end()) {
      error(field,
            "'launch.slurm.{}' holds control character U+{:04X}: an #SBATCH line is one line",
            field, static_cast<unsigned>(*control));
    }
  }

  void check_time(const std::string& time) {
    static const std::regex format(
        "[0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|"
        "[0-9]+-[0-9]{1,2}|[0-9]+-[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}|"
        "UNLIMITED|unlimited|INFINITE|infinite");
    if (std::regex_match(time, format)) return;
    error("time",
          "'launch.slurm.time' must be MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, "
          "got '{}'",
          excerpt(time))
        .notes.push_back(Note{Origin::none(), "for example: time: \"1-00:00:00\" (one day)"});
  }

  void check_gpus(const std::string& gpus, std::int64_t processes) {
    std::smatch match;
    if (!std::regex_match(gpus, match, std::regex("(?:[A-Za-z0-9_.-]+:)?([0-9]{1,9})"))) {
      error("gpus_per_node",
            "'launch.slurm.gpus_per_node' must be COUNT or TYPE:COUNT, e.g. 8 or a100:8, got '{}'",
            excerpt(gpus));
      return;
    }
    std::int64_t count = 0;
    const std::string digits = match[1].str();
    std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (count < 1) {
      error("gpus_per_node", "'launch.slurm.gpus_per_node' must ask for at least 1 GPU, got '{}'",
            gpus);
    } else if (count < processes) {
      error("gpus_per_node",
            "'launch.slurm.gpus_per_node' asks for {} GPUs per node, but 'launch.nproc_per_node' "
            "starts {} processes on each",
            count, processes)
          .notes.push_back(Note{config_.origin(*config_.index("launch.nproc_per_node")),
                                "'launch.nproc_per_node' was set here"});
    }
  }

  void check_extra(const std::string& option) {
    check_text("extra", option);
    const std::string name = option.substr(0, option.find('='));
    const auto written = std::find_if(std::begin(kWrittenOptions), std::end(kWrittenOptions),
                                      [&](const auto& pair) { return pair.second == name; });
    if (!std::regex_match(name, std::regex("--[a-z][a-z0-9-]*"))) {
      error("extra", "'launch.slurm.extra' holds '{}': each item is '--name=value' or '--flag'",
            excerpt(option))
          .notes.push_back(Note{Origin::none(),
                                "write sbatch's long option, e.g. --mail-type=END "
                                "rather than a short one"});
    } else if (written != std::end(kWrittenOptions)) {
      error("extra",
            "'launch.slurm.extra' sets {}, which expcfg writes from "
            "'launch.slurm.{}'",
            name, written->first)
          .notes.push_back(
              Note{Origin::none(), fmt::format("set 'launch.slurm.{}' instead", written->first)});
    } else if (std::find(std::begin(kReservedOptions), std::end(kReservedOptions), name) !=
               std::end(kReservedOptions)) {
      error("extra", "'launch.slurm.extra' sets {}, which expcfg writes itself or needs unset",
            name)
          .notes.push_back(Note{Origin::none(),
                                "the node count is 'launch.nnodes' (one task per node); the job "
                                "gets the environment sbatch runs in, plus launch.env"});
    } else if (std::find(std::begin(kSbatchOptions), std::end(kSbatchOptions), name) ==
               std::end(kSbatchOptions)) {
      auto& unknown = error("extra", "'launch.slurm.extra' holds '{}', which is no sbatch option",
                            excerpt(name));
      suggest(unknown, name, {std::begin(kSbatchOptions), std::end(kSbatchOptions)});
    }
  }

  const ResolvedConfig& config_;
  Diagnostics& diagnostics_;
  const LaunchArguments launch_;  // built once: this runs for every resolution
  const SlurmArguments& slurm_ = launch_.slurm;
};

}  // namespace

void check_slurm(const ResolvedConfig& config, Diagnostics& diagnostics) {
  SlurmChecks(config, diagnostics).run();
}

std::string_view sbatch_option_of(std::string_view field) {
  for (const auto& [name, option] : kWrittenOptions) {
    if (name == field) return option;
  }
  return {};
}

}  // namespace expcfg
