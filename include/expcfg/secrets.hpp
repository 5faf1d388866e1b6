#pragma once
/// Credentials in a configuration: `model.token`, `training.hub_token`, and `launch.env`
/// variables whose names say they hold one (HF_TOKEN, WANDB_API_KEY, ...). Everything expcfg
/// prints for people (dumps, diffs, errors, launch --dry-run, run records) shows them as
/// `<redacted>`; only what must reach the run (`args`, `launch --exec`) carries the real value.

#include <string_view>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// What a credential prints as.
inline constexpr std::string_view kRedacted = "<redacted>";

/// An environment variable name that by convention holds a credential: it contains TOKEN,
/// SECRET, PASSWORD, PASSWD, CREDENTIAL or API_KEY, or ends in _KEY (case-insensitive).
bool is_credential_env_name(std::string_view name);

/// The names of the secret fields of every runner ("token", "hub_token").
const std::vector<std::string_view>& secret_field_names();

/// Whether the field can hold a credential (a secret field, or launch.env).
bool holds_secrets(const FieldSpec& field);

/// `value` with its credentials replaced by kRedacted; None stays None (nothing to hide).
Value redact(const FieldSpec& field, const Value& value);

/// Field `i` as people see it: a credential, or a value computed from one (`${model.token}`
/// copied into another field), with the secret parts replaced by kRedacted.
Value redacted_value(const ResolvedConfig& config, std::size_t i);

/// The configuration with every credential, and every value computed from one, replaced by
/// kRedacted (such a value is shown as written, with its `${...}`); origins are kept.
ResolvedConfig redact_secrets(ResolvedConfig config);

/// Reports every credential whose value is kRedacted: a dump read back cannot supply the
/// secret it hid. The error says how to supply it instead.
void check_no_redacted(const ResolvedConfig& config, Diagnostics& diagnostics);

/// Whether a key (dotted or bare) names a secret field of any runner, or is a near miss of
/// one ("model.tokn").
bool names_secret(std::string_view key);

/// Whether messages must not echo the value of `--set KEY=VALUE`: KEY names a secret
/// (names_secret), or sets launch.env with a credential-like variable name in VALUE.
bool hides_set_value(std::string_view key, std::string_view value);

}  // namespace expcfg
