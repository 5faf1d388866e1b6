// `expcfg sweep`: one layered configuration at every point of a grid; with -o, a folder of
// resolved runs, their manifest and optionally a Slurm job array.

#include <fmt/format.h>

#include <filesystem>

#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "expcfg/output.hpp"
#include "expcfg/secrets.hpp"
#include "expcfg/sweep.hpp"
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

/// The runs as a table: number, name, output_dir, config hash.
std::string summary(const std::vector<SweepRun>& runs) {
  std::size_t name_width = 4;
  std::size_t dir_width = 10;
  for (const auto& run : runs) {
    name_width = std::max(name_width, run.name.size());
    dir_width =
        std::max(dir_width, std::get<std::string>(run.config.at("training.output_dir")).size());
  }
  std::string out = fmt::format("{:>5}  {:<{}}  {:<{}}  {}\n", "#", "name", name_width,
                                "output_dir", dir_width, "config hash");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    out += fmt::format("{:>5}  {:<{}}  {:<{}}  {}\n", i, runs[i].name, name_width,
                       std::get<std::string>(runs[i].config.at("training.output_dir")), dir_width,
                       runs[i].hash);
  }
  return out + fmt::format("{} runs\n", runs.size());
}

int write_sweep(const SweepOptions& options, const std::vector<SweepRun>& runs,
                const std::vector<std::string>& inputs) {
  Diagnostics diagnostics;
  if (auto input = overwritten_input(options.output, inputs)) {
    diagnostics.usage_error(Origin::none(),
                            "refusing to replace '{}': it holds the input file '{}'",
                            options.output, *input);
    return report(diagnostics);
  }
  std::vector<std::pair<std::string, std::string>> files;
  std::string manifest;
  for (const auto& run : runs) {
    files.emplace_back(run.name + ".yaml", emit_yaml(redact_secrets(run.config), {}));
    manifest += manifest_line(run);
  }
  files.emplace_back("runs.jsonl", std::move(manifest));
  if (options.emit == "slurm") {
    const std::string folder =
        std::filesystem::absolute(options.output).lexically_normal().string();
    files.emplace_back("sweep.slurm", slurm_script(runs, folder));
  }
  std::string error;
  if (!write_folder_atomically(options.output, files, error)) {
    diagnostics.usage_error(Origin::none(), "cannot write the sweep to '{}': {}", options.output,
                            error);
    return report(diagnostics);
  }
  return 0;
}

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
  const std::vector<Layer> layers = load_layers(options.files, disk_file_system(), diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  const auto runs = resolve_sweep(layers, *overrides, spec, diagnostics);
  if (options.emit == "slurm") {
    for (const auto& run : runs) {
      if (std::get<std::int64_t>(run.config.at("launch.nnodes")) > 1) {
        diagnostics.usage_error(Origin::none(),
                                "run '{}' has launch.nnodes > 1; --emit slurm makes one "
                                "single-node task per run",
                                run.name);
        break;
      }
    }
  }
  if (!diagnostics.empty()) return report(diagnostics);

  if (!options.output.empty()) {
    if (const int status = write_sweep(options, runs, runs.front().config.input_files());
        status != 0)
      return status;
  }
  fmt::print("{}", summary(runs));
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
