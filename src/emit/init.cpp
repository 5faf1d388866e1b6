// A commented experiment file: the schema's rows as YAML a user fills in.

#include "emit/init.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "expcfg/emit.hpp"

namespace expcfg {
namespace {

/// What a user edits first in every FlagEmbedding example script.
constexpr std::string_view kKeyFields[] = {"model_name_or_path", "train_data",
                                           "output_dir",         "learning_rate",
                                           "num_train_epochs",   "per_device_train_batch_size",
                                           "temperature",        "sentence_pooling_method"};

constexpr std::size_t kCommentWidth = 96;

/// The help text as `# ` lines of at most kCommentWidth columns, broken at spaces.
std::string help_comment(std::string_view help) {
  std::string out;
  std::string line;
  auto flush = [&] {
    if (!line.empty()) out += fmt::format("  # {}\n", line);
    line.clear();
  };
  std::size_t start = 0;
  while (start < help.size()) {
    std::size_t end = help.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = help.size();
    const std::string_view word = help.substr(start, end - start);
    if (!word.empty()) {
      if (!line.empty() && line.size() + 1 + word.size() > kCommentWidth) flush();
      if (!line.empty()) line += ' ';
      line += word;
    }
    if (end < help.size() && help[end] == '\n') flush();
    start = end + 1;
  }
  flush();
  return out;
}

bool is_key_field(const FieldSpec& field) {
  return std::find(std::begin(kKeyFields), std::end(kKeyFields), field.name) !=
         std::end(kKeyFields);
}

std::string field_lines(const FieldSpec& field, const Value& value, bool active) {
  std::string out = help_comment(field.help);
  if (!active) return out + fmt::format("  # {}: {}\n", field.name, yaml_flow(field.default_value));
  // A required field's default ("" or null) is no value: the user fills it in.
  if (field.required && (is_none(value) || value == field.default_value)) {
    return out + fmt::format("  {}:  # required: fill this in\n", field.name);
  }
  return out + fmt::format("  {}: {}\n", field.name, yaml_flow(value));
}

}  // namespace

std::string init_file(const ResolvedConfig& config, const std::string& source) {
  const RunnerSchema& runner = *config.runner;
  std::string out = fmt::format("# expcfg experiment: {} ({})\n", runner.name, runner.module);
  out += source.empty() ? "# Made by `expcfg init`.\n"
                        : fmt::format("# Made by `expcfg init` from {}.\n", printable(source));
  out +=
      "# Written out: the fields that matter most and the values that differ from the defaults;\n"
      "# every other field follows, commented out at its default. Check the file with\n"
      "# `expcfg check FILE`; `expcfg explain FIELD` describes a field.\n";
  out += fmt::format("runner: {}\n", runner.name);
  for (Section section : kSections) {
    std::string active;
    std::string commented;
    for (std::size_t i = 0; i < config.values.size(); ++i) {
      const FieldSpec& field = runner.fields[i];
      if (field.section != section) continue;
      const bool written =
          is_key_field(field) || field.required || !(config.values[i] == field.default_value);
      (written ? active : commented) += field_lines(field, config.values[i], written);
    }
    // A section of comments only is null, which reads as an empty section.
    out += fmt::format("\n{}:\n{}", section_name(section), active);
    if (!commented.empty()) out += "\n  # Other fields, at their defaults:\n" + commented;
  }
  return out;
}

}  // namespace expcfg
