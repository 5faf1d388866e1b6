#include <fmt/format.h>

#include "base/sha256.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {

std::string config_hash(const ResolvedConfig& config) {
  // Canonical form: one line per field, in declaration order, `section.field=<JSON value>`
  // (numbers in the shortest form that reads back), credentials as their placeholder.
  // Fed to the hash in pieces: a long list's text is never held whole.
  Sha256 hash;
  std::string text = fmt::format("runner={}\n", config.runner->name);
  auto flush = [&] {
    if (text.size() < (1 << 16)) return;
    hash.update(text);
    text.clear();
  };
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    // A pointer, not `cond ? redact(...) : values[i]`, which would copy every value.
    Value redacted;
    const Value* shown = &config.values[i];
    if (holds_secrets(field)) {
      redacted = redact(field, config.values[i]);
      shown = &redacted;
    }
    // A value made from the start time or the commit enters as its template: the experiment
    // keeps its hash from one run to the next.
    if (const auto found = config.interpolations.find(i);
        !holds_secrets(field) && found != config.interpolations.end() && found->second.run_time) {
      shown = &found->second.written;
      text += "template:";
    }
    const Value& value = *shown;
    text += field.key();
    text += '=';
    if (const auto* list = std::get_if<StringList>(&value)) {
      // Item by item: the same text as the list's JSON, without a JSON copy of a long list.
      text += '[';
      for (std::size_t item = 0; item < list->size(); ++item) {
        if (item > 0) text += ',';
        text += Json((*list)[item]).dump(-1, ' ', false, Json::error_handler_t::replace);
        flush();
      }
      text += ']';
    } else {
      text += to_json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    text += '\n';
    flush();
  }
  hash.update(text);
  return hash.hex().substr(0, 16);
}

}  // namespace expcfg
