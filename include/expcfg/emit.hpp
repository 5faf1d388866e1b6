#pragma once
/// Writing a resolved configuration: YAML that loads back to the same values, or JSON.
///
///   runner: embedder.encoder_only.base
///   model:
///     model_name_or_path: BAAI/bge-large-en-v1.5  # configs/experiments/x.yaml:4
///   training:
///     learning_rate: 1e-05  # configs/experiments/x.yaml:9

#include <string>

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

}  // namespace expcfg
