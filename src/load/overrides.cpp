// `--set KEY=VALUE`, `--set KEY+=VALUE` and `--unset KEY`: the last layer.

#include "base/utf8.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"
#include "schema/secret_fields.hpp"

namespace expcfg {
namespace {

/// Command-line words need not be UTF-8; configurations and messages must be, and hold no
/// control characters that YAML forbids (yaml-cpp even guesses UTF-32 from "\x04\0\0\0").
bool is_text_argument(const std::string& argument, const char* flag, Diagnostics& diagnostics) {
  if (const auto bad = find_invalid_utf8(argument)) {
    diagnostics.usage_error(Origin::none(), "{} {}...: invalid UTF-8 at byte {}", flag,
                            excerpt(argument.substr(0, *bad)), *bad + 1);
    return false;
  }
  if (const auto control = find_control_character(argument)) {
    diagnostics.usage_error(Origin::none(), "{} {}...: control character U+{:04X} at byte {}", flag,
                            excerpt(argument.substr(0, control->offset)), control->code_point,
                            control->offset + 1);
    return false;
  }
  return true;
}

}  // namespace

// A bare "learning_rate" keeps an empty section and is looked up by name.
void split_key(std::string_view key, Entry& entry) {
  const std::size_t dot = key.find('.');
  if (dot == std::string_view::npos) {
    entry.name = std::string(key);
  } else {
    entry.section = std::string(key.substr(0, dot));
    entry.name = std::string(key.substr(dot + 1));
  }
}

std::string Entry::key() const { return section.empty() ? name : section + "." + name; }

std::optional<Entry> parse_set(const std::string& argument, Diagnostics& diagnostics) {
  if (!is_text_argument(argument, "--set", diagnostics)) return std::nullopt;
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos || equals == 0) {
    diagnostics.usage_error(Origin::set(argument), "expected KEY=VALUE")
        .notes.push_back(Note{Origin::none(), "for example: --set training.learning_rate=2e-5"});
    return std::nullopt;
  }
  Entry entry;
  std::string_view key = std::string_view(argument).substr(0, equals);
  // Messages quote the argument; a credential's value stays out of them.
  const std::string_view value = std::string_view(argument).substr(equals + 1);
  const bool suffixed = key.size() > 1 && (key.back() == '+' || key.back() == '!');
  const bool hide = hides_set_value(suffixed ? key.substr(0, key.size() - 1) : key, value);
  entry.origin = Origin::set(hide ? fmt::format("{}={}", key, kRedacted) : argument);
  // `key+=[...]` appends to a list; `key!={...}` replaces a mapping whole instead of merging.
  if (suffixed) {
    entry.op = key.back() == '+' ? Op::Append : Op::Replace;
    key.remove_suffix(1);
  }
  split_key(key, entry);
  entry.set_text = argument.substr(equals + 1);
  return entry;
}

std::optional<Entry> parse_unset(const std::string& argument, Diagnostics& diagnostics) {
  if (!is_text_argument(argument, "--unset", diagnostics)) return std::nullopt;
  Entry entry;
  entry.op = Op::Unset;
  entry.origin = Origin::unset(argument);
  split_key(argument, entry);
  return entry;
}

Layer override_layer(std::vector<Entry> entries) {
  Layer layer;
  layer.name = "<command line>";
  for (auto& entry : entries) {
    const bool is_runner = entry.section.empty() && entry.name == "runner";
    if (is_runner && entry.op == Op::Set) {
      layer.runner = RunnerChoice{*entry.set_text, entry.origin};
    } else if (is_runner && entry.op == Op::Unset) {
      layer.runner = RunnerChoice{std::string(default_runner().name), entry.origin};
    } else {
      layer.entries.push_back(std::move(entry));
    }
  }
  return layer;
}

}  // namespace expcfg
