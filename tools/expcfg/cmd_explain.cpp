// `expcfg explain KEY [FILE...]`: a field's description, and with files its value and every
// layer that set it.

#include <fmt/format.h>

#include "commands.hpp"
#include "emit/explain.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct ExplainCommand {
  std::string key;
  std::vector<std::string> files;
  OverrideOptions overrides;
  TargetOptions targets;
  bool show_secrets = false;
};

int report_unknown_key(const std::string& key) {
  Diagnostics diagnostics;
  auto& error = diagnostics.usage_error(Origin::none(), "unknown key '{}'", excerpt(key));
  std::vector<std::string> keys;
  for (const RunnerSchema* runner : all_runners()) {
    for (const FieldSpec& field : runner->fields) {
      keys.push_back(key.find('.') == std::string::npos ? std::string(field.name) : field.key());
    }
  }
  suggest(error, key, {keys.begin(), keys.end()});
  return report(diagnostics);
}

/// `expcfg explain [FILE...]` with no key: the field catalogue (`expcfg fields`).
int explain_every_field(const ExplainCommand& options) {
  FieldsRequest request;
  request.arguments = options.files;
  if (!options.key.empty()) request.arguments.insert(request.arguments.begin(), options.key);
  request.targets = options.targets;
  return print_field_catalogue(request);
}

int run_explain(const CLI::App& command, const ExplainCommand& options) {
  // A first argument that names a layer file is one: `expcfg explain exp.yaml` lists its fields.
  if (options.key.empty() || options.key == "-" || options.key.ends_with(".yaml") ||
      options.key.ends_with(".yml") || options.key.ends_with(".json")) {
    return explain_every_field(options);
  }
  const auto owners = field_owners(options.key);
  if (owners.empty()) return report_unknown_key(options.key);
  const FieldSpec* field = &owners.front().first->fields[owners.front().second];
  Diagnostics diagnostics;
  if (options.files.empty()) {
    const auto release = options.targets.release(diagnostics);
    if (!release) return report(diagnostics);
    fmt::print("{}", explain_field(*field, owners, nullptr, {}, {options.show_secrets, *release}));
    return 0;
  }
  auto overrides = options.overrides.entries(command, diagnostics);
  if (!overrides) return report(diagnostics);
  for (auto& entry : options.targets.entries(diagnostics)) overrides->push_back(std::move(entry));
  std::vector<Layer> layers =
      load_layers(options.files, disk_file_system(), diagnostics, options.overrides.config_dirs());
  layers.push_back(override_layer(std::move(*overrides)));
  const ResolvedConfig config = resolve(layers, diagnostics);
  if (diagnostics.has_errors()) return report(diagnostics);
  std::vector<HistoryStep> history;
  for (const auto& [runner, index] : owners) {
    if (runner->name != config.runner->name) continue;
    field = &runner->fields[index];  // this runner's declaration (its own default)
    history = field_history(layers, *runner, index);
  }
  fmt::print("{}", explain_field(*field, owners, &config, history,
                                 {options.show_secrets, *config.runner->transformers}));
  return 0;
}

}  // namespace

std::function<int()> add_explain_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "explain",
      "Describe a field; with files, its value and every layer that set it. Without a key, "
      "list every field (as expcfg fields)");
  auto options = std::make_shared<ExplainCommand>();
  command->add_option("key", options->key,
                      "A field: section.name or a bare name (none: every field of the runner)");
  command->add_option("files", options->files, "Layer files, merged in order");
  options->overrides.add_to(*command);
  options->targets.add_to(*command);
  add_show_secrets_flag(*command, options->show_secrets);
  return [command, options] { return run_explain(*command, *options); };
}

}  // namespace expcfg::cli
