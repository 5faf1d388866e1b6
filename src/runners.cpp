// The supported runners: each one's three typed tables, flattened for the generic stages.

#include <stdexcept>

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

std::span<const RunnerSchema* const> all_runners() {
  static const RunnerSchema* const runners[] = {
      &runner_schema<EmbedderEncoderOnlyBase>(),     &runner_schema<EmbedderEncoderOnlyM3>(),
      &runner_schema<EmbedderDecoderOnlyBase>(),     &runner_schema<EmbedderDecoderOnlyIcl>(),
      &runner_schema<RerankerEncoderOnlyBase>(),     &runner_schema<RerankerDecoderOnlyBase>(),
      &runner_schema<RerankerDecoderOnlyLayerwise>()};
  return runners;
}

const RunnerSchema* find_runner(std::string_view name) {
  for (const RunnerSchema* runner : all_runners()) {
    if (runner->name == name) return runner;
  }
  return nullptr;
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
