// Run names: `{KEY}`, `{KEY|basename}` and `{index}` in a sweep's --name template.

#include "run/run_names.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "resolve/secrets.hpp"

namespace expcfg {
namespace {

/// A resolved value as text for a run name.
std::string name_text(const Value& value) {
  if (const auto* list = std::get_if<StringList>(&value))
    return fmt::format("{}", fmt::join(*list, "+"));
  if (const auto* list = std::get_if<IntList>(&value))
    return fmt::format("{}", fmt::join(*list, "+"));
  return value_text(value);
}

}  // namespace

std::string basename(std::string text) {
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  const std::size_t slash = text.rfind('/');
  return slash == std::string::npos ? text : text.substr(slash + 1);
}

/// Why `name` cannot be a file name in the sweep folder, or empty when it can.
std::string bad_file_name(const std::string& name) {
  if (name.empty()) return "it is empty";
  if (name == "." || name == "..") return "it is '.' or '..'";
  if (name.find('/') != std::string::npos) return "it contains '/'";
  if (std::any_of(name.begin(), name.end(), [](char c) { return c >= 0 && c < 0x20; })) {
    return "it contains a control character";
  }
  if (name.starts_with('.')) return "it starts with '.'";
  return {};
}

/// The default template: `name={key}` for each swept key, joined by ','; a credential's part
/// is `name=secret{index}`, which never shows it.
std::string default_template(const SweepSpec& spec) {
  std::vector<std::string> parts;
  auto add = [&](const SweepAxis& axis) {
    const std::size_t dot = axis.key.rfind('.');
    const std::string name = dot == std::string::npos ? axis.key : axis.key.substr(dot + 1);
    if (names_secret(axis.key) ||
        hides_set_value(axis.key, fmt::format("{}", fmt::join(axis.values, ",")))) {
      parts.push_back(fmt::format("{}=secret{{index}}", name));
    } else {
      parts.push_back(fmt::format("{}={{{}|path}}", name, axis.key));
    }
  };
  for (const auto& axis : spec.grid) add(axis);
  for (const auto& axis : spec.zip) add(axis);
  return fmt::format("{}", fmt::join(parts, ","));
}

/// The run's name from the template; nullopt after a usage error.
std::optional<std::string> render_name(const std::string& name_template,
                                       const ResolvedConfig& config, std::size_t index,
                                       Diagnostics& diagnostics) {
  std::string out;
  std::size_t at = 0;
  auto fail = [&](std::string message) {
    diagnostics.usage_error(Origin::none(), "in --name '{}': {}", excerpt(name_template), message);
    return std::nullopt;
  };
  while (at < name_template.size()) {
    const std::size_t open = name_template.find('{', at);
    out += name_template.substr(at, open - at);
    if (open == std::string::npos) break;
    const std::size_t close = name_template.find('}', open);
    if (close == std::string::npos) return fail("unterminated '{'");
    std::string inside = name_template.substr(open + 1, close - open - 1);
    std::string filter;
    if (const std::size_t bar = inside.find('|'); bar != std::string::npos) {
      filter = inside.substr(bar + 1);
      inside.resize(bar);
    }
    std::string text;
    if (inside == "index") {
      text = fmt::format("{}", index);
    } else if (const auto field = config.index(inside);
               field && redacted_value(config, *field) != config.values[*field]) {
      return fail(fmt::format(
          "'{}' is a credential (or made from one): a run name cannot show it; use {{index}}",
          excerpt(inside)));
    } else if (const auto written = config.written_as.find(inside);
               written != config.written_as.end()) {
      text = name_text(written->second);  // as swept, though the target spells it otherwise
    } else if (field) {
      text = name_text(config.values[*field]);
    } else {
      std::vector<std::string> keys{"index"};
      for (const auto& each : config.runner->fields) keys.push_back(each.key());
      auto& error = diagnostics.usage_error(Origin::none(), "in --name '{}': unknown key '{}'",
                                            excerpt(name_template), excerpt(inside));
      suggest(error, inside, {keys.begin(), keys.end()});
      return std::nullopt;
    }
    if (filter == "basename") {
      text = basename(text);
    } else if (filter == "path") {  // the default template's: a path's '/' as '_'
      std::replace(text.begin(), text.end(), '/', '_');
    } else if (!filter.empty()) {
      return fail(fmt::format("unknown filter '|{}' (there is |basename)", excerpt(filter)));
    }
    out += text;
    at = close + 1;
  }
  if (const std::string why = bad_file_name(out); !why.empty()) {
    auto& error = diagnostics.usage_error(Origin::none(), "run name '{}' cannot be a file name: {}",
                                          excerpt(out), why);
    error.notes.push_back(Note{Origin::none(), "use {KEY|basename} for a path's last part"});
    return std::nullopt;
  }
  return out;
}

}  // namespace expcfg
