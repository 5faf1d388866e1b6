// `expcfg sweep`: one layered configuration at every point of a grid; with -o, a folder of
// resolved runs, their manifest and optionally a Slurm job array.

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "base/output.hpp"
#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "run/slurm_script.hpp"
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
    const Value& dir = redacted_value(run.config, *run.config.index("training.output_dir"));
    const std::string& output_dir = std::get<std::string>(dir);
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

/// The sweep folder, written run by run as the sweep resolves.
class SweepWriter {
 public:
  SweepWriter(const SweepOptions& options, std::optional<std::string> script_folder)
      : options_(options), script_folder_(std::move(script_folder)) {}

  bool open(Diagnostics& diagnostics) {
    return check(staged_.open(options_.output, error_), diagnostics);
  }

  void add(const SweepRun& run, Diagnostics& diagnostics) {
    if (failed_) return;
    const LaunchArguments launch = launch_arguments(run.config);
    gpus_ = std::max(gpus_, launch.nproc_per_node);
    if (script_folder_ && launch.nnodes > 1) {
      diagnostics.usage_error(Origin::none(),
                              "run '{}' has launch.nnodes > 1; --emit slurm makes one "
                              "single-node task per run",
                              run.name);
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
    if (script_folder_ &&
        !check(staged_.write("sweep.slurm", slurm_script(runs_, gpus_, *script_folder_), error_),
               diagnostics)) {
      return false;
    }
    return check(staged_.commit(error_), diagnostics);
  }

 private:
  bool check(bool ok, Diagnostics& diagnostics) {
    if (!ok) {
      diagnostics.usage_error(Origin::none(), "cannot write the sweep to '{}': {}", options_.output,
                              error_);
    }
    return ok;
  }

  const SweepOptions& options_;
  std::optional<std::string> script_folder_;
  StagedFolder staged_;
  std::string error_;
  std::size_t runs_ = 0;
  std::int64_t gpus_ = 1;
  bool failed_ = false;
};

int run_sweep(const CLI::App& command, const SweepOptions& options) {
  Diagnostics diagnostics;
  if (!options.emit.empty() && options.output.empty()) {
    diagnostics.usage_error(Origin::none(), "--emit {} writes into the sweep folder: give -o DIR",
                            options.emit);
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
  if (options.emit == "slurm" && !(script_folder = slurm_folder(options.output, diagnostics))) {
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
  if (!diagnostics.empty() || (writer && !writer->commit(diagnostics))) return report(diagnostics);
  summary.print();
  return 0;
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
  command->add_option("--emit", options->emit, "Also write a job script into the folder")
      ->check(CLI::IsMember({"slurm"}));
  return [command, options] { return run_sweep(*command, *options); };
}

}  // namespace expcfg::cli
