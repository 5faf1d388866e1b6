// The resolved values as the runner's own typed argument structs.
#include <stdexcept>
#include <string>

#include "expcfg/resolve.hpp"
#include "schema/field_tables.hpp"
#include "schema/fields_training.hpp"

namespace expcfg {
namespace {

/// Copies resolved values into one typed struct through its table; a field the target release
/// does not have keeps its member's default.
template <class S>
void fill(S& object, const ResolvedConfig& config, Section section,
          const FieldTable<S>& table = field_table<S>()) {
  // Rows and fields are both in declaration order, so the field after the last one found is
  // usually the next row's: tried first, it saves a lookup per member (validation fills
  // TrainingArguments for every resolution, every sweep point).
  const std::vector<FieldSpec>& fields = config.runner->fields;
  std::size_t next = 0;
  for (const auto& row : table.rows()) {
    std::optional<std::size_t> index;
    if (next < fields.size() && fields[next].section == section &&
        fields[next].name == row.spec.name) {
      index = next;
    } else {
      index = config.runner->find(section, row.spec.name);
    }
    if (index) {
      FieldTable<S>::assign(row, object, config.values[*index]);
      next = *index + 1;
    }
  }
}

}  // namespace

template <class Runner>
Runner to_arguments(const ResolvedConfig& config) {
  if (config.runner->name != Runner::kName) {
    throw std::invalid_argument("the configuration's runner is " +
                                std::string(config.runner->name));
  }
  Runner arguments;
  fill(arguments.model, config, Section::Model);
  fill(arguments.data, config, Section::Data);
  fill(arguments.training, config, Section::Training);
  arguments.launch = launch_arguments(config);
  return arguments;
}

LaunchArguments launch_arguments(const ResolvedConfig& config) {
  LaunchArguments launch;
  fill(launch, config, Section::Launch);
  fill(launch.slurm, config, Section::Launch);
  return launch;
}

TrainingArguments training_arguments(const ResolvedConfig& config) {
  TrainingArguments training;
  fill(training, config, Section::Training,
       built_table<TrainingArguments, Section::Training,
                   add_training_arguments<TrainingArguments>>());
  return training;
}

std::optional<std::string> output_dir(const ResolvedConfig& config) {
  const auto index = config.runner->find(Section::Training, "output_dir");
  if (!index) return std::nullopt;
  const auto* text = std::get_if<std::string>(&config.values[*index]);
  if (!text || text->empty()) return std::nullopt;
  return *text;
}

template EmbedderEncoderOnlyBase to_arguments(const ResolvedConfig&);
template EmbedderEncoderOnlyM3 to_arguments(const ResolvedConfig&);
template EmbedderDecoderOnlyBase to_arguments(const ResolvedConfig&);
template EmbedderDecoderOnlyIcl to_arguments(const ResolvedConfig&);
template RerankerEncoderOnlyBase to_arguments(const ResolvedConfig&);
template RerankerDecoderOnlyBase to_arguments(const ResolvedConfig&);
template RerankerDecoderOnlyLayerwise to_arguments(const ResolvedConfig&);

}  // namespace expcfg
