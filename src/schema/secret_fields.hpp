#pragma once
// The fields and environment variables that hold credentials, declared once: the field tables
// mark these fields secret, and a --set of one is hidden from every message.

#include <string_view>

namespace expcfg {

/// What a credential prints as.
inline constexpr std::string_view kRedacted = "<redacted>";

/// The names of the secret fields of every runner: FlagEmbedding's `model.token`, transformers'
/// `hub_token` and its older spelling `push_to_hub_token`.
inline constexpr std::string_view kSecretFieldNames[] = {"token", "hub_token", "push_to_hub_token"};

/// Whether a field called `name` holds a credential.
bool is_secret_field_name(std::string_view name);

/// An environment variable name that by convention holds a credential: it contains TOKEN,
/// SECRET, PASSWORD, PASSWD, CREDENTIAL or API_KEY, or ends in _KEY (case-insensitive).
bool is_credential_env_name(std::string_view name);

/// Whether `key` ("model.token", "hub_token", or a near miss such as "hub_tokn") names a secret
/// field: a --set of it must not echo its value.
bool names_secret(std::string_view key);

/// Whether `--set key=value` carries a credential: a secret field, or `launch.env` with a
/// credential variable name.
bool hides_set_value(std::string_view key, std::string_view value);

}  // namespace expcfg
