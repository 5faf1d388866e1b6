#pragma once
/// Credentials in a configuration: `model.token`, `training.hub_token`, and `launch.env`
/// variables whose names say they hold one (HF_TOKEN, WANDB_API_KEY, ...). Everything expcfg
/// prints for people (dumps, diffs, errors, launch --dry-run, run records) shows them as
/// `<redacted>`; only what must reach the run (`args`, `launch --exec`) carries the real value.

#include <string_view>
#include <vector>

#include "expcfg/resolve.hpp"
#include "schema/secret_fields.hpp"

namespace expcfg {

/// Whether the field can hold a credential (a secret field, or launch.env).
bool holds_secrets(const FieldSpec& field);

/// `value` with its credentials replaced by kRedacted; None stays None (nothing to hide).
Value redact(const FieldSpec& field, const Value& value);

/// Field `i` as people see it: a credential, or a value computed from one (`${model.token}`
/// copied into another field), with the secret parts replaced by kRedacted.
Value redacted_value(const ResolvedConfig& config, std::size_t i);

/// Reports every credential whose value is kRedacted: a dump read back cannot supply the
/// secret it hid. The error says how to supply it instead.
void check_no_redacted(const ResolvedConfig& config, Diagnostics& diagnostics);

}  // namespace expcfg
