#include "resolve/unsafe_text.hpp"

#include <algorithm>
#include <iterator>

namespace expcfg {
namespace {

/// Fields whose value is one line by nature: paths, names of models and repositories, a host.
constexpr std::string_view kOneLineEndings[] = {"_dir", "_path", "_name_or_path"};
constexpr std::string_view kOneLineNames[] = {
    "train_data",  "deepspeed",      "resume_from_checkpoint",
    "config_name", "tokenizer_name", "hub_model_id",
    "master_addr", "fsdp_config"};

bool is_one_line_field(std::string_view name) {
  return std::any_of(std::begin(kOneLineEndings), std::end(kOneLineEndings),
                     [&](std::string_view end) { return name.ends_with(end); }) ||
         std::find(std::begin(kOneLineNames), std::end(kOneLineNames), name) !=
             std::end(kOneLineNames);
}

bool is_control(char c) { return (c >= 0 && c < 0x20) || c == 0x7F; }

/// The first character of `text` that a value of this kind may not hold.
std::optional<char> first_unsafe(std::string_view text, bool one_line) {
  const auto found = std::find_if(text.begin(), text.end(),
                                  [&](char c) { return c == '\0' || (one_line && is_control(c)); });
  if (found == text.end()) return std::nullopt;
  return *found;
}

/// Every string a value holds: the text, list items, a mapping's keys and strings.
template <class Visit>
void each_string(const Json& json, const Visit& visit) {
  if (json.is_string()) visit(json.get_ref<const std::string&>(), false);
  if (json.is_object()) {
    for (const auto& [key, item] : json.items()) {
      visit(key, true);  // a key is a name
      each_string(item, visit);
    }
  } else if (json.is_array()) {
    for (const auto& item : json) each_string(item, visit);
  }
}

template <class Visit>
void each_string(const Value& value, const Visit& visit) {
  if (const auto* text = std::get_if<std::string>(&value)) visit(*text, false);
  if (const auto* list = std::get_if<StringList>(&value)) {
    for (const auto& item : *list) visit(item, false);
  }
  if (const auto* json = std::get_if<Json>(&value)) each_string(*json, visit);
}

}  // namespace

void check_unsafe_text(const ResolvedConfig& config, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    // Asked only of fields that hold text: this runs for every resolution.
    std::optional<bool> one_line;
    std::optional<char> bad;
    each_string(config.values[i], [&](std::string_view text, bool is_name) {
      if (!one_line) one_line = is_one_line_field(field.name);
      if (!bad) bad = first_unsafe(text, *one_line || is_name);
    });
    if (!bad) continue;
    if (*bad == '\0') {
      diagnostics
          .error(config.origin(i),
                 "'{}' holds a NUL byte, which no command line or environment "
                 "can carry",
                 field.key())
          .notes.push_back(Note{Origin::none(),
                                "a NUL ends the text there: one argument would "
                                "become two"});
    } else {
      diagnostics.error(config.origin(i),
                        "'{}' holds a control character ('{}'): a path, name or host must be "
                        "one line of plain text",
                        field.key(), printable(std::string(1, *bad)));
    }
  }
}

}  // namespace expcfg
