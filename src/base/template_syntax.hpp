#pragma once
// The syntax of `${...}` references in string values, apart from their meaning: the loader keeps
// such text as written, interpolation resolves it, the emitters escape a literal `${`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/value.hpp"

namespace expcfg {

/// A value fixed once per run rather than read from the configuration.
enum class RunTimeValue {
  No,   ///< a field or environment reference
  Now,  ///< `${now:FORMAT}`: the start time; `name` is the strftime format
  Git,  ///< `${git:NAME}`: commit, short, branch or dirty; `name` is which
};

/// The names `${git:NAME}` takes.
inline constexpr std::string_view kGitValueNames[] = {"commit", "short", "branch", "dirty"};

/// One `${...}`: a field's key ("training.learning_rate", or a bare name, or "runner"), an
/// environment variable with an optional default, or a run-time value.
struct Reference {
  bool environment = false;
  RunTimeValue run_time = RunTimeValue::No;
  std::string name;                     ///< the key, or the variable's name
  std::optional<std::string> fallback;  ///< `${env:NAME,default}`
  std::string text;                     ///< as written: "${env:HOME}"
};

/// A string split into literal text and references: "out/${x}" is {"out/", x}.
struct TemplatePiece {
  std::string literal;  ///< `$${` already read as `${`
  std::optional<Reference> reference;
};

/// Whether `text` is a variable name (letters, digits, `_`, not starting with a digit), or with
/// `dots_allowed` a dotted key such as `training.seed`.
bool is_name(std::string_view text, bool dots_allowed);

/// Whether the text has anything to interpolate or unescape (a `${`).
inline bool has_template(std::string_view text) { return text.find("${") != std::string::npos; }
/// Whether the value holds such a string anywhere (list items and mapping values included).
bool value_has_template(const Value& value);

/// The pieces of `text`, or nullopt and `error` ("unterminated '${'", ...).
std::optional<std::vector<TemplatePiece>> parse_template(std::string_view text, std::string& error);

/// `text` written so that interpolation reads it back as itself: `${` as `$${`.
std::string escape_template(std::string_view text);

}  // namespace expcfg
