// Preflight's entry point: the checks in the order a run meets them, and its JSON output.

#include "preflight/preflight.hpp"

#include "preflight/context.hpp"

namespace expcfg {
namespace preflight_checks {

Context::Context(const ResolvedConfig& config_, const PreflightOptions& options_,
                 Diagnostics& diagnostics_)
    : config(config_), options(options_), diagnostics(diagnostics_) {
  const auto nodes = integer("launch.nnodes").value_or(1);
  const auto per_node = integer("launch.nproc_per_node").value_or(1);
  world_size = std::max<std::int64_t>(1, nodes) * std::max<std::int64_t>(1, per_node);
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

std::string show(const Json& value) {
  if (value.is_number_float()) return format_float(value.get<double>());
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + show(value[i]);
    return out + "]";
  }
  return value.dump();
}

}  // namespace preflight_checks

PreflightReport preflight(const ResolvedConfig& config, const PreflightOptions& options,
                          Diagnostics& diagnostics) {
  preflight_checks::Context context(config, options, diagnostics);
  PreflightReport report;
  preflight_checks::check_training_rules(context);
  preflight_checks::check_paths(context);
  const preflight_checks::DataSummary data = preflight_checks::check_data(context);
  if (data.complete) report.records = data.records;
  report.deepspeed = preflight_checks::check_deepspeed(context, data);
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
