#pragma once
// The field table of each argument struct (defined in fields_embedder.cpp and
// fields_reranker.cpp): what runners.cpp assembles into runners.

#include "expcfg/arguments.hpp"
#include "expcfg/schema.hpp"
#include "schema/field_table.hpp"

namespace expcfg {

template <class S>
const FieldTable<S>& field_table();

/// The table of S for `section`, built on first use from the row adders of its Python classes
/// (bases first): `built_table<S, Section::Model, add_base<S>, add_own<S>>()`.
template <class S, Section section, void (*... add_rows)(FieldTable<S>&)>
const FieldTable<S>& built_table() {
  static const FieldTable<S> table = [] {
    FieldTable<S> rows(section);
    (add_rows(rows), ...);
    return rows;
  }();
  return table;
}

template <>
const FieldTable<AbsEmbedderModelArguments>& field_table();
template <>
const FieldTable<EncoderOnlyEmbedderM3ModelArguments>& field_table();
template <>
const FieldTable<DecoderOnlyEmbedderModelArguments>& field_table();
template <>
const FieldTable<DecoderOnlyEmbedderICLModelArguments>& field_table();
template <>
const FieldTable<AbsEmbedderDataArguments>& field_table();
template <>
const FieldTable<DecoderOnlyEmbedderICLDataArguments>& field_table();
template <>
const FieldTable<AbsEmbedderTrainingArguments>& field_table();
template <>
const FieldTable<EncoderOnlyEmbedderM3TrainingArguments>& field_table();

template <>
const FieldTable<AbsRerankerModelArguments>& field_table();
template <>
const FieldTable<DecoderOnlyRerankerModelArguments>& field_table();
template <>
const FieldTable<LayerwiseRerankerModelArguments>& field_table();
template <>
const FieldTable<AbsRerankerDataArguments>& field_table();
template <>
const FieldTable<AbsRerankerTrainingArguments>& field_table();

template <>
const FieldTable<LaunchArguments>& field_table();
template <>
const FieldTable<SlurmArguments>& field_table();

}  // namespace expcfg
