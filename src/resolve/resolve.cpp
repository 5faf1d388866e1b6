// Merge: apply each layer's entries, in order, over the runner's defaults.

#include "expcfg/resolve.hpp"

#include <algorithm>
#include <stdexcept>

#include "base/limits.hpp"
#include "resolve/decode.hpp"
#include "resolve/interpolate.hpp"
#include "resolve/mapping_merge.hpp"
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
  // Hydra habit: `training.learning_rate.x=2` reaches into a value that has no keys.
  if (const std::size_t dot = entry.name.find('.'); dot != std::string::npos) {
    if (auto whole = runner.find(entry.name.substr(0, dot));
        whole && !merges_by_key(runner.fields[*whole])) {
      const FieldSpec& field = runner.fields[*whole];
      error.notes.push_back(
          Note{error.origin, fmt::format("'{}' is one value ({}), which has no keys", field.key(),
                                         kind_name(field.kind))});
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

/// Records a write; `merged`: it updated the mapping earlier writes built; `key`: it wrote
/// one key of a mapping field.
void record(ResolvedConfig& config, std::size_t field, const Entry& entry, bool merged = false,
            bool key = false) {
  config.last_write[field] = config.writes.size();
  // A whole replacement is a set like any other once applied, and so is a key's --unset: the
  // field keeps the value the layers built (only a whole field's --unset means the default).
  const Op op = entry.op == Op::Replace || key ? Op::Set : entry.op;
  config.writes.push_back(Write{field, op, entry.origin, merged});
}

/// `launch.env.HF_HOME=/x`, `--unset launch.env.WANDB_MODE`: one key of a mapping field.
void apply_to_key(ResolvedConfig& config, const FieldTarget& target, const Entry& entry,
                  Diagnostics& diagnostics) {
  const FieldSpec& field = config.runner->fields[target.field];
  if (entry.op == Op::Append || entry.op == Op::Replace) {
    diagnostics.error(entry.origin, "cannot {} '{}.{}': '{}' and '!' apply to whole fields",
                      entry.op == Op::Append ? "append to" : "replace", field.key(),
                      excerpt(fmt::format("{}", fmt::join(target.keys, "."))),
                      entry.op == Op::Append ? "+" : "!");
    return;
  }
  std::optional<Json> value;
  if (entry.op == Op::Set) {
    value = decode_key_value(field, entry, target.keys, diagnostics);
    if (!value) return;
  }
  const std::size_t last = config.last_write[target.field];
  const bool had_value = last != ResolvedConfig::kNoWrite && config.writes[last].op != Op::Unset &&
                         !is_none(config.values[target.field]);
  if (!apply_key_entry(field, config.values[target.field], target.keys, value, entry.origin,
                       config.origin(target.field), diagnostics)) {
    return;
  }
  record(config, target.field, entry, had_value, true);
}

/// Whether a whole value written for a mapping field updates the earlier one key by key.
bool merges_into(const ResolvedConfig& config, std::size_t field, const Entry& entry,
                 const Value& value) {
  const std::size_t last = config.last_write[field];
  return entry.op == Op::Set && merges_by_key(config.runner->fields[field]) &&
         last != ResolvedConfig::kNoWrite && config.writes[last].op != Op::Unset &&
         std::holds_alternative<Json>(config.values[field]) && std::holds_alternative<Json>(value);
}

/// The merge before interpolation starts: the runner the layers choose, at its defaults.
ResolvedConfig start_merge(const std::vector<Layer>& layers, std::vector<bool>& written,
                           Diagnostics& diagnostics) {
  ResolvedConfig config;
  config.runner = &choose_runner(layers, config.runner_origin, diagnostics);
  const RunnerSchema& runner = *config.runner;
  for (const auto& field : runner.fields) config.values.push_back(field.default_value);
  config.last_write.assign(runner.fields.size(), ResolvedConfig::kNoWrite);
  written.assign(runner.fields.size(), false);
  return config;
}

/// Applies one layer's entries, in order, over what the earlier layers built.
void apply_layer(ResolvedConfig& config, std::vector<bool>& written, const Layer& layer,
                 Diagnostics& diagnostics) {
  const RunnerSchema& runner = *config.runner;
  if (!layer.sha256.empty()) config.layer_files.emplace_back(layer.name, layer.sha256);
  for (const auto& entry : layer.entries) {
    const auto target = find_target(runner, entry);
    if (!target) {
      report_unknown_key(runner, config.runner_origin, entry, diagnostics);
      continue;
    }
    if (!target->keys.empty()) {
      written[target->field] = true;
      apply_to_key(config, *target, entry, diagnostics);
      continue;
    }
    const std::size_t* index = &target->field;
    const FieldSpec& field = runner.fields[*index];
    if (entry.op == Op::Replace && !merges_by_key(field)) {
      diagnostics
          .error(entry.origin, "'{}!' replaces a mapping whole, but '{}' is a {}", field.key(),
                 field.key(), kind_name(field.kind))
          .notes.push_back(Note{Origin::none(), fmt::format("write '{}' without '!': a later "
                                                            "value replaces it anyway",
                                                            field.name)});
      continue;
    }
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
    } else if (merges_into(config, *index, entry, *value)) {
      // A later layer's mapping updates the keys it names: `env: {HF_HOME: /x}` keeps the
      // WANDB_MODE an earlier layer set. `env!:` replaces the mapping whole.
      merge_mapping(std::get<Json>(config.values[*index]), std::get<Json>(*value));
      record(config, *index, entry, true);
      continue;
    } else {
      config.values[*index] = std::move(*value);
    }
    record(config, *index, entry);
  }
}

/// Interpolation and the move onto the target release: what follows the last layer.
void finish_merge(ResolvedConfig& config, std::vector<bool>& written, const ResolveOptions& options,
                  Diagnostics& diagnostics) {
  interpolate(config, options, diagnostics);
  retarget(config, written, options, diagnostics);
}

/// The checks on the whole merged configuration. `layers_complete`: loading reported nothing
/// (a file that could not be read may hold the values that look missing, so required fields
/// are then not checked).
void check_merged(const ResolvedConfig& config, const std::vector<bool>& written,
                  bool layers_complete, const ResolveOptions& options, Diagnostics& diagnostics) {
  if (layers_complete) check_required(config, written, diagnostics);
  validate(config, diagnostics);
  if (!options.accept_redacted) check_no_redacted(config, diagnostics);
}

}  // namespace

std::optional<std::size_t> find_field(const RunnerSchema& runner, const Entry& entry) {
  if (entry.section.empty()) return runner.find(entry.name);
  const auto section = find_section(entry.section);
  if (!section) return std::nullopt;
  return runner.find(*section, entry.name);
}

std::optional<FieldTarget> find_target(const RunnerSchema& runner, const Entry& entry) {
  if (auto field = find_field(runner, entry)) return FieldTarget{*field, {}};
  // The longest leading part that names a mapping field; the rest are keys inside it.
  Entry whole = entry;
  for (std::size_t dot = entry.name.rfind('.'); dot != std::string::npos && dot > 0;
       dot = entry.name.rfind('.', dot - 1)) {
    whole.name = entry.name.substr(0, dot);
    const auto field = find_field(runner, whole);
    if (!field) continue;
    if (!merges_by_key(runner.fields[*field])) return std::nullopt;
    FieldTarget target{*field, {}};
    std::size_t start = dot + 1;
    while (true) {
      const std::size_t end = std::min(entry.name.find('.', start), entry.name.size());
      if (end == start) return std::nullopt;  // `env..X` or a trailing dot: no empty keys
      target.keys.push_back(entry.name.substr(start, end - start));
      if (end == entry.name.size()) break;
      start = end + 1;
    }
    return target;
  }
  return std::nullopt;
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
  // Walk back over the appends (or mapping updates) to the write that started the value.
  std::vector<std::string> parts;
  for (std::size_t w = last_write[field] + 1; w-- > 0;) {
    if (writes[w].field != field) continue;
    // A key's --set or --unset says which key: "base.yaml:8 + --set launch.env.HF_HOME=/x".
    const Origin& origin = writes[w].origin;
    const bool flag = origin.kind == Origin::Kind::Set || origin.kind == Origin::Kind::Unset;
    parts.push_back(writes[w].merged && flag ? origin.where() : origin.label());
    if (writes[w].op != Op::Append && !writes[w].merged) break;
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
  // Problems already reported come from loading.
  const bool layers_complete = diagnostics.empty();
  std::vector<bool> written;
  ResolvedConfig config = merge_layers(layers, written, diagnostics, options);
  check_merged(config, written, layers_complete, options, diagnostics);
  return config;
}

ResolvedConfig merge_layers(const std::vector<Layer>& layers, std::vector<bool>& written,
                            Diagnostics& diagnostics, const ResolveOptions& options) {
  ResolvedConfig config = start_merge(layers, written, diagnostics);
  for (const auto& layer : layers) apply_layer(config, written, layer, diagnostics);
  finish_merge(config, written, options, diagnostics);
  return config;
}

StackResolver::StackResolver(std::vector<Layer> stack, ResolveOptions options)
    : stack_(std::move(stack)), options_(std::move(options)) {
  merged_ = start_merge(stack_, written_, stack_problems_);
  for (const auto& layer : stack_) apply_layer(merged_, written_, layer, stack_problems_);
}

ResolvedConfig StackResolver::resolve(const Layer& last, Diagnostics& diagnostics) const {
  if (last.runner) {
    // Another runner has other fields: the stack is merged again onto them.
    std::vector<Layer> layers = stack_;
    layers.push_back(last);
    return expcfg::resolve(layers, diagnostics, options_);
  }
  const bool layers_complete = diagnostics.empty();
  diagnostics.append(stack_problems_);
  ResolvedConfig config = merged_;
  std::vector<bool> written = written_;
  apply_layer(config, written, last, diagnostics);
  finish_merge(config, written, options_, diagnostics);
  check_merged(config, written, layers_complete, options_, diagnostics);
  return config;
}

}  // namespace expcfg
