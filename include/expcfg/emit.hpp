#pragma once
/// Writing a resolved configuration: YAML that loads back to the same values, or JSON.
///
///   runner: embedder.encoder_only.base
///   model:
///     model_name_or_path: BAAI/bge-large-en-v1.5  # configs/experiments/x.yaml:4
///   training:
///     learning_rate: 1e-05  # configs/experiments/x.yaml:9

#include <string>
#include <string_view>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

struct EmitOptions {
  /// Only fields whose value differs from the default: a minimal experiment file.
  bool changed_only = false;
  /// Annotate each value with where it came from.
  bool show_origin = false;
  /// Values written with `${...}` as resolved (the default) or as written (`--no-resolve`).
  bool resolve = true;
};

/// Every field (or the changed ones) in declaration order, as a valid expcfg layer (a literal
/// `${` in a string is written `$${`), under a header with the config hash (hash.hpp). Values
/// are written as they are: pass redact_secrets(config) (secrets.hpp) to hide credentials.
std::string emit_yaml(const ResolvedConfig& config, const EmitOptions& options);

/// `{"runner": ..., "model": {...}, "data": {...}, "training": {...}}`; with show_origin, an
/// "origins" object maps each dotted key to its source.
std::string emit_json(const ResolvedConfig& config, const EmitOptions& options);

/// The value as one line of YAML flow text, as a layer would hold it: `1e-05`, `"no"`,
/// `[a.jsonl, b/]`, `{"stage":2}`, `$${HOME}` for a literal `${HOME}`.
std::string yaml_flow(const Value& value);

/// The scalar as YAML: plain where it reads back as the same string, double-quoted otherwise
/// ("1.10", "no", "{}{}", text with ": " or a trailing space).
std::string yaml_string(std::string_view text);

/// A content hash of a resolved configuration, so that two runs with the same effective
/// configuration are recognisable (`expcfg hash`): the first 16 hex digits of the SHA-256 of a
/// canonical text of the runner and every field's typed value, defaults included. It does not
/// depend on how the layers were split into files, on key order or on float spelling (`1e-5`
/// and `0.00001` are one value); credentials are left out, so a token does not change it.
std::string config_hash(const ResolvedConfig& config);

/// The resolved configuration as the command line of FlagEmbedding's runner module, written
/// so that `HfArgumentParser(...).parse_args_into_dataclasses()` reads back the same values.
///
///   training.fp16: true             -> --fp16 True
///   data.train_data: [a.jsonl, b/]  -> --train_data a.jsonl b/
///   training.deepspeed: {stage: 2}  -> --deepspeed '{"stage":2}'
struct ArgvOptions {
  /// Every field that can be written, not only those that differ from their defaults.
  bool all = false;
};

/// `--name value ...` for the fields that differ from their defaults (or all of them), in
/// declaration order. A value a command line cannot express (None where the default is not
/// None, an empty list, a field argparse cannot take) is reported at its origin.
std::vector<std::string> to_argv(const ResolvedConfig& config, const ArgvOptions& options,
                                 Diagnostics& diagnostics);

/// The word quoted for bash: as-is when it holds only safe characters, else in single quotes.
/// The one quoting function of every command and script expcfg writes.
std::string shell_quote(std::string_view word);
/// The words quoted and joined by spaces: one line to paste into bash.
std::string shell_join(const std::vector<std::string>& words);

}  // namespace expcfg
