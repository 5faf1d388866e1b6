// Credentials: which values are secret, how they print, and the placeholder read back.

#include "expcfg/secrets.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "interpolate.hpp"

namespace expcfg {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<std::string_view>& secret_field_names() {
  // A constant, so that checking a --set does not build every runner's table; a test holds
  // it to the fields marked secret.
  static const std::vector<std::string_view> names = {"token", "hub_token", "push_to_hub_token"};
  return names;
}

namespace {

Note how_to_supply(const FieldSpec& field) {
  if (field.kind == Kind::Environment) {
    return Note{Origin::none(),
                "export the variable in the shell that runs 'expcfg launch' and "
                "leave it out of 'launch.env': the run inherits it"};
  }
  return Note{Origin::none(),
              fmt::format("supply it with --set {}=VALUE, or leave it unset and export HF_TOKEN "
                          "(huggingface_hub reads it)",
                          field.key())};
}

}  // namespace

bool is_credential_env_name(std::string_view name) {
  std::string text = upper(name);
  // TOKENIZERS_PARALLELISM names the tokenizers library, not a token.
  for (auto at = text.find("TOKENIZER"); at != std::string::npos; at = text.find("TOKENIZER")) {
    text.erase(at, 9);
  }
  for (std::string_view word : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  return text.ends_with("_KEY");
}

bool holds_secrets(const FieldSpec& field) {
  return field.secret || field.kind == Kind::Environment;
}

Value redact(const FieldSpec& field, const Value& value) {
  if (field.secret && std::holds_alternative<std::string>(value)) return std::string(kRedacted);
  if (field.kind != Kind::Environment) return value;
  const auto* env = std::get_if<Json>(&value);
  if (!env || !env->is_object()) return value;
  Json out = *env;
  for (auto& [name, text] : out.items()) {
    if (is_credential_env_name(name)) text = std::string(kRedacted);
  }
  return out;
}

namespace {

/// `${env:NAME}` references and nothing else: text that names where a secret is, not the secret.
bool only_environment_references(const Value& written) {
  const auto* text = std::get_if<std::string>(&written);
  std::string error;
  const auto pieces = text ? parse_template(*text, error) : std::nullopt;
  if (!pieces) return false;
  return std::all_of(pieces->begin(), pieces->end(), [](const TemplatePiece& piece) {
    return piece.literal.empty() && piece.reference && piece.reference->environment &&
           !piece.reference->fallback;
  });
}

/// Every string in `json` as kRedacted.
void redact_strings(Json& json) {
  if (json.is_string()) json = std::string(kRedacted);
  if (!json.is_structured()) return;  // a number or bool iterates as itself
  for (auto& item : json) redact_strings(item);
}

/// A value computed from a credential: text whole, the list items written with a reference
/// (all of them when the list came whole from one), every string of a mapping.
Value redact_computed(Value value, const Value& written) {
  if (auto* text = std::get_if<std::string>(&value)) *text = kRedacted;
  if (auto* json = std::get_if<Json>(&value)) redact_strings(*json);
  auto* items = std::get_if<StringList>(&value);
  const auto* written_items = std::get_if<StringList>(&written);
  for (std::size_t n = 0; items && n < items->size(); ++n) {
    const bool same_shape = written_items && written_items->size() == items->size();
    if (!same_shape || has_template((*written_items)[n])) (*items)[n] = kRedacted;
  }
  return value;
}

}  // namespace

Value redacted_value(const ResolvedConfig& config, std::size_t i) {
  const FieldSpec& field = config.runner->fields[i];
  const auto interpolation = config.interpolations.find(i);
  if (interpolation != config.interpolations.end() && interpolation->second.from_secret) {
    return redact_computed(redact(field, config.values[i]), interpolation->second.written);
  }
  return redact(field, config.values[i]);
}

ResolvedConfig redact_secrets(ResolvedConfig config) {
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    auto interpolation = config.interpolations.find(i);
    const bool computed =
        interpolation != config.interpolations.end() && interpolation->second.from_secret;
    if (!holds_secrets(field) && !computed) continue;
    config.values[i] = redacted_value(config, i);
    if (interpolation == config.interpolations.end()) continue;
    Interpolation& written = interpolation->second;
    if (!holds_secrets(field)) {
      // `output_dir: runs/${model.token}` shows as that: it names the secret, reads back, and
      // is never the literal text '<redacted>' that a reader would take for a path.
      written.shown_as_written = true;
      continue;
    }
    if (field.secret && only_environment_references(written.written)) {
      written.shown_as_written = true;  // `token: ${env:HF_TOKEN}` shows as that
    } else {
      written.written = redact(field, written.written);  // `--no-resolve` hides it too
    }
  }
  return config;
}

void check_no_redacted(const ResolvedConfig& config, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    const Value& value = config.values[i];
    if (const auto* text = std::get_if<std::string>(&value);
        field.secret && text && *text == kRedacted) {
      diagnostics
          .error(config.origin(i),
                 "'{}' is '{}': a dump hides credentials, so it cannot supply one", field.key(),
                 kRedacted)
          .notes.push_back(how_to_supply(field));
    }
    const auto* env = std::get_if<Json>(&value);
    if (field.kind != Kind::Environment || !env || !env->is_object()) continue;
    for (const auto& [name, text] : env->items()) {
      if (text.is_string() && text.get_ref<const std::string&>() == kRedacted) {
        diagnostics
            .error(config.origin(i),
                   "'{}.{}' is '{}': a dump hides credentials, so it "
                   "cannot supply one",
                   field.key(), name, kRedacted)
            .notes.push_back(how_to_supply(field));
      }
    }
  }
}

bool hides_set_value(std::string_view key, std::string_view value) {
  std::string_view name = key;
  if (const auto dot = key.find('.'); dot != std::string_view::npos) {
    if (find_section(key.substr(0, dot))) name = key.substr(dot + 1);
  }
  if (name == "env") return is_credential_env_name(value);
  return names_secret(key);
}

bool names_secret(std::string_view key) {
  std::string_view name = key;
  if (const auto dot = key.find('.'); dot != std::string_view::npos) {
    if (find_section(key.substr(0, dot))) name = key.substr(dot + 1);
  }
  const auto& secrets = secret_field_names();
  return std::find(secrets.begin(), secrets.end(), name) != secrets.end() ||
         closest_match(name, secrets).has_value();
}

}  // namespace expcfg
