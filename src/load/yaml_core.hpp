#pragma once
// Scalar words and numbers as expcfg reads them, and YAML 1.2 core-schema conversion of
// mapping values (`deepspeed: {stage: 2}`) to JSON.

#include <optional>
#include <string_view>

#include "expcfg/value.hpp"
#include "load/yaml_mapping.hpp"

namespace expcfg {

/// `null`, `Null`, `NULL`, `~` or empty.
bool is_null_word(std::string_view text);

/// true/false, yes/no, on/off in lower, Title or UPPER case (what a bool field accepts).
std::optional<bool> parse_bool_word(std::string_view text);

/// HfArgumentParser's string_to_bool, for values written as text (a command line, a script,
/// an environment variable): yes/no, true/false, t/f, y/n, 1/0 in any case.
std::optional<bool> parse_text_bool(std::string_view text);

enum class NumberParse { Ok, NotANumber, OutOfRange };

/// A decimal integer, optionally signed: "8", "-1", "+3".
NumberParse parse_int(std::string_view text, std::int64_t& value);

/// A finite float in YAML 1.2 core form: "1e-5", "0.00001", ".5", "3". OutOfRange for
/// .inf, .nan and values that overflow a double.
NumberParse parse_float(std::string_view text, double& value);

/// A plain scalar by YAML 1.2 core rules: null, true/false, an integer or a float; nullopt
/// for anything that is a string.
std::optional<Json> parse_core_scalar(std::string_view text);

/// A mapping or sequence as JSON, scalars by YAML 1.2 core rules (`stage: 2` is 2, `yes` is
/// "yes"). Reports non-finite numbers, duplicate keys and values beyond limits.hpp's bounds;
/// nullopt when there were any. `key` names the value in messages ("training.deepspeed").
std::optional<Json> yaml_to_json(const YamlNode& node, const FileName& file, const Origin& fallback,
                                 const std::string& key, Diagnostics& diagnostics);

}  // namespace expcfg
