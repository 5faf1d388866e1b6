// What a field is, and who set it: the schema's row plus the layers' history.

#include "expcfg/explain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "decode.hpp"
#include "expcfg/argv.hpp"
#include "expcfg/emit.hpp"
#include "expcfg/secrets.hpp"

namespace expcfg {
namespace {

/// How argparse takes the field: `--fp16 True|False`, `--train_data V1 V2 ...`.
std::string command_line_form(const FieldSpec& field) {
  const std::string option = fmt::format("--{}", field.name);
  switch (cli_form(field)) {
    case CliForm::Bool:
    case CliForm::BoolWord: return option + " True|False";
    case CliForm::One: return option + " VALUE";
    case CliForm::Several: return option + " VALUE [VALUE ...]";
    case CliForm::JsonValue: return option + " PATH|JSON";
    case CliForm::Impossible: break;
  }
  return "none: argparse cannot take this field";
}

std::string shown(const FieldSpec& field, const Value& value, const ExplainOptions& options) {
  return yaml_flow(options.show_secrets ? value : redact(field, value));
}

std::string step_text(const FieldSpec& field, const HistoryStep& step,
                      const ExplainOptions& options) {
  if (step.op == Op::Unset) return "back to the default";
  if (!step.value) return "(rejected)";
  const std::string value = shown(field, *step.value, options);
  return step.op == Op::Append ? "+ " + value : value;
}

}  // namespace

std::vector<HistoryStep> field_history(const std::vector<Layer>& layers, const RunnerSchema& runner,
                                       std::size_t field) {
  std::vector<HistoryStep> steps;
  for (const auto& layer : layers) {
    for (const auto& entry : layer.entries) {
      if (find_field(runner, entry) != field) continue;
      HistoryStep step{entry.op, entry.origin, std::nullopt};
      Diagnostics ignored;  // resolving the configuration reported them
      if (entry.op != Op::Unset) step.value = decode_entry(runner.fields[field], entry, ignored);
      steps.push_back(std::move(step));
    }
  }
  return steps;
}

std::vector<std::pair<const RunnerSchema*, std::size_t>> field_owners(std::string_view key) {
  Entry entry;
  split_key(key, entry);
  std::vector<std::pair<const RunnerSchema*, std::size_t>> owners;
  for (const RunnerSchema* runner : all_runners()) {
    if (auto index = find_field(*runner, entry)) owners.emplace_back(runner, *index);
  }
  return owners;
}

std::string explain_field(const FieldSpec& field,
                          const std::vector<std::pair<const RunnerSchema*, std::size_t>>& owners,
                          const ResolvedConfig* config, const std::vector<HistoryStep>& history,
                          const ExplainOptions& options) {
  std::string out = fmt::format("{}: {}{}, default {}\n", field.key(), kind_name(field.kind),
                                field.nullable ? " or null" : "", yaml_flow(field.default_value));
  if (!field.help.empty()) out += fmt::format("  {}\n", field.help);
  if (!field.choices.empty()) out += fmt::format("  choices: {}\n", fmt::join(field.choices, ", "));
  if (field.required) out += "  required: some layer must set it\n";
  if (field.secret) out += "  a credential: printed as <redacted> unless --show-secrets\n";
  if (owners.size() == all_runners().size()) {
    out += fmt::format("  runners: all {}\n", owners.size());
  } else {
    std::vector<std::string_view> names;
    for (const auto& [runner, index] : owners) names.push_back(runner->name);
    out += fmt::format("  runners: {}\n", fmt::join(names, ", "));
  }
  if (field.section != Section::Launch) {
    out += fmt::format("  command line: {}\n", command_line_form(field));
  }
  if (!config) return out;

  const auto index = config->index(field.key());
  if (!index) {
    return out +
           fmt::format("  not a field of this configuration's runner, {}\n", config->runner->name);
  }
  out += fmt::format("  value: {}  ({})\n", shown(field, config->values[*index], options),
                     config->origin_label(*index));
  if (history.empty()) return out + "  no layer sets it: the default applies\n";
  out += "  set by, in merge order (the last one wins):\n";
  std::size_t width = 0;
  for (const auto& step : history) width = std::max(width, step.origin.where().size());
  for (const auto& step : history) {
    out += fmt::format("    {:<{}}  {}\n", step.origin.where(), width,
                       step_text(field, step, options));
  }
  return out;
}

}  // namespace expcfg
