// Which fields and variables hold credentials: the one declaration the field tables, the
// redaction and the checks of --set all read.

#include "schema/secret_fields.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool is_secret_field_name(std::string_view name) {
  return std::find(std::begin(kSecretFieldNames), std::end(kSecretFieldNames), name) !=
         std::end(kSecretFieldNames);
}

bool is_credential_env_name(std::string_view name) {
  std::string text = upper(name);
  // TOKENIZERS_PARALLELISM names the tokenizers library, not a token.
  for (auto at = text.find("TOKENIZER"); at != std::string::npos; at = text.find("TOKENIZER")) {
    text.erase(at, 9);
  }
  for (std::string_view word :
       {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "API_KEY", "APIKEY"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  // AWS_ACCESS_KEY, SSH_PRIVATE_KEY; a GitHub personal access token (GH_PAT).
  return text.ends_with("_KEY") || text.ends_with("_PAT");
}

bool hides_set_value(std::string_view key, std::string_view value) {
  std::string_view name = key;
  if (const auto dot = key.find('.'); dot != std::string_view::npos) {
    if (find_section(key.substr(0, dot))) name = key.substr(dot + 1);
  }
  if (name == "env") return is_credential_env_name(value);
  // `--set launch.env.HF_TOKEN=...`: one variable of the environment.
  if (name.starts_with("env.") || name.starts_with("env!")) {
    return is_credential_env_name(name.substr(4)) || is_credential_env_name(value);
  }
  return names_secret(key);
}

bool names_secret(std::string_view key) {
  std::string_view name = key;
  if (const auto dot = key.find('.'); dot != std::string_view::npos) {
    if (find_section(key.substr(0, dot))) name = key.substr(dot + 1);
  }
  static const std::vector<std::string_view> names(std::begin(kSecretFieldNames),
                                                   std::end(kSecretFieldNames));
  return is_secret_field_name(name) || closest_match(name, names).has_value();
}

}  // namespace expcfg
