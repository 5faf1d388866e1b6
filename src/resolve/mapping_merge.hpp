#pragma once
// Mapping fields (`launch.env`, `training.deepspeed` given inline, `lr_scheduler_kwargs`, ...)
// merge by key: a later layer's mapping updates the keys it names, nested mappings too, and
// leaves the others. `env!: {...}` (or `--set 'launch.env!={...}'`) replaces one whole;
// `--set launch.env.HF_HOME=/x` and `--unset launch.env.WANDB_MODE` reach one key.

#include <optional>
#include <string>
#include <vector>

#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {

/// Whether a later layer's value updates this field key by key instead of replacing it.
bool merges_by_key(const FieldSpec& field);

/// Merges `update` into `into`: a key holding a mapping on both sides merges recursively;
/// anything else (a scalar, a list, a mapping over a scalar) replaces the earlier value.
void merge_mapping(Json& into, const Json& update);

/// The value an entry writes at a key of a mapping field (`--set launch.env.HF_HOME=/x`,
/// `--set training.deepspeed.zero_optimization.stage=2`): for `launch.env` the text verbatim,
/// otherwise read as YAML (`2` is a number); nullopt after reporting why not.
std::optional<Json> decode_key_value(const FieldSpec& field, const Entry& entry,
                                     const std::vector<std::string>& keys,
                                     Diagnostics& diagnostics);

/// Applies one entry that reaches into a mapping field at `keys`: sets that key to `value`
/// (creating the mappings on the way; None counts as an empty mapping), or with no value
/// (`--unset`) removes it. False after reporting why not: the field holds a string (a file
/// path, a `${...}`), a key on the way is not a mapping, or the key to remove is not there.
bool apply_key_entry(const FieldSpec& field, Value& current, const std::vector<std::string>& keys,
                     const std::optional<Json>& value, const Origin& origin,
                     const Origin& current_origin, Diagnostics& diagnostics);

/// How a later layer's value for `field` combines with the earlier ones, for `explain`.
std::string merge_rule(const FieldSpec& field);

}  // namespace expcfg
