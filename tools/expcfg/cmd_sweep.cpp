// `expcfg sweep`: one layered configuration at every point of a grid; with -o, a folder of
// resolved runs, their manifest and optionally a Slurm job array.

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "base/output.hpp"
#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "run/slurm_script.hpp"
#include "run/submit.hpp"
#include "run/sweep.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct SweepOptions {
  std::vector<std::string> files;
  OverrideOptions overrides;
  TargetOptions targets;
  std::vector<std::string> grid;
  std::vector<std::string> zip;
  std::string name;
  std::string output;
  std::string emit;
  bool submit = false;
};

/// The table of runs (number, name, output_dir, config hash), kept in an unnamed temporary
/// file until the sweep succeeds: memory stays flat however many runs there are. Columns are
/// as wide as the first run's (a longer value widens only its own row).
class Summary {
 public:
  Summary() : file_(std::tmpfile()) {}
  Summary(const Summary&) = delete;
  Summary& operator=(const Summary&) = delete;
  ~Summary() {
    if (file_) std::fclose(file_);
  }

  bool ok() const { return file_ != nullptr; }

  void add(const SweepRun& run) {
    const Value dir = redacted_value(run.config, *run.config.index("training.output_dir"));
    const std::string output_dir = value_text(dir);
    if (rows_ == 0) {
      name_width_ = std::max(name_width_, run.name.size());
      dir_width_ = std::max(dir_width_, output_dir.size());
    }
    fmt::print(file_, "{:>5}  {:<{}}  {:<{}}  {}\n", rows_++, run.name, name_width_, output_dir,
               dir_width_, run.hash);
  }

  /// Copies the table to standard output.
  void print() {
    fmt::print("{:>5}  {:<{}}  {:<{}}  {}\n", "#", "name", name_width_, "output_dir", dir_width_,
               "config hash");
    std::rewind(file_);
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file_)) > 0) {
      std::fwrite(buffer, 1, got, stdout);
    }
    fmt::print("{} runs\n", rows_);
  }

 private:
  std::FILE* file_;
  std::size_t rows_ = 0;
  std::size_t name_width_ = 4;
  std::size_t dir_width_ = 10;
};

/// The sweep folder, written run by run as the sweep resolves; with a Slurm script, each run
/// also gets `<name>.run.sh`, which the array task sources.
class SweepWriter {
 public:
  SweepWriter(const SweepOptions& options, std::optional<std::string> script_folder)
      : options_(options), script_folder_(std::move(script_folder)) {}

  bool open(Diagnostics& diagnostics) {
    return check(staged_.open(options_.output, error_), diagnostics) &&
           (!script_folder_ || check(staged_.make_folder("logs", error_), diagnostics));
  }

  void add(const SweepRun& run, Diagnostics& diagnostics) {
    if (failed_) return;
    if (script_folder_ && !add_run_file(run, diagnostics)) {
      failed_ = true;
      return;
    }
    ++runs_;
    failed_ = !check(
        staged_.write(run.name + ".yaml", emit_yaml(redact_secrets(run.config), {}), error_) &&
            staged_.append("runs.jsonl", manifest_line(run), error_) &&
            staged_.append("runs.txt", run.name + ".yaml\n", error_),
        diagnostics);
  }

  bool commit(Diagnostics& diagnostics) {
    if (failed_) return false;
    if (script_folder_ && first_) {
      if (!check(
              staged_.write("sweep.slurm",
                            slurm_array_script(*first_, runs_, *script_folder_, place()), error_),
              diagnostics)) {
        return false;
      }
    }
    return check(staged_.commit(error_), diagnostics);
  }

  std::size_t runs() const { return runs_; }
  /// Where the array runs and logs: the current folder, `<sweep>/logs/%A_%a.out`.
  SlurmPlace place() const {
    return SlurmPlace{*here_, slurm_literal(*script_folder_) + "/logs/%A_%a.out", *script_folder_};
  }
  /// Creates the folders of launch.slurm.output/error set in the runs (see make_log_folders).
  bool make_log_folders(Diagnostics& diagnostics) const {
    return !first_ || expcfg::make_log_folders(*first_, place(), diagnostics);
  }
  /// launch.slurm.array_throttle of the runs, which share it.
  std::optional<std::int64_t> throttle() const {
    return first_ ? launch_arguments(*first_).slurm.array_throttle : std::nullopt;
  }

 private:
  /// Every task of one array has the first run's shape: the same nodes, GPUs, time, ...
  bool add_run_file(const SweepRun& run, Diagnostics& diagnostics) {
    if (!first_) {
      if (!(here_ = slurm_folder(".", diagnostics))) return false;
      if (launch_arguments(run.config).master_port) {
        diagnostics
            .usage_error(Origin::none(),
                         "run '{}' sets launch.master_port; the tasks of a job "
                         "array packed onto one node would all use that port",
                         run.name)
            .notes.push_back(Note{Origin::none(),
                                  "unset it: each task's script derives a port from its job id"});
        return false;
      }
      first_ = run.config;
      first_name_ = run.name;
    } else if (auto key = launch_shape_difference(*first_, run.config)) {
      diagnostics
          .usage_error(Origin::none(),
                       "runs '{}' and '{}' differ in '{}'; the runs of one Slurm "
                       "job array share its shape",
                       first_name_, run.name, *key)
          .notes.push_back(
              Note{Origin::none(), fmt::format("sweep '{}' in separate sweeps", *key)});
      return false;
    }
    const auto file = slurm_run_file(run.config, run.name, diagnostics);
    return file && check(staged_.write(run.name + ".run.sh", *file, error_), diagnostics);
  }

  bool check(bool ok, Diagnostics& diagnostics) {
    if (!ok) {
      diagnostics.usage_error(Origin::none(), "cannot write the sweep to '{}': {}", options_.output,
                              error_);
    }
    return ok;
  }

  const SweepOptions& options_;
  std::optional<std::string> script_folder_;
  std::optional<std::string> here_;
  std::optional<ResolvedConfig> first_;
  std::string first_name_;
  StagedFolder staged_;
  std::string error_;
  std::size_t runs_ = 0;
  bool failed_ = false;
};

/// Whether `folder` is a sweep some of whose runs were submitted: its queued array tasks
/// would read whatever replaced it.
bool holds_submitted_runs(const std::string& folder) {
  std::ifstream lines(folder + "/runs.jsonl");
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("\"slurm_job_id\"") != std::string::npos) return true;
  }
  return false;
}

/// `sweep --submit`: the array script submitted in parts within the cluster's MaxArraySize;
/// each run's job id ("<job>_<task>") is added to its runs.jsonl line.
int submit_sweep(const std::string& folder, std::size_t runs, std::optional<std::int64_t> throttle,
                 Diagnostics& diagnostics) {
  const std::size_t limit = max_array_size();
  std::vector<std::string> job_of_run(runs);
  std::vector<std::string> jobs;
  std::vector<std::string> job_ids;
  for (const ArrayPart& part : array_parts(runs, limit)) {
    std::vector<std::string> options = {fmt::format("--array=0-{}{}", part.count - 1,
                                                    throttle ? fmt::format("%{}", *throttle) : "")};
    // A throttle holds across parts only if they run one after the other.
    if (throttle && !job_ids.empty()) {
      options.push_back(fmt::format("--dependency=afterany:{}", job_ids.back()));
    }
    const auto job =
        sbatch(folder + "/sweep.slurm", options, {fmt::format("{}", part.first)}, diagnostics);
    if (!job) break;
    job_ids.push_back(*job);
    jobs.push_back(
        fmt::format("job {}: runs {} to {}", *job, part.first, part.first + part.count - 1));
    for (std::size_t i = 0; i < part.count; ++i) {
      job_of_run[part.first + i] = fmt::format("{}_{}", *job, i);
    }
  }
  // What was submitted is recorded even when a later part was refused.
  std::string manifest;
  std::string error;
  if (std::ifstream lines(folder + "/runs.jsonl"); lines) {
    std::string line;
    for (std::size_t i = 0; std::getline(lines, line); ++i) {
      Json entry = Json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (i < runs && !job_of_run[i].empty() && entry.is_object()) {
        entry["slurm_job_id"] = job_of_run[i];
      }
      manifest += entry.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    }
  }
  if (!jobs.empty() && !write_file_atomically(folder + "/runs.jsonl", manifest, error)) {
    diagnostics.usage_error(Origin::none(), "cannot record the job ids in {}/runs.jsonl: {}",
                            folder, error);
  }
  for (const auto& job : jobs) fmt::print("submitted {}\n", job);
  return report(diagnostics);
}

int run_sweep(const CLI::App& command, const SweepOptions& options) {
  Diagnostics diagnostics;
  if ((!options.emit.empty() || options.submit) && options.output.empty()) {
    diagnostics.usage_error(Origin::none(), "{} writes into the sweep folder: give -o DIR",
                            options.submit ? "--submit" : "--emit " + options.emit);
    return report(diagnostics);
  }
  SweepSpec spec;
  spec.name_template = options.name;
  for (const auto& [arguments, flag, axes] : {std::tuple{&options.grid, "--grid", &spec.grid},
                                              std::tuple{&options.zip, "--zip", &spec.zip}}) {
    for (const auto& argument : *arguments) {
      if (auto axis = parse_sweep_axis(argument, flag, diagnostics)) axes->push_back(*axis);
    }
  }
  auto overrides = options.overrides.entries(command, diagnostics);
  if (overrides) {
    for (auto& entry : options.targets.entries(diagnostics)) overrides->push_back(std::move(entry));
  }
  if (!diagnostics.empty() || !overrides) return report(diagnostics);
  // Too many runs, or an unusable folder, is refused before any run resolves.
  if (sweep_size(spec, diagnostics) == 0) return report(diagnostics);
  std::optional<std::string> script_folder;
  const bool slurm = options.emit == "slurm" || options.submit;
  if (slurm && !(script_folder = slurm_folder(options.output, diagnostics))) {
    return report(diagnostics);
  }
  const std::vector<Layer> layers =
      load_layers(options.files, disk_file_system(), diagnostics, options.overrides.config_dirs());
  if (!diagnostics.empty()) return report(diagnostics);
  std::optional<SweepWriter> writer;
  if (!options.output.empty()) {
    std::vector<std::string> inputs;
    for (const auto& layer : layers) {
      if (!layer.sha256.empty()) inputs.push_back(layer.name);
    }
    if (auto input = overwritten_input(options.output, inputs)) {
      diagnostics.usage_error(Origin::none(),
                              "refusing to replace '{}': it holds the input file '{}'",
                              options.output, *input);
      return report(diagnostics);
    }
    if (holds_submitted_runs(options.output)) {
      diagnostics
          .usage_error(Origin::none(),
                       "refusing to replace '{}': its runs were submitted to "
                       "Slurm (runs.jsonl has their job ids)",
                       options.output)
          .notes.push_back(Note{Origin::none(),
                                "queued tasks read the folder when they start; write this sweep "
                                "to another folder, or remove that one once its jobs are done"});
      return report(diagnostics);
    }
    writer.emplace(options, script_folder);
    if (!writer->open(diagnostics)) return report(diagnostics);
  }
  Summary summary;
  if (!summary.ok()) {
    diagnostics.usage_error(Origin::none(), "cannot create a temporary file: {}",
                            std::strerror(errno));
    return report(diagnostics);
  }
  for_each_sweep_run(
      layers, *overrides, spec,
      [&](const SweepRun& run) {
        summary.add(run);
        if (writer) writer->add(run, diagnostics);
      },
      diagnostics);
  if (diagnostics.has_errors() || (writer && !writer->commit(diagnostics))) {
    return report(diagnostics);
  }
  report(diagnostics);  // warnings
  summary.print();
  if (!options.submit) return 0;
  Diagnostics submission;
  if (!writer->make_log_folders(submission)) return report(submission);
  return submit_sweep(*script_folder, writer->runs(), writer->throttle(), submission);
}

}  // namespace

std::function<int()> add_sweep_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "sweep",
      "Resolve a configuration at every point of a grid of overrides; -o DIR writes one "
      "resolved file per run and runs.jsonl");
  auto options = std::make_shared<SweepOptions>();
  command->add_option("files", options->files, "Layer files, merged in order ('-' reads stdin)");
  options->overrides.add_to(*command);
  options->targets.add_to(*command);
  command->add_option("--grid", options->grid, "Sweep a key over values: KEY=V1,V2,... (product)")
      ->allow_extra_args(false)
      ->type_name("KEY=V1,V2");
  command
      ->add_option("--zip", options->zip,
                   "Values taken together with the other --zip lists: KEY=V1,V2,...")
      ->allow_extra_args(false)
      ->type_name("KEY=V1,V2");
  command->add_option("--name", options->name,
                      "Run names: {KEY}, {KEY|basename}, {index} (default: name=value,...)");
  command->add_option("-o,--output", options->output,
                      "Write the runs into this folder (replaced whole, atomically)");
  command
      ->add_option("--emit", options->emit,
                   "Also write a job script into the folder (slurm: sweep.slurm, a job array, "
                   "and <run>.run.sh per run)")
      ->check(CLI::IsMember({"slurm"}));
  command->add_flag("--submit", options->submit,
                    "Write the folder with its Slurm job array and submit it with sbatch (in "
                    "parts within the cluster's MaxArraySize); job ids go to runs.jsonl");
  return [command, options] { return run_sweep(*command, *options); };
}

}  // namespace expcfg::cli
