#include "expcfg/value.hpp"

#include <fmt/format.h>

namespace expcfg {

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "string";
    case Kind::Strings: return "list of strings";
    case Kind::Ints: return "list of ints";
    case Kind::Mapping: return "mapping";
    case Kind::MappingOrString: return "mapping or string";
    case Kind::StringOrStrings: return "string or list of strings";
    case Kind::BoolOrText: return "bool or string";
    case Kind::Environment: return "mapping of environment variables";
  }
  return "?";
}

namespace {

std::size_t json_bytes(const Json& json) {
  if (json.is_string()) return json.get_ref<const std::string&>().size();
  std::size_t bytes = 8;
  if (json.is_object()) {
    for (const auto& [key, item] : json.items()) bytes += key.size() + json_bytes(item);
  } else if (json.is_array()) {
    for (const auto& item : json) bytes += json_bytes(item);
  }
  return bytes;
}

}  // namespace

std::size_t value_bytes(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return text->size();
  if (const auto* list = std::get_if<StringList>(&value)) {
    std::size_t bytes = 0;
    for (const auto& item : *list) bytes += 8 + item.size();
    return bytes;
  }
  if (const auto* ints = std::get_if<IntList>(&value)) return 8 * ints->size();
  if (const auto* json = std::get_if<Json>(&value)) return json_bytes(*json);
  return 8;
}

Json to_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, None>) {
          return nullptr;
        } else {
          return Json(v);
        }
      },
      value);
}

std::string format_float(double value) {
  std::string text = fmt::format("{}", value);
  // fmt writes 3.0 as "3"; Python and YAML readers expect a float to look like one.
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string value_text(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* number = std::get_if<std::int64_t>(&value)) return fmt::format("{}", *number);
  if (const auto* number = std::get_if<double>(&value)) return format_float(*number);
  if (is_none(value)) return "null";
  return to_json(value).dump(-1, ' ', false, Json::error_handler_t::replace);  // compact JSON
}

}  // namespace expcfg
