// <output_dir>/expcfg/: what a run used, written next to what it produced.

#include <fmt/format.h>

#include <filesystem>

#include "base/output.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "run/launch.hpp"

namespace expcfg {
namespace {

std::string origins_yaml(const ResolvedConfig& config) {
  std::string out = "# Where each value of resolved.yaml came from.\n";
  out += fmt::format("runner: {}\n", yaml_string(config.runner_origin.label()));
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    out += fmt::format("{}: {}\n", config.runner->fields[i].key(),
                       yaml_string(config.origin_label(i)));
  }
  return out;
}

std::string layers_sha256(const ResolvedConfig& config) {
  std::string out;
  for (const auto& [file, sha256] : config.layer_files)
    out += fmt::format("{}  {}\n", sha256, file);
  return out;
}

}  // namespace

std::optional<std::string> run_record_folder(const ResolvedConfig& config,
                                             Diagnostics& diagnostics) {
  const auto output = output_dir(config);
  if (!output) {
    diagnostics.error(Origin::none(),
                      "'training.output_dir' is not set: the run record goes to "
                      "<output_dir>/expcfg/");
    return std::nullopt;
  }
  const std::string folder = (std::filesystem::path(*output) / "expcfg").string();
  if (auto input = overwritten_input(folder, config.input_files())) {
    diagnostics
        .usage_error(Origin::none(),
                     "refusing to replace the run record '{}': it holds the "
                     "input file '{}'",
                     folder, *input)
        .notes.push_back(Note{Origin::none(),
                              "copy the file out of the record first, or set "
                              "another 'training.output_dir'"});
    return std::nullopt;
  }
  return folder;
}

bool write_run_record(const ResolvedConfig& config, Diagnostics& diagnostics,
                      const std::vector<std::pair<std::string, std::string>>& extra_files) {
  const auto folder = run_record_folder(config, diagnostics);
  if (!folder) return false;
  const ResolvedConfig shown = redact_secrets(config);
  std::vector<std::pair<std::string, std::string>> files = {
      {"resolved.yaml", emit_yaml(shown, {})},
      {"origins.yaml", origins_yaml(config)},
      {"command.txt", shell_line(launch_command(shown, diagnostics)) + "\n"},
      {"layers.sha256", layers_sha256(config)},
  };
  files.insert(files.end(), extra_files.begin(), extra_files.end());
  std::string error;
  const bool ok = write_folder_atomically(*folder, files, error);
  if (!ok) {
    diagnostics.usage_error(Origin::none(), "cannot write the run record in '{}': {}", *folder,
                            error);
  }
  return ok;
}

}  // namespace expcfg
