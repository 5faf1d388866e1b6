// The supported runners: each one's three typed tables, flattened for the generic stages.

#include <fmt/format.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>

#include "expcfg/diagnostics.hpp"
#include "schema/field_tables.hpp"
#include "schema/schema_history.hpp"

namespace expcfg {
namespace {

/// Every choice any release allows, in first-seen order: a layer may target any release.
Choices choices_of_every_release(const FieldSpec& field) {
  static std::mutex guard;  // runner tables may be built from several threads
  static std::map<std::string_view, std::vector<std::string_view>> merged;
  const std::lock_guard lock(guard);
  auto& all = merged[field.name];
  if (all.empty()) {
    all.assign(field.choices.begin(), field.choices.end());
    for (const FieldEra& era : eras_of(field.name)) {
      for (std::string_view choice : era.choices) {
        if (std::find(all.begin(), all.end(), choice) == all.end()) all.push_back(choice);
      }
    }
  }
  return all;
}

template <class Runner>
const RunnerSchema& runner_schema() {
  static const RunnerSchema runner = [] {
    RunnerSchema schema;
    schema.name = Runner::kName;
    schema.module = Runner::kModule;
    append_fields(schema.fields, field_table<decltype(Runner::model)>());
    append_fields(schema.fields, field_table<decltype(Runner::data)>());
    append_fields(schema.fields, field_table<decltype(Runner::training)>());
    append_fields(schema.fields, field_table<LaunchArguments>());
    append_fields(schema.fields, field_table<SlurmArguments>());
    for (FieldSpec& field : schema.fields) {
      if (field.section == Section::Training && !field.choices.empty()) {
        field.choices = choices_of_every_release(field);
      }
    }
    return schema;
  }();
  return runner;
}

/// A default recorded as JSON, as a value of `kind`.
Value value_from_json(const Json& json, Kind kind) {
  if (json.is_null()) return None{};
  if (json.is_boolean()) return json.get<bool>();
  if (json.is_number()) {
    if (kind == Kind::Float) return json.get<double>();
    return json.get<std::int64_t>();
  }
  if (json.is_string()) return json.get<std::string>();
  if (json.is_array()) return json.get<StringList>();
  return json;
}

/// What a None default becomes at run time, where that depends on the machine.
std::string_view default_note(std::string_view field, Version version) {
  if (field == "report_to" && version < Version{5, 0, 0}) {
    return "None means every installed integration: wandb, tensorboard, ...";
  }
  if (field == "logging_dir") return "None means output_dir/runs/<date>_<host>";
  if (field == "optim" && version >= Version{4, 54, 0}) return "adamw_torch when torch < 2.8";
  return {};
}

/// One release's view of `runner`: its fields only, with that release's facts.
RunnerSchema release_view(const RunnerSchema& runner, Version version) {
  RunnerSchema view;
  view.name = runner.name;
  view.module = runner.module;
  view.transformers = version;
  for (const FieldSpec& field : runner.fields) {
    FieldSpec spec = field;
    if (field.section == Section::Training) {
      if (const auto era = era_at(field.name, version)) {
        if (!era->present) continue;
        const Json default_json = Json::parse(era->default_json);
        spec.required = default_json == "<required>";
        spec.default_value =
            spec.required ? Value(None{}) : value_from_json(default_json, field.kind);
        if (!field.choices.empty()) spec.choices = era->choices;
        spec.cli_type = era->cli_type;
        spec.cli_nargs = era->cli_nargs;
      }
      spec.default_note = default_note(field.name, version);
    }
    view.fields.push_back(std::move(spec));
  }
  return view;
}

}  // namespace

const RunnerSchema& runner_for(const RunnerSchema& runner, Version transformers) {
  static std::mutex guard;
  static std::map<std::pair<std::string_view, Version>, std::unique_ptr<RunnerSchema>> views;
  const std::lock_guard lock(guard);
  auto& view = views[{runner.name, transformers}];
  if (!view) view = std::make_unique<RunnerSchema>(release_view(runner, transformers));
  return *view;
}

const RunnerSchema& default_runner() { return runner_schema<EmbedderEncoderOnlyBase>(); }

namespace {

/// Each runner's name and its table, built on first use: a run needs only its own runner's
/// (the TrainingArguments tables are the larger part of start-up otherwise).
struct RunnerEntry {
  std::string_view name;
  const RunnerSchema& (*schema)();
};
constexpr RunnerEntry kRunners[] = {
    {EmbedderEncoderOnlyBase::kName, &runner_schema<EmbedderEncoderOnlyBase>},
    {EmbedderEncoderOnlyM3::kName, &runner_schema<EmbedderEncoderOnlyM3>},
    {EmbedderDecoderOnlyBase::kName, &runner_schema<EmbedderDecoderOnlyBase>},
    {EmbedderDecoderOnlyIcl::kName, &runner_schema<EmbedderDecoderOnlyIcl>},
    {RerankerEncoderOnlyBase::kName, &runner_schema<RerankerEncoderOnlyBase>},
    {RerankerDecoderOnlyBase::kName, &runner_schema<RerankerDecoderOnlyBase>},
    {RerankerDecoderOnlyLayerwise::kName, &runner_schema<RerankerDecoderOnlyLayerwise>},
};

}  // namespace

std::span<const RunnerSchema* const> all_runners() {
  static const auto runners = [] {
    std::array<const RunnerSchema*, std::size(kRunners)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = &kRunners[i].schema();
    return out;
  }();
  return runners;
}

const RunnerSchema* find_runner(std::string_view name) {
  for (const RunnerEntry& entry : kRunners) {
    if (entry.name == name) return &entry.schema();
  }
  return nullptr;
}

void add_runner_notes(Diagnostic& error, std::string_view name) {
  std::vector<std::string_view> names;
  for (const RunnerEntry& entry : kRunners) names.push_back(entry.name);
  suggest(error, name, names);
  error.notes.push_back(
      Note{error.origin, fmt::format("supported runners: {}", fmt::join(names, ", "))});
}

}  // namespace expcfg
