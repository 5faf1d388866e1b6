#pragma once
/// `expcfg explain`: what a field is, and in a configuration, every layer that set it.
///
///   training.learning_rate: float, default 5e-05
///     The initial learning rate for AdamW.
///     runners: all 7
///     command line: --learning_rate VALUE
///     value: 2e-05
///     set by, in merge order (the last one wins):
///       configs/base/training.yaml:9                 5e-06
///       configs/experiments/bge-large-en-v1.5.yaml:14  1e-05
///       --set learning_rate=2e-5                     2e-05

#include <optional>
#include <string>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// One layer entry that wrote a field.
struct HistoryStep {
  Op op = Op::Set;
  Origin origin;
  std::optional<Value> value;  ///< what the entry read as; nullopt for --unset or a bad value
  /// For an entry that reaches one key of a mapping field (`--set launch.env.HF_HOME=/x`):
  /// the keys; `value` is then the mapping it writes (`{HF_HOME: /x}`).
  std::vector<std::string> keys;
};

/// Every entry of `layers` that writes field `field` of `runner`, in merge order: the whole
/// override history, not only the winner.
std::vector<HistoryStep> field_history(const std::vector<Layer>& layers, const RunnerSchema& runner,
                                       std::size_t field);

/// The runners that have `key` ("training.learning_rate" or a bare name), with its index in each.
std::vector<std::pair<const RunnerSchema*, std::size_t>> field_owners(std::string_view key);

struct ExplainOptions {
  bool show_secrets = false;
  /// The release whose facts describe the field (a configuration's own target when given).
  Version transformers = kDefaultTransformers;
};

/// The field's description; with `config` (resolved by `config_runner`'s layers, `history`
/// for the field), also its value and history. Credentials print redacted unless asked.
std::string explain_field(const FieldSpec& field,
                          const std::vector<std::pair<const RunnerSchema*, std::size_t>>& owners,
                          const ResolvedConfig* config, const std::vector<HistoryStep>& history,
                          const ExplainOptions& options);

}  // namespace expcfg
