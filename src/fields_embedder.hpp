#pragma once
// Field tables of FlagEmbedding's embedder argument classes.

#include "expcfg/arguments.hpp"
#include "expcfg/schema.hpp"

namespace expcfg::fields {

const FieldTable<AbsEmbedderModelArguments>& abs_embedder_model();
const FieldTable<AbsEmbedderDataArguments>& abs_embedder_data();
const FieldTable<AbsEmbedderTrainingArguments>& abs_embedder_training();

}  // namespace expcfg::fields
