#include "load/yaml_core.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "base/limits.hpp"

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

std::optional<bool> parse_text_bool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view word : {"yes", "true", "t", "y", "1"}) {
    if (lower == word) return true;
  }
  for (std::string_view word : {"no", "false", "f", "n", "0"}) {
    if (lower == word) return false;
  }
  return std::nullopt;
}

NumberParse parse_int(std::string_view text, std::int64_t& value) {
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  if (digits.empty() ||
      !(is_digit(digits[0]) || (digits[0] == '-' && digits.size() == text.size()))) {
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

/// Walks one mapping value into JSON within the limits on expansion (aliases) and depth.
class JsonReader {
 public:
  JsonReader(const FileName& file, const Origin& fallback, Diagnostics& diagnostics)
      : file_(file), fallback_(fallback), diagnostics_(diagnostics) {}

  /// The value, or nullopt after reporting why not (`key` names it in messages: "deepspeed").
  std::optional<Json> read(const YamlNode& node, const std::string& key) {
    auto json = walk(node, key, 0);
    if (!exceeded_) return json;
    const Origin where = node.origin(file_, fallback_);
    if (bytes_ > limits::kMaxResolvedBytes) {
      diagnostics_.error(where,
                         "'{}' expands to more than {} bytes, the limit on a resolved "
                         "configuration (through aliases?)",
                         key, limits::kMaxResolvedBytes);
    } else if (budget_ == 0) {
      diagnostics_.error(where, "'{}' expands to more than {} values (through aliases?)", key,
                         limits::kMaxExpandedValues);
    } else {
      diagnostics_.error(where, "'{}' nests deeper than {} levels", key, limits::kMaxNestingDepth);
    }
    return std::nullopt;
  }

 private:
  std::optional<Json> walk(const YamlNode& node, const std::string& key, std::size_t depth) {
    if (budget_ == 0 || depth >= limits::kMaxNestingDepth) {
      exceeded_ = true;
      return std::nullopt;
    }
    --budget_;
    switch (node.type()) {
      case NodeType::Map: {
        Json object = Json::object();
        bool ok = true;
        const auto items = mapping_items(node, file_, key + ".", diagnostics_, fallback_, &merges_);
        // mapping_items reported a spent merge budget; the value cannot be read.
        if (merges_.exhausted()) {
          failed_ = true;
          return std::nullopt;
        }
        for (const auto& item : items) {
          const std::string name =
              item.key.is_scalar() ? std::string(item.key.scalar()) : describe(item.key);
          auto value = walk(item.value, child_key(key, name), depth + 1);
          if (exceeded_ || failed_) return std::nullopt;
          ok = ok && value.has_value();
          if (value) object[name] = std::move(*value);
        }
        return ok ? std::optional<Json>(std::move(object)) : std::nullopt;
      }
      case NodeType::Sequence: {
        Json array = Json::array();
        bool ok = true;
        for (std::size_t i = 0; i < node.size(); ++i) {
          auto value = walk(node.item(i), key, depth + 1);
          if (exceeded_ || failed_) return std::nullopt;
          ok = ok && value.has_value();
          if (value) array.push_back(std::move(*value));
        }
        return ok ? std::optional<Json>(std::move(array)) : std::nullopt;
      }
      case NodeType::Scalar:
        // Aliases share one scalar's text; each use is a copy.
        bytes_ += node.scalar().size();
        if (bytes_ > limits::kMaxResolvedBytes) {
          exceeded_ = true;
          return std::nullopt;
        }
        return scalar(node, key);
      case NodeType::Null: break;
    }
    return Json(nullptr);
  }

  std::optional<Json> scalar(const YamlNode& node, const std::string& key) {
    const std::string_view text = node.scalar();
    if (!node.is_plain()) return Json(text);
    const Origin where = node.origin(file_, fallback_);
    if (is_special_float(text)) {
      diagnostics_.error(where, "expected a finite number in '{}', got '{}'", key, excerpt(text));
      return std::nullopt;
    }
    double number = 0;
    std::int64_t integer = 0;
    if (parse_int(text, integer) == NumberParse::OutOfRange ||
        parse_float(text, number) == NumberParse::OutOfRange) {
      diagnostics_.error(where, "number {} in '{}' is out of range", excerpt(text), key);
      return std::nullopt;
    }
    if (auto core = parse_core_scalar(text)) return core;
    return Json(text);
  }

  /// "deepspeed.zero_optimization": the dotted key for messages, kept short however deep.
  static std::string child_key(const std::string& key, const std::string& name) {
    if (key.size() > limits::kMaxQuotedChars) return key;
    return key + "." + excerpt(name);
  }

  const FileName& file_;
  const Origin& fallback_;
  Diagnostics& diagnostics_;
  std::size_t budget_ = limits::kMaxExpandedValues;
  std::size_t bytes_ = 0;  // scalar text copied so far
  MergeBudget merges_;
  bool exceeded_ = false;  // the value budget or the depth limit: reported by read()
  bool failed_ = false;    // the merge budget: reported by mapping_items
};

}  // namespace

std::optional<Json> yaml_to_json(const YamlNode& node, const FileName& file, const Origin& fallback,
                                 const std::string& key, Diagnostics& diagnostics) {
  return JsonReader(file, fallback, diagnostics).read(node, key);
}

}  // namespace expcfg
