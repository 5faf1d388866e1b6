#pragma once
/// Runtime values of configuration fields: what every stage after loading passes around.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace expcfg {

/// A mapping value (`deepspeed: {stage: 2}`), kept in the order it was written.
using Json = nlohmann::ordered_json;
using StringList = std::vector<std::string>;
using IntList = std::vector<std::int64_t>;
/// Environment variables for a run (`launch.env`): name and value, in the order written.
using StringMap = std::vector<std::pair<std::string, std::string>>;

/// Member types of fields that Python types as a union.
using DictOrString = std::variant<std::string, Json>;        // `dict | str`
using StringOrList = std::variant<std::string, StringList>;  // `str | list[str]`
using BoolOrString = std::variant<bool, std::string>;        // `str | bool`

/// Python's None.
using None = std::monostate;

/// One field's value, whatever its type: the common currency of merge, emit and diff.
using Value =
    std::variant<None, bool, std::int64_t, double, std::string, StringList, IntList, Json>;

/// What a field accepts; the C++ member type decides it (see schema.hpp).
enum class Kind {
  Bool,
  Int,
  Float,
  String,
  Strings,          ///< list[str]
  Ints,             ///< list[int]
  Mapping,          ///< dict
  MappingOrString,  ///< dict | str
  StringOrStrings,  ///< str | list[str]
  BoolOrText,       ///< str | bool
  Environment,      ///< expcfg's own `launch.env`: variable names to strings
};

/// The kind's name as messages and docs show it: "bool", "int", "list of strings", ...
std::string_view kind_name(Kind kind);

/// True when `value` holds Python's None.
inline bool is_none(const Value& value) { return std::holds_alternative<None>(value); }

/// About how many bytes the value holds: its text, plus 8 per number or item (for the limits
/// on a resolved configuration's size).
std::size_t value_bytes(const Value& value);

/// The value as JSON (None as null): used by the JSON dump and the conformance test.
Json to_json(const Value& value);

/// Shortest text that reads back as the same double, always with a '.' or an exponent
/// (3.0, 1e-05), the way Python's repr() writes floats.
std::string format_float(double value);

/// The value as plain text, the one spelling every message, reference and run name uses:
/// strings as they are, `true`/`false`, numbers as dumps write them (format_float), `null`,
/// lists and mappings as compact JSON. (YAML quoting is the emitters' `yaml_flow`; a command
/// line's `True`/`False` is argv's own.)
std::string value_text(const Value& value);

}  // namespace expcfg
