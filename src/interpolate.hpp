#pragma once
// Interpolation: `${section.field}`, `${env:NAME}`, `${env:NAME,default}` and `$${` in the
// string values of a merged configuration, resolved after every layer and override.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// One `${...}`: a field's key ("training.learning_rate", or a bare name, or "runner") or an
/// environment variable with an optional default.
struct Reference {
  bool environment = false;
  std::string name;                     ///< the key, or the variable's name
  std::optional<std::string> fallback;  ///< `${env:NAME,default}`
  std::string text;                     ///< as written: "${env:HOME}"
};

/// A string split into literal text and references: "out/${x}" is {"out/", x}.
struct TemplatePiece {
  std::string literal;  ///< `$${` already read as `${`
  std::optional<Reference> reference;
};

/// Whether the text has anything to interpolate or unescape (a `${`).
inline bool has_template(std::string_view text) { return text.find("${") != std::string::npos; }
/// Whether the value holds such a string anywhere (list items and mapping values included).
bool value_has_template(const Value& value);

/// The pieces of `text`, or nullopt and `error` ("unterminated '${'", ...).
std::optional<std::vector<TemplatePiece>> parse_template(std::string_view text, std::string& error);

/// `text` written so that interpolation reads it back as itself: `${` as `$${`.
std::string escape_template(std::string_view text);

/// Resolves every reference in `config`'s values, converts each whole value to its field's
/// type, and records what was written in `config.interpolations`. Errors (unknown keys, unset
/// variables, cycles, values of the wrong type) are reported at the value that holds the
/// reference.
void interpolate(ResolvedConfig& config, const ResolveOptions& options, Diagnostics& diagnostics);

}  // namespace expcfg
