// Merge: apply each layer's entries, in order, over the runner's defaults.

#include "expcfg/resolve.hpp"

#include <algorithm>
#include <stdexcept>

#include "base/limits.hpp"
#include "resolve/decode.hpp"
#include "resolve/interpolate.hpp"
#include "resolve/retarget.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {
namespace {

const RunnerSchema& choose_runner(const std::vector<Layer>& layers, Origin& origin,
                                  Diagnostics& diagnostics) {
  const RunnerChoice* choice = nullptr;
  for (const auto& layer : layers) {
    if (layer.runner) choice = &*layer.runner;
  }
  origin = Origin{};
  if (!choice) return default_runner();
  origin = choice->origin;
  if (const RunnerSchema* runner = find_runner(choice->name)) return *runner;
  add_runner_notes(diagnostics.error(choice->origin, "unknown runner '{}'", excerpt(choice->name)),
                   choice->name);
  return default_runner();
}

/// A field of other runners only: say which, and which runner this configuration has.
bool report_other_runners_field(const RunnerSchema& runner, const Origin& runner_origin,
                                const Entry& entry, Diagnostics& diagnostics) {
  if (runner.find(entry.name)) return false;  // this runner has it, in another section
  std::vector<std::string_view> owners;
  std::string key;
  // By name alone: `training.lora_rank` is still LoRA's rank, which another runner has in 'model'.
  for (const RunnerSchema* other : all_runners()) {
    if (auto index = other->find(entry.name)) {
      owners.push_back(other->name);
      key = other->fields[*index].key();
    }
  }
  if (owners.empty()) return false;
  auto& error = diagnostics.error(entry.origin, "'{}' belongs to {}; this config's runner is {}",
                                  key, fmt::join(owners, ", "), runner.name);
  error.notes.push_back(runner_origin.kind == Origin::Kind::Default
                            ? Note{Origin::none(),
                                   "no layer sets 'runner', so it is the default; "
                                   "set 'runner:' to use these fields"}
                            : Note{runner_origin, "the runner was set here"});
  return true;
}

void report_unknown_key(const RunnerSchema& runner, const Origin& runner_origin, const Entry& entry,
                        Diagnostics& diagnostics) {
  if (report_other_runners_field(runner, runner_origin, entry, diagnostics)) return;
  auto& error = diagnostics.error(entry.origin, "unknown key '{}'", excerpt(entry.key()));
  // Hydra habit: `training.deepspeed.stage=2` reaches into a value that is set whole.
  if (const std::size_t dot = entry.name.find('.'); dot != std::string::npos) {
    if (auto whole = runner.find(entry.name.substr(0, dot))) {
      const FieldSpec& field = runner.fields[*whole];
      error.notes.push_back(Note{
          error.origin, fmt::format("'{}' is one value ({}): set it whole, e.g. --set '{}={{...}}'",
                                    field.key(), kind_name(field.kind), field.key())});
      return;
    }
  }
  if (auto other = runner.find(entry.name)) {
    const FieldSpec& field = runner.fields[*other];
    error.notes.push_back(
        Note{error.origin, fmt::format("'{}' is in section '{}': write '{}'", field.name,
                                       section_name(field.section), field.key())});
    return;
  }
  const auto section = find_section(entry.section);
  std::vector<std::string_view> names;
  for (const auto& field : runner.fields) {
    if (!section || field.section == *section) names.push_back(field.name);
  }
  suggest(error, entry.name, names);
}

/// Appends `tail` (a list of the field's kind) to `current` (None counts as empty).
void append(Value& current, Value tail) {
  std::visit(
      [&](auto& items) {
        using List = std::decay_t<decltype(items)>;
        if constexpr (std::is_same_v<List, StringList> || std::is_same_v<List, IntList>) {
          if (auto* list = std::get_if<List>(&current)) {
            list->insert(list->end(), items.begin(), items.end());
          } else {
            current = std::move(items);
          }
        }
      },
      tail);
}

void record(ResolvedConfig& config, std::size_t field, const Entry& entry) {
  config.last_write[field] = config.writes.size();
  config.writes.push_back(Write{field, entry.op, entry.origin});
}

}  // namespace

std::optional<std::size_t> find_field(const RunnerSchema& runner, const Entry& entry) {
  if (entry.section.empty()) return runner.find(entry.name);
  const auto section = find_section(entry.section);
  if (!section) return std::nullopt;
  return runner.find(*section, entry.name);
}

const Origin& ResolvedConfig::origin(std::size_t field) const {
  static const Origin kDefault;
  return last_write[field] == kNoWrite ? kDefault : writes[last_write[field]].origin;
}

std::string ResolvedConfig::origin_label(std::size_t field) const {
  if (last_write[field] == kNoWrite) {
    const std::string_view note = runner->fields[field].default_note;
    return note.empty() ? origin(field).label() : fmt::format("default ({})", note);
  }
  // Walk back over the appends to the write that started the list.
  std::vector<std::string> parts;
  for (std::size_t w = last_write[field] + 1; w-- > 0;) {
    if (writes[w].field != field) continue;
    parts.push_back(writes[w].origin.label());
    if (writes[w].op != Op::Append) break;
  }
  std::reverse(parts.begin(), parts.end());
  std::string label = fmt::format("{}", fmt::join(parts, " + "));
  if (auto found = translations.find(field); found != translations.end()) {
    label += fmt::format(" ({})", found->second);
  }
  if (auto found = interpolations.find(field); found != interpolations.end()) {
    for (const auto& source : found->second.sources) label += ", " + source;
  }
  return label;
}

std::vector<std::string> ResolvedConfig::input_files() const {
  std::vector<std::string> files;
  for (const auto& [name, sha256] : layer_files) files.push_back(name);
  return files;
}

const Value& ResolvedConfig::shown_value(std::size_t field, bool resolved, bool& as_written) const {
  const auto found = interpolations.find(field);
  as_written = found != interpolations.end() && (!resolved || found->second.shown_as_written);
  return as_written ? found->second.written : values[field];
}

std::optional<std::size_t> ResolvedConfig::index(std::string_view key) const {
  const std::size_t dot = key.find('.');
  if (dot == std::string_view::npos) return runner->find(key);
  const auto section = find_section(key.substr(0, dot));
  if (!section) return std::nullopt;
  return runner->find(*section, key.substr(dot + 1));
}

const Value& ResolvedConfig::at(std::string_view key) const {
  const auto found = index(key);
  if (!found) throw std::out_of_range("no field '" + std::string(key) + "'");
  return values[*found];
}

ResolvedConfig resolve(const std::vector<Layer>& layers, Diagnostics& diagnostics,
                       const ResolveOptions& options) {
  // Problems already reported come from loading: a file that could not be read may hold
  // the values that look missing, so required fields are then not checked.
  const bool layers_complete = diagnostics.empty();
  std::vector<bool> written;
  ResolvedConfig config = merge_layers(layers, written, diagnostics, options);
  if (layers_complete) check_required(config, written, diagnostics);
  validate(config, diagnostics);
  if (!options.accept_redacted) check_no_redacted(config, diagnostics);
  return config;
}

ResolvedConfig merge_layers(const std::vector<Layer>& layers, std::vector<bool>& written,
                            Diagnostics& diagnostics, const ResolveOptions& options) {
  ResolvedConfig config;
  config.runner = &choose_runner(layers, config.runner_origin, diagnostics);
  const RunnerSchema& runner = *config.runner;
  for (const auto& field : runner.fields) config.values.push_back(field.default_value);
  config.last_write.assign(runner.fields.size(), ResolvedConfig::kNoWrite);
  written.assign(runner.fields.size(), false);
  for (const auto& layer : layers) {
    if (!layer.sha256.empty()) config.layer_files.emplace_back(layer.name, layer.sha256);
    for (const auto& entry : layer.entries) {
      const auto index = find_field(runner, entry);
      if (!index) {
        report_unknown_key(runner, config.runner_origin, entry, diagnostics);
        continue;
      }
      const FieldSpec& field = runner.fields[*index];
      written[*index] = entry.op != Op::Unset;
      if (entry.op == Op::Unset) {
        config.values[*index] = field.default_value;
        record(config, *index, entry);
        continue;
      }
      // Every layer's value is read and checked, even one a later layer overrides: the file
      // that holds it is wrong either way.
      auto value = decode_entry(field, entry, diagnostics);
      if (!value) continue;
      if (entry.op == Op::Append &&
          value_bytes(config.values[*index]) + value_bytes(*value) > limits::kMaxResolvedBytes) {
        diagnostics.error(entry.origin,
                          "appending to '{}' makes more than {} bytes, the limit on a resolved "
                          "configuration",
                          field.key(), limits::kMaxResolvedBytes);
        continue;
      }
      if (entry.op == Op::Append) {
        append(config.values[*index], std::move(*value));
      } else if (is_none(*value) && !field.nullable) {
        // A required field left blank keeps a value of its type; the write is recorded, so
        // check_required names this layer if nothing later fills it.
        config.values[*index] = field.default_value;
      } else {
        config.values[*index] = std::move(*value);
      }
      record(config, *index, entry);
    }
  }
  interpolate(config, options, diagnostics);
  retarget(config, written, options, diagnostics);
  return config;
}

}  // namespace expcfg
