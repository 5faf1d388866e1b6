// The supported runners: each one's three typed tables, flattened for the generic stages.

#include <stdexcept>

#include "expcfg/resolve.hpp"
#include "expcfg/schema.hpp"
#include "fields_embedder.hpp"

namespace expcfg {
namespace {

template <class Runner, class ModelTable, class DataTable, class TrainingTable>
RunnerSchema make_runner(const ModelTable& model, const DataTable& data,
                         const TrainingTable& training) {
  RunnerSchema runner;
  runner.name = Runner::kName;
  runner.module = Runner::kModule;
  append_fields(runner.fields, model);
  append_fields(runner.fields, data);
  append_fields(runner.fields, training);
  return runner;
}

const RunnerSchema& embedder_encoder_only_base() {
  static const RunnerSchema runner = make_runner<EmbedderEncoderOnlyBase>(
      fields::abs_embedder_model(), fields::abs_embedder_data(), fields::abs_embedder_training());
  return runner;
}

/// Copies resolved values, from `next` on, into one typed struct through its table.
template <class S>
void fill(S& object, const FieldTable<S>& table, const ResolvedConfig& config, std::size_t& next) {
  for (const auto& row : table.rows()) FieldTable<S>::assign(row, object, config.values[next++]);
}

}  // namespace

const RunnerSchema& default_runner() { return embedder_encoder_only_base(); }

std::span<const RunnerSchema* const> all_runners() {
  static const RunnerSchema* const runners[] = {&embedder_encoder_only_base()};
  return runners;
}

const RunnerSchema* find_runner(std::string_view name) {
  for (const RunnerSchema* runner : all_runners()) {
    if (runner->name == name) return runner;
  }
  return nullptr;
}

template <>
EmbedderEncoderOnlyBase to_arguments<EmbedderEncoderOnlyBase>(const ResolvedConfig& config) {
  if (config.runner->name != EmbedderEncoderOnlyBase::kName) {
    throw std::invalid_argument("the configuration's runner is " + std::string(config.runner->name));
  }
  EmbedderEncoderOnlyBase arguments;
  std::size_t next = 0;
  fill(arguments.model, fields::abs_embedder_model(), config, next);
  fill(arguments.data, fields::abs_embedder_data(), config, next);
  fill(arguments.training, fields::abs_embedder_training(), config, next);
  return arguments;
}

}  // namespace expcfg
