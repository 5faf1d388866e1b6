#pragma once
// The field table of each argument struct (defined in fields_embedder.cpp and
// fields_reranker.cpp): what runners.cpp assembles into runners.

#include "expcfg/arguments.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {

template <class S>
const FieldTable<S>& field_table();

/// A table of S for `section`, filled by `add_rows(table)`.
template <class S, class AddRows>
FieldTable<S> make_table(Section section, AddRows add_rows) {
  FieldTable<S> table(section);
  add_rows(table);
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

}  // namespace expcfg
