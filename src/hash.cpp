#include "expcfg/hash.hpp"

#include <fmt/format.h>

#include "expcfg/secrets.hpp"
#include "sha256.hpp"

namespace expcfg {

std::string config_hash(const ResolvedConfig& config) {
  // Canonical form: one line per field, in declaration order, `section.field=<JSON value>`
  // (numbers in the shortest form that reads back), credentials as their placeholder.
  std::string text = fmt::format("runner={}\n", config.runner->name);
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    const Value& value = holds_secrets(field) ? redact(field, config.values[i]) : config.values[i];
    text += field.key();
    text += '=';
    text += to_json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
    text += '\n';
  }
  return sha256_hex(text).substr(0, 16);
}

}  // namespace expcfg
