// The supported runners: each one's three typed tables, flattened for the generic stages.

#include <fmt/format.h>

#include <array>
#include <stdexcept>

#include "expcfg/diagnostics.hpp"
#include "expcfg/resolve.hpp"
#include "field_tables.hpp"

namespace expcfg {
namespace {

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
    return schema;
  }();
  return runner;
}

/// Copies resolved values, from `next` on, into one typed struct through its table.
template <class S>
void fill(S& object, const ResolvedConfig& config, std::size_t& next) {
  for (const auto& row : field_table<S>().rows()) {
    FieldTable<S>::assign(row, object, config.values[next++]);
  }
}

}  // namespace

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

template <class Runner>
Runner to_arguments(const ResolvedConfig& config) {
  if (config.runner->name != Runner::kName) {
    throw std::invalid_argument("the configuration's runner is " +
                                std::string(config.runner->name));
  }
  Runner arguments;
  std::size_t next = 0;
  fill(arguments.model, config, next);
  fill(arguments.data, config, next);
  fill(arguments.training, config, next);
  fill(arguments.launch, config, next);
  return arguments;
}

template EmbedderEncoderOnlyBase to_arguments(const ResolvedConfig&);
template EmbedderEncoderOnlyM3 to_arguments(const ResolvedConfig&);
template EmbedderDecoderOnlyBase to_arguments(const ResolvedConfig&);
template EmbedderDecoderOnlyIcl to_arguments(const ResolvedConfig&);
template RerankerEncoderOnlyBase to_arguments(const ResolvedConfig&);
template RerankerDecoderOnlyBase to_arguments(const ResolvedConfig&);
template RerankerDecoderOnlyLayerwise to_arguments(const ResolvedConfig&);

}  // namespace expcfg
