#include "yaml_core.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace expcfg {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Whether `text` matches YAML 1.2 core's float form (which includes integers):
/// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool looks_like_float(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i > start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

bool is_special_float(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  for (std::string_view word : {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"}) {
    if (text == word) return true;
  }
  return false;
}

}  // namespace

bool is_null_word(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<bool> parse_bool_word(std::string_view text) {
  for (std::string_view word : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}) {
    if (text == word) return true;
  }
  for (std::string_view word : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}) {
    if (text == word) return false;
  }
  return std::nullopt;
}

NumberParse parse_int(std::string_view text, std::int64_t& value) {
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  if (digits.empty() || !(is_digit(digits[0]) || (digits[0] == '-' && digits.size() == text.size()))) {
    return NumberParse::NotANumber;
  }
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (end != digits.data() + digits.size()) return NumberParse::NotANumber;
  if (error == std::errc::result_out_of_range) return NumberParse::OutOfRange;
  return error == std::errc() ? NumberParse::Ok : NumberParse::NotANumber;
}

NumberParse parse_float(std::string_view text, double& value) {
  if (is_special_float(text)) return NumberParse::OutOfRange;
  if (!looks_like_float(text)) return NumberParse::NotANumber;
  // strtod, unlike from_chars, tells overflow (HUGE_VAL) from underflow (1e-400 is 0.0).
  // The text was checked above, so the C locale's '.' is the only decimal point it can hold.
  const std::string copy(text);
  value = std::strtod(copy.c_str(), nullptr);
  return std::isfinite(value) ? NumberParse::Ok : NumberParse::OutOfRange;
}

std::optional<Json> parse_core_scalar(std::string_view text) {
  if (is_null_word(text)) return Json(nullptr);
  if (text == "true" || text == "True" || text == "TRUE") return Json(true);
  if (text == "false" || text == "False" || text == "FALSE") return Json(false);
  std::int64_t integer = 0;
  if (parse_int(text, integer) == NumberParse::Ok) return Json(integer);
  double number = 0;
  if (parse_float(text, number) == NumberParse::Ok) return Json(number);
  return std::nullopt;
}

namespace {

/// What one mapping value may expand to. Aliases share nodes, so a few lines can stand for
/// billions of values ("billion laughs"); no real DeepSpeed or FSDP config comes near this.
constexpr std::size_t kMaxExpandedValues = 100'000;

std::optional<Json> node_to_json(const YAML::Node& node, const FileName& file, const Origin& fallback,
                            const std::string& key_prefix, std::size_t& budget,
                            Diagnostics& diagnostics);

}  // namespace

std::optional<Json> yaml_to_json(const YAML::Node& node, const FileName& file,
                                 const Origin& fallback, const std::string& key_prefix,
                                 Diagnostics& diagnostics) {
  std::size_t budget = kMaxExpandedValues;
  auto json = node_to_json(node, file, fallback, key_prefix, budget, diagnostics);
  if (budget == 0 && !json) {
    diagnostics.error(node_origin(file, node, fallback),
                      "'{}' expands to more than {} values (through aliases?)",
                      key_prefix.substr(0, key_prefix.size() - 1), kMaxExpandedValues);
  }
  return json;
}

namespace {

std::optional<Json> node_to_json(const YAML::Node& node, const FileName& file, const Origin& fallback,
                            const std::string& key_prefix, std::size_t& budget,
                            Diagnostics& diagnostics) {
  if (budget == 0) return std::nullopt;
  --budget;
  const Origin where = node_origin(file, node, fallback);
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json object = Json::object();
      bool ok = true;
      for (const auto& item : mapping_items(node, file, key_prefix, diagnostics, fallback)) {
        const std::string key = item.key.IsScalar() ? item.key.Scalar() : describe(item.key);
        auto value = node_to_json(item.value, file, fallback, key_prefix + key + ".", budget, diagnostics);
        ok = ok && value.has_value();
        if (budget == 0) return std::nullopt;
        if (value) object[key] = std::move(*value);
      }
      return ok ? std::optional<Json>(std::move(object)) : std::nullopt;
    }
    case YAML::NodeType::Sequence: {
      Json array = Json::array();
      bool ok = true;
      for (const auto& item : node) {
        auto value = node_to_json(item, file, fallback, key_prefix, budget, diagnostics);
        ok = ok && value.has_value();
        if (budget == 0) return std::nullopt;
        if (value) array.push_back(std::move(*value));
      }
      return ok ? std::optional<Json>(std::move(array)) : std::nullopt;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (!is_plain(node)) return Json(text);
      if (is_special_float(text)) {
        diagnostics.error(where, "expected a finite number in '{}', got '{}'",
                          key_prefix.substr(0, key_prefix.size() - 1), text);
        return std::nullopt;
      }
      double number = 0;
      std::int64_t integer = 0;
      if (parse_int(text, integer) == NumberParse::OutOfRange ||
          parse_float(text, number) == NumberParse::OutOfRange) {
        diagnostics.error(where, "number {} in '{}' is out of range", text,
                          key_prefix.substr(0, key_prefix.size() - 1));
        return std::nullopt;
      }
      if (auto core = parse_core_scalar(text)) return core;
      return Json(text);
    }
    default: return Json(nullptr);
  }
}

}  // namespace

}  // namespace expcfg
