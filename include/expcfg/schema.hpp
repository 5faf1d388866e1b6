#pragma once
/// What every stage knows about a field (FieldSpec) and the runners that own them
/// (RunnerSchema): one flat, ordered list of fields per FlagEmbedding entry point and
/// transformers release, walked by every stage.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expcfg/value.hpp"
#include "expcfg/versions.hpp"

namespace expcfg {

/// The three argument groups of FlagEmbedding, and expcfg's own `launch`.
enum class Section { Model, Data, Training, Launch };
inline constexpr Section kSections[] = {Section::Model, Section::Data, Section::Training,
                                        Section::Launch};

/// "model", "data" or "training".
std::string_view section_name(Section section);
/// The section called `name`, if any.
std::optional<Section> find_section(std::string_view name);

/// Whether `name` is a group of fields in `section` (`slurm` in `launch`, whose fields are
/// named `slurm.partition`, ...): a YAML mapping written under it holds those fields.
bool is_field_group(Section section, std::string_view name);
/// The group part of a field name (`slurm` of `slurm.partition`), empty for a plain field.
std::string_view field_group(std::string_view field_name);

using Choices = std::span<const std::string_view>;

/// Everything the generic stages know about one field.
struct FieldSpec {
  Section section = Section::Model;
  std::string_view name;
  Kind kind = Kind::String;
  bool nullable = false;
  /// Some layer must set it: it has no default (model_name_or_path) or FlagEmbedding
  /// cannot run without it (train_data).
  bool required = false;
  std::string_view help;
  /// Holds a credential (an access token): never written into a run record.
  bool secret = false;
  /// Allowed values of a string field (or of each word of a list field); empty: any.
  Choices choices;
  Value default_value;
  /// How the target transformers release's HfArgumentParser reads it, where the kind alone does
  /// not say: argparse's `type` ("int" for a float member: warmup_steps before 5.0; "dict": no
  /// command-line value) and `nargs` ("+": separate words). Empty: as the kind implies.
  std::string_view cli_type;
  std::string_view cli_nargs;
  /// What a None default turns into at run time when that depends on the machine
  /// ("every installed integration" for report_to before transformers 5).
  std::string_view default_note;

  /// The dotted key, "training.learning_rate".
  std::string key() const;
};

/// One FlagEmbedding fine-tuning entry point and its fields.
struct RunnerSchema {
  std::string_view name;    ///< "embedder.encoder_only.base"
  std::string_view module;  ///< "FlagEmbedding.finetune.embedder.encoder_only.base"
  /// model, data and training fields, each section in declaration order.
  std::vector<FieldSpec> fields;
  /// The transformers release these fields are of; nullopt: every supported release's fields
  /// (what layers may hold), with every release's choices.
  std::optional<Version> transformers;

  /// Index of `section.field_name` in `fields`.
  std::optional<std::size_t> find(Section section, std::string_view field_name) const;
  /// Index of the field called `field_name` in any section (names are unique across sections).
  std::optional<std::size_t> find(std::string_view field_name) const;
};

/// The runner used when no layer names one.
const RunnerSchema& default_runner();
/// The runner called `name`, or nullptr.
const RunnerSchema* find_runner(std::string_view name);
/// Every supported runner, in documentation order.
std::span<const RunnerSchema* const> all_runners();
/// These three give every supported release's fields. `runner_for` gives one release's: only
/// the fields it has, with its defaults, choices and command-line forms.
const RunnerSchema& runner_for(const RunnerSchema& runner, Version transformers);

struct Diagnostic;
/// Adds to an "unknown runner" error the closest runner name and the list of all of them.
void add_runner_notes(Diagnostic& error, std::string_view name);

}  // namespace expcfg
