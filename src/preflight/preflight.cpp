// Preflight's entry point: the checks in the order a run meets them, and its JSON output.

#include "preflight/preflight.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "preflight/context.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {
namespace preflight_checks {

Context::Context(const ResolvedConfig& config_, const PreflightOptions& options_,
                 Diagnostics& diagnostics_)
    : config(config_), options(options_), diagnostics(diagnostics_) {
  const auto nodes = integer("launch.nnodes").value_or(1);
  const auto per_node = integer("launch.nproc_per_node").value_or(1);
  world_size = product(std::max<std::int64_t>(1, nodes), std::max<std::int64_t>(1, per_node));
}

std::string_view Context::runner() const { return config.runner->name; }

const Value* Context::value(std::string_view key) const {
  const auto index = config.index(key);
  return index ? &config.values[*index] : nullptr;
}

bool Context::flag(std::string_view key) const {
  const Value* v = value(key);
  const bool* b = v ? std::get_if<bool>(v) : nullptr;
  return b && *b;
}

std::optional<std::int64_t> Context::integer(std::string_view key) const {
  const Value* v = value(key);
  if (!v) return std::nullopt;
  if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
  return std::nullopt;
}

std::optional<double> Context::number(std::string_view key) const {
  const Value* v = value(key);
  if (!v) return std::nullopt;
  if (const auto* d = std::get_if<double>(v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
  return std::nullopt;
}

const std::string* Context::text(std::string_view key) const {
  const Value* v = value(key);
  return v ? std::get_if<std::string>(v) : nullptr;
}

bool Context::is_null(std::string_view key) const {
  const Value* v = value(key);
  return v && is_none(*v);
}

bool Context::is_default(std::string_view key) const {
  const auto index = config.index(key);
  return !index || config.values[*index] == config.runner->fields[*index].default_value;
}

const Origin& Context::origin(std::string_view key) const {
  static const Origin nowhere = Origin::none();
  const auto index = config.index(key);
  return index ? config.origin(*index) : nowhere;
}

Note Context::where(std::string_view key) const {
  const auto index = config.index(key);
  if (!index || config.origin(*index).kind == Origin::Kind::Default) {
    return Note{Origin::none(), fmt::format("'{}' has its default value", key)};
  }
  return Note{config.origin(*index), fmt::format("'{}' was set here", key)};
}

Diagnostic& Context::tagged(Diagnostic& diagnostic, std::string_view rule) {
  diagnostic.message += fmt::format(" [{}]", rule);
  return diagnostic;
}

void note(Diagnostic& diagnostic, std::string text) {
  diagnostic.notes.push_back(Note{Origin::none(), std::move(text)});
}

std::int64_t product(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (!__builtin_mul_overflow(a, b, &out)) return out;
  return (a < 0) != (b < 0) ? std::numeric_limits<std::int64_t>::min()
                            : std::numeric_limits<std::int64_t>::max();
}

std::int64_t to_count(double value) {
  if (std::isnan(value)) return 0;
  // 2^63 is exactly representable: anything at or past it is held at the limit.
  if (value >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  if (value <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

std::string show(const Json& value) {
  if (value.is_number_float()) return format_float(value.get<double>());
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + show(value[i]);
    return out + "]";
  }
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace preflight_checks

namespace {

/// Each text a message may quote that was computed from a credential
/// (`./models/${env:HF_TOKEN}`), with what people see instead: the run reads the real path,
/// but what expcfg prints hides it, as dumps and every other message do.
std::vector<std::pair<std::string, std::string>> credential_texts(const ResolvedConfig& config) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const Value shown = redacted_value(config, i);
    if (shown == config.values[i]) continue;
    const std::string real = value_text(config.values[i]);
    if (!real.empty()) out.emplace_back(real, value_text(shown));
    if (const auto* items = std::get_if<StringList>(&config.values[i])) {
      const auto* shown_items = std::get_if<StringList>(&shown);
      for (std::size_t k = 0; k < items->size(); ++k) {
        if ((*items)[k].empty()) continue;
        out.emplace_back((*items)[k], shown_items && k < shown_items->size()
                                          ? (*shown_items)[k]
                                          : std::string(kRedacted));
      }
    }
  }
  // The longest first: a list's joined text before its items.
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return out;
}

std::string hide(std::string text,
                 const std::vector<std::pair<std::string, std::string>>& secrets) {
  for (const auto& [real, shown] : secrets) {
    for (auto at = text.find(real); at != std::string::npos;
         at = text.find(real, at + shown.size())) {
      text.replace(at, real.size(), shown);
    }
  }
  return text;
}

}  // namespace

PreflightReport preflight(const ResolvedConfig& config, const PreflightOptions& options,
                          Diagnostics& diagnostics) {
  Diagnostics found;
  preflight_checks::Context context(config, options, found);
  PreflightReport report;
  preflight_checks::check_training_rules(context);
  preflight_checks::check_paths(context);
  const preflight_checks::DataSummary data = preflight_checks::check_data(context);
  if (data.complete) report.records = data.records;
  report.deepspeed = preflight_checks::check_deepspeed(context, data);

  const auto secrets = credential_texts(config);
  for (const Diagnostic& item : found.items()) {
    Diagnostic& copy = diagnostics.add(item.category, item.origin, hide(item.message, secrets));
    copy.severity = item.severity;
    for (const Note& note : item.notes)
      copy.notes.push_back(Note{note.origin, hide(note.message, secrets)});
  }
  return report;
}

std::string preflight_rule(const Diagnostic& diagnostic) {
  const std::string& message = diagnostic.message;
  if (message.size() < 6 || message.back() != ']') return {};
  const auto open = message.rfind(" [");
  if (open == std::string::npos || message.size() - open != 7) return {};
  return message.substr(open + 2, 4);
}

Json diagnostics_json(const Diagnostics& diagnostics) {
  Json out = Json::array();
  for (const Diagnostic& item : diagnostics.items()) {
    Json entry;
    entry["severity"] = item.severity == Severity::Error ? "error" : "warning";
    const std::string rule = preflight_rule(item);
    entry["rule"] = rule.empty() ? Json(nullptr) : Json(rule);
    entry["location"] = item.origin.where();
    entry["message"] =
        rule.empty() ? item.message : item.message.substr(0, item.message.size() - 7);
    Json notes = Json::array();
    for (const Note& n : item.notes) {
      Json note_json;
      note_json["location"] =
          n.origin.kind == Origin::Kind::Nowhere ? Json(nullptr) : Json(n.origin.where());
      note_json["message"] = n.message;
      notes.push_back(std::move(note_json));
    }
    entry["notes"] = std::move(notes);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace expcfg
