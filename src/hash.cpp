#include "expcfg/hash.hpp"

#include "expcfg/secrets.hpp"
#include "sha256.hpp"

namespace expcfg {

std::string config_hash(const ResolvedConfig& config) {
  // Canonical form: one JSON object, fields in declaration order under section-qualified keys,
  // numbers in the shortest form that reads back, credentials as their placeholder.
  Json canonical = Json::object();
  canonical["runner"] = config.runner->name;
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    const Value& value = holds_secrets(field) ? redact(field, config.values[i]) : config.values[i];
    canonical[field.key()] = to_json(value);
  }
  const std::string text = canonical.dump(-1, ' ', false, Json::error_handler_t::replace);
  return sha256_hex(text).substr(0, 16);
}

}  // namespace expcfg
