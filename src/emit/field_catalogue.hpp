#pragma once
/// `expcfg fields`: every field of a runner with its type, default and one line of help,
/// filtered by section and by a word; plain aligned columns or JSON.
///
///   embedder.encoder_only.base, transformers 4.57.6: 2 of 174 fields matching 'warmup'
///   KEY                    TYPE           DEFAULT  HELP
///   training.warmup_steps  float          0.0      Number of steps for a linear warmup ...
///   training.warmup_ratio  float or null  0.0      Linear warmup over warmup_ratio ...

#include <optional>
#include <string>
#include <vector>

#include "expcfg/schema.hpp"
#include "expcfg/value.hpp"

namespace expcfg {

struct CatalogueFilter {
  std::optional<Section> section;  ///< only this section's fields
  std::string word;                ///< only fields whose key or help holds it (any case)
};

/// The fields of `runner` that `filter` keeps, in declaration order.
std::vector<const FieldSpec*> catalogue_fields(const RunnerSchema& runner,
                                               const CatalogueFilter& filter);

/// "float", "list of strings or null": the field's type as explain and fields name it.
std::string field_type_text(const FieldSpec& field);

/// The first sentence of the field's help, cut with "..." to fit a line.
std::string help_line(const FieldSpec& field);

/// A heading line, then one aligned row per field: key, type, default ("required" where a
/// layer must set it), help line.
std::string catalogue_text(const RunnerSchema& runner, const std::vector<const FieldSpec*>& fields,
                           const CatalogueFilter& filter);

/// {"runner", "transformers", "fields": [{"key", "section", "name", "type", "nullable",
/// "required", "default", "choices", "help"}]}, with the whole help text.
Json catalogue_json(const RunnerSchema& runner, const std::vector<const FieldSpec*>& fields);

}  // namespace expcfg
