// Resolves an experiment stack through expcfg's public API, as a C++ training stack or a
// scheduler would: files and overrides in, typed structs, origins and diagnostics out.
//   resolve_experiment FILE... [--set KEY=VALUE]...
#include <expcfg/emit.hpp>
#include <expcfg/resolve.hpp>
#include <iostream>
#include <string>
#include <vector>

// The public headers must not pull in yaml-cpp (its yaml.h include guard).
#ifdef YAML_H_62B23520_7C8E_11DE_8A39_0800200C9A66
#error "expcfg's public headers include yaml-cpp"
#endif

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::vector<expcfg::Entry> overrides;
  expcfg::Diagnostics problems;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--set" && i + 1 < argc) {
      if (auto entry = expcfg::parse_set(argv[++i], problems)) overrides.push_back(*entry);
    } else {
      files.push_back(word);
    }
  }
  const expcfg::ResolvedConfig config =
      expcfg::load_config(files, overrides, expcfg::disk_file_system(), problems);
  if (!problems.empty()) {
    std::cerr << expcfg::render(problems);
    if (problems.has_errors()) return problems.has_usage_error() ? 2 : 1;
  }

  // Typed access: the runner's own argument structs.
  const auto run = expcfg::to_arguments<expcfg::EmbedderEncoderOnlyBase>(config);
  const std::size_t rate = *config.index("training.learning_rate");
  std::cout << "model: " << run.model.model_name_or_path << "\n"
            << "learning_rate: " << run.training.learning_rate << " from "
            << config.origin_label(rate) << "\n"
            << "train_data: " << run.data.train_data->size() << " entries\n";

  // One stack resolved at several points (a search of the caller's own): merged once.
  const expcfg::StackResolver stack(
      expcfg::load_layers(files, expcfg::disk_file_system(), problems));
  for (const char* seed : {"training.seed=1", "training.seed=2"}) {
    expcfg::Diagnostics point;
    std::vector<expcfg::Entry> entries = overrides;
    if (auto entry = expcfg::parse_set(seed, point)) entries.push_back(*entry);
    const expcfg::ResolvedConfig at = stack.resolve(expcfg::override_layer(entries), point);
    if (point.has_errors()) {
      std::cerr << expcfg::render(point);
      return 1;
    }
    std::cout << seed << ": " << expcfg::config_hash(at) << "\n";
  }

  // The emitters: the effective configuration, credentials hidden.
  std::cout << "---\n" << expcfg::emit_yaml(expcfg::redact_secrets(config), {});
  return 0;
}
