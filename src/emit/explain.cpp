// What a field is, and who set it: the schema's row plus the layers' history.

#include "emit/explain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "emit/argv.hpp"
#include "expcfg/emit.hpp"
#include "resolve/decode.hpp"
#include "resolve/mapping_merge.hpp"
#include "resolve/secrets.hpp"
#include "schema/schema_history.hpp"

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
  if (step.op == Op::Unset && !step.keys.empty()) {
    return fmt::format("removes '{}'", fmt::join(step.keys, "."));
  }
  if (step.op == Op::Unset) return "back to the default";
  if (!step.value) return "(rejected)";
  const std::string value = shown(field, *step.value, options);
  if (step.op == Op::Append) return "+ " + value;
  if (step.op == Op::Replace) return "! " + value + "  (replaces it whole)";
  return value;
}

/// How the field changed across transformers releases, one line per era.
std::string release_history(const FieldSpec& field) {
  const auto eras = eras_of(field.name);
  if (field.section != Section::Training || eras.empty()) return {};
  std::string out = "  transformers releases:\n";
  for (std::size_t i = 0; i < eras.size(); ++i) {
    const FieldEra& era = eras[i];
    std::string facts;
    if (!era.present) {
      const auto replacement = replacement_of(field.name);
      facts = i == 0        ? std::string("not there yet")
              : replacement ? fmt::format("removed; write {} instead", *replacement)
                            : std::string("removed");
    } else {
      facts = era.default_json == "\"<required>\"" ? std::string("required")
                                                   : fmt::format("default {}", era.default_json);
      facts += fmt::format(", argparse type {}", era.cli_type);
      if (!era.cli_nargs.empty()) facts += fmt::format(", nargs '{}'", era.cli_nargs);
      if (!era.choices.empty()) facts += fmt::format(", {} choices", era.choices.size());
    }
    out += fmt::format("    {:<8} {}\n", era.since.text() + ":", facts);
  }
  return out;
}

/// The field as `release` declares it, or nullptr when that release lacks it.
const FieldSpec* at_release(const FieldSpec& field,
                            const std::vector<std::pair<const RunnerSchema*, std::size_t>>& owners,
                            Version release) {
  const RunnerSchema& view = runner_for(*owners.front().first, release);
  const auto index = view.find(field.section, field.name);
  return index ? &view.fields[*index] : nullptr;
}

}  // namespace

std::vector<HistoryStep> field_history(const std::vector<Layer>& layers, const RunnerSchema& runner,
                                       std::size_t field) {
  std::vector<HistoryStep> steps;
  for (const auto& layer : layers) {
    for (const auto& entry : layer.entries) {
      const auto target = find_target(runner, entry);
      if (!target || target->field != field) continue;
      HistoryStep step{entry.op, entry.origin, std::nullopt, target->keys};
      Diagnostics ignored;  // resolving the configuration reported them
      if (entry.op != Op::Unset && !target->keys.empty()) {
        // Shown as the mapping it writes, so that a credential variable stays redacted.
        if (auto value = decode_key_value(runner.fields[field], entry, target->keys, ignored)) {
          Json patch = std::move(*value);
          for (auto key = target->keys.rbegin(); key != target->keys.rend(); ++key) {
            patch = Json::object({{*key, std::move(patch)}});
          }
          step.value = Value(std::move(patch));
        }
      } else if (entry.op != Op::Unset) {
        step.value = decode_entry(runner.fields[field], entry, ignored);
      }
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
  const FieldSpec* released = at_release(field, owners, options.transformers);
  // Only TrainingArguments' fields depend on the release.
  const std::string release = field.section == Section::Training
                                  ? fmt::format(" (transformers {})", options.transformers.text())
                                  : std::string();
  std::string out =
      released
          ? fmt::format("{}: {}{}, default {}{}\n", field.key(), kind_name(field.kind),
                        released->nullable ? " or null" : "", yaml_flow(released->default_value),
                        release)
          : fmt::format("{}: {}{}, not in transformers {}\n", field.key(), kind_name(field.kind),
                        field.nullable ? " or null" : "", options.transformers.text());
  const FieldSpec& shown_field = released ? *released : field;
  if (!field.help.empty()) out += fmt::format("  {}\n", field.help);
  if (!shown_field.choices.empty()) {
    out += fmt::format("  choices: {}\n", fmt::join(shown_field.choices, ", "));
  }
  if (shown_field.required) out += "  required: some layer must set it\n";
  if (field.secret) out += "  a credential: printed as <redacted> unless --show-secrets\n";
  if (owners.size() == all_runners().size()) {
    out += fmt::format("  runners: all {}\n", owners.size());
  } else {
    std::vector<std::string_view> names;
    for (const auto& [runner, index] : owners) names.push_back(runner->name);
    out += fmt::format("  runners: {}\n", fmt::join(names, ", "));
  }
  if (field.section != Section::Launch && released) {
    out += fmt::format("  command line: {}\n", command_line_form(*released));
  }
  out += fmt::format("  layering: {}\n", merge_rule(field));
  out += release_history(field);
  if (!config) return out;

  // A value written under this name may now stand under the target's name for it.
  const std::string written_as = fmt::format("written as {}", field.name);
  for (const auto& [translated, note] : config->translations) {
    if (note == written_as || note.starts_with(written_as + ":")) {
      out += fmt::format("  translated for transformers {}: the value is '{}'\n",
                         config->runner->transformers->text(),
                         config->runner->fields[translated].key());
    }
  }
  const auto index = config->index(field.key());
  if (!index) {
    // The runner has the field in some release, only not in the target one.
    const bool runner_has_it = std::any_of(owners.begin(), owners.end(), [&](const auto& owner) {
      return owner.first->name == config->runner->name;
    });
    return out + (runner_has_it ? fmt::format("  not a field of transformers {}, this "
                                              "configuration's target\n",
                                              config->runner->transformers->text())
                                : fmt::format("  not a field of this configuration's runner, {}\n",
                                              config->runner->name));
  }
  const Value& value = config->values[*index];
  out += fmt::format("  value: {}  ({})\n",
                     yaml_flow(options.show_secrets ? value : redacted_value(*config, *index)),
                     config->origin_label(*index));
  if (history.empty()) return out + "  no layer sets it: the default applies\n";
  out += merges_by_key(field) ? "  set by, in merge order (later keys win):\n"
                              : "  set by, in merge order (the last one wins):\n";
  std::size_t width = 0;
  for (const auto& step : history) width = std::max(width, step.origin.described().size());
  for (const auto& step : history) {
    out += fmt::format("    {:<{}}  {}\n", step.origin.described(), width,
                       step_text(field, step, options));
  }
  return out;
}

}  // namespace expcfg
