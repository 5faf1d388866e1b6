#include "base/template_syntax.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "expcfg/diagnostics.hpp"

namespace expcfg {

namespace {

bool json_has_template(const Json& json) {
  if (json.is_string()) return has_template(json.get_ref<const std::string&>());
  // A number or bool iterates as itself: only arrays and objects have items.
  return json.is_structured() && std::any_of(json.begin(), json.end(), json_has_template);
}

}  // namespace

bool value_has_template(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return has_template(*text);
  if (const auto* list = std::get_if<StringList>(&value)) {
    return std::any_of(list->begin(), list->end(),
                       [](const std::string& item) { return has_template(item); });
  }
  if (const auto* json = std::get_if<Json>(&value)) return json_has_template(*json);
  return false;
}

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool is_name(std::string_view text, bool dots_allowed) {
  if (text.empty() || (text.front() >= '0' && text.front() <= '9')) return false;
  for (char c : text) {
    if (!is_name_char(c) && !(dots_allowed && c == '.')) return false;
  }
  return text.front() != '.' && text.back() != '.';
}

namespace {

/// The inside of one `${...}`.
std::optional<Reference> read_reference(std::string_view inside, std::string& error) {
  Reference reference;
  reference.text = fmt::format("${{{}}}", inside);
  if (inside.starts_with("fill:")) {  // written by `expcfg import` where only a run knows
    error = fmt::format("a value to fill in: expcfg import could not know it ({})",
                        excerpt(inside.substr(5)));
    return std::nullopt;
  }
  if (inside.starts_with("now:")) {  // checked when formatted: see format_time
    reference.run_time = RunTimeValue::Now;
    reference.name = std::string(inside.substr(4));
    return reference;
  }
  if (inside.starts_with("git:")) {
    reference.run_time = RunTimeValue::Git;
    reference.name = std::string(inside.substr(4));
    if (std::find(std::begin(kGitValueNames), std::end(kGitValueNames), reference.name) ==
        std::end(kGitValueNames)) {
      error = fmt::format(
          "unknown git value '{}': write ${{git:commit}}, ${{git:short}}, "
          "${{git:branch}} or ${{git:dirty}}",
          excerpt(reference.name));
      return std::nullopt;
    }
    return reference;
  }
  if (inside.starts_with("env:")) {
    std::string_view name = inside.substr(4);
    if (const std::size_t comma = name.find(','); comma != std::string_view::npos) {
      reference.fallback = std::string(name.substr(comma + 1));
      name = name.substr(0, comma);
    }
    if (!is_name(name, false)) {
      error = fmt::format("'{}' is not an environment variable name", excerpt(name));
      return std::nullopt;
    }
    reference.environment = true;
    reference.name = std::string(name);
    return reference;
  }
  if (!is_name(inside, true)) {
    error = fmt::format(
        "'{}' is not a reference: write ${{section.field}}, ${{env:NAME}}, "
        "${{env:NAME,default}}, ${{now:FORMAT}} or ${{git:NAME}}",
        excerpt(reference.text));
    return std::nullopt;
  }
  reference.name = std::string(inside);
  return reference;
}

}  // namespace

std::optional<std::vector<TemplatePiece>> parse_template(std::string_view text,
                                                         std::string& error) {
  std::vector<TemplatePiece> pieces(1);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t dollar = text.find('$', at);
    if (dollar == std::string_view::npos) {
      pieces.back().literal += text.substr(at);
      break;
    }
    pieces.back().literal += text.substr(at, dollar - at);
    const std::string_view rest = text.substr(dollar);
    if (rest.starts_with("$${")) {  // an escaped, literal `${`
      pieces.back().literal += "${";
      at = dollar + 3;
    } else if (rest.starts_with("${")) {
      const std::size_t close = rest.find('}');
      if (close == std::string_view::npos) {
        error = "unterminated '${' (write '$${' for a literal '${')";
        return std::nullopt;
      }
      const std::string_view inside = rest.substr(2, close - 2);
      if (inside.find("${") != std::string_view::npos) {
        error = "a reference cannot hold another '${'";
        return std::nullopt;
      }
      auto reference = read_reference(inside, error);
      if (!reference) return std::nullopt;
      pieces.back().reference = std::move(*reference);
      pieces.emplace_back();
      at = dollar + close + 1;
    } else {
      pieces.back().literal += '$';
      at = dollar + 1;
    }
  }
  if (pieces.size() > 1 && pieces.back().literal.empty()) pieces.pop_back();
  return pieces;
}

std::string escape_template(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '$' && at + 1 < text.size() && text[at + 1] == '{') out += '$';
    out += text[at];
  }
  return out;
}

}  // namespace expcfg
