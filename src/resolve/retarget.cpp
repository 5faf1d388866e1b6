// Retargeting onto one transformers release: choose it, translate, check, remap.

#include "resolve/retarget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "resolve/installed_releases.hpp"
#include "schema/schema_history.hpp"

namespace expcfg {
namespace {

constexpr Version k5{5, 0, 0};

/// A field a release dropped, and the field that holds the same value since (the release
/// sources copy the old field into the new one in `__post_init__`).
struct Rename {
  std::string_view from;
  std::string_view to;
};
constexpr Rename kRenames[] = {
    {"evaluation_strategy", "eval_strategy"},
    {"per_gpu_train_batch_size", "per_device_train_batch_size"},
    {"per_gpu_eval_batch_size", "per_device_eval_batch_size"},
    {"no_cuda", "use_cpu"},
    {"push_to_hub_token", "hub_token"},
    {"torchdynamo", "torch_compile_backend"},
};

/// The merged configuration, by field name, while it still has every release's fields.
class Draft {
 public:
  Draft(ResolvedConfig& config, std::vector<bool>& written) : config_(config), written_(written) {}

  std::optional<std::size_t> index(std::string_view name) const {
    return config_.runner->find(Section::Training, name);
  }
  /// Whether some layer gave the field its value (an --unset gives it back its default).
  bool is_set(std::size_t i) const {
    const std::size_t w = config_.last_write[i];
    return w != ResolvedConfig::kNoWrite && config_.writes[w].op != Op::Unset;
  }
  bool is_set(std::string_view name) const {
    const auto i = index(name);
    return i && is_set(*i);
  }
  const Value& value(std::size_t i) const { return config_.values[i]; }
  const Value& default_value(std::size_t i) const {
    return config_.runner->fields[i].default_value;
  }
  const Origin& origin(std::size_t i) const { return config_.origin(i); }

  /// Gives field `to` the value `value`, as field `from`'s write, and forgets `from`.
  void move(std::size_t from, std::size_t to, Value value, std::string note) {
    const Write write = config_.writes[config_.last_write[from]];
    drop(from);
    config_.values[to] = std::move(value);
    config_.last_write[to] = config_.writes.size();
    config_.writes.push_back(Write{to, Op::Set, write.origin, write.merged});
    written_[to] = true;
    config_.translations[to] = std::move(note);
    config_.interpolations.erase(to);
  }
  /// Takes field `i` out of the configuration, remembering the value as written (a sweep names
  /// its runs by it).
  void drop(std::size_t i) {
    // By key and by bare name, the two ways a sweep may name it.
    const FieldSpec& field = config_.runner->fields[i];
    config_.written_as[field.key()] = config_.values[i];
    config_.written_as[std::string(field.name)] = config_.values[i];
    forget(i);
  }
  /// Leaves field `i` as if no layer had written it (after reporting why).
  void forget(std::size_t i) {
    config_.values[i] = config_.runner->fields[i].default_value;
    config_.last_write[i] = ResolvedConfig::kNoWrite;
    written_[i] = false;
  }

 private:
  ResolvedConfig& config_;
  std::vector<bool>& written_;
};

std::string key_of(std::string_view name) { return fmt::format("training.{}", name); }

/// warmup_ratio r (4.x) and warmup_steps r < 1 (5.x) are the same warmup: translate whichever
/// the target does not take. 4.x reads warmup_steps with int(); 5.x has no warmup_ratio (5.0 to
/// 5.14 have it, but copy it over warmup_steps, so it is never written there either).
void translate_warmup(Draft& draft, Version target, Diagnostics& diagnostics) {
  const auto steps = draft.index("warmup_steps");
  const auto ratio = draft.index("warmup_ratio");
  if (!steps || !ratio) return;
  // A value that is not a number yet failed interpolation, which reported it.
  const auto* steps_value = std::get_if<double>(&draft.value(*steps));
  const auto* ratio_value = std::get_if<double>(&draft.value(*ratio));
  if (!steps_value) return;
  const bool has_steps = draft.is_set(*steps) && *steps_value != 0.0;
  // warmup_ratio 0 is 4.x's default, "no ratio": a 4.x dump holds it beside any warmup_steps.
  // 5.0 to 5.14 would copy it over warmup_steps, so it is never written for 5.x.
  const bool has_ratio = draft.is_set(*ratio) && ratio_value && *ratio_value != 0.0;
  if (draft.is_set(*ratio) && !has_ratio && target >= k5) draft.drop(*ratio);
  if (has_steps && has_ratio) {
    diagnostics
        .error(draft.origin(*ratio),
               "set only one of 'training.warmup_steps' and 'training.warmup_ratio': when both "
               "are set, transformers 4 uses warmup_steps and 5.0 to 5.14 warmup_ratio")
        .notes.push_back(Note{draft.origin(*steps), "'training.warmup_steps' was set here"});
    draft.forget(*ratio);  // reported: not again as a field the target lacks
    return;
  }
  if (has_ratio) {
    const double r = *ratio_value;
    if (r < 0.0 || r > 1.0) {
      diagnostics.error(draft.origin(*ratio), "'training.warmup_ratio' must be in [0, 1], got {}",
                        format_float(r));
      draft.forget(*ratio);
    } else if (target >= k5 && r == 1.0) {
      diagnostics
          .error(draft.origin(*ratio),
                 "'training.warmup_ratio: 1.0' has no equivalent in transformers {}: there "
                 "warmup_steps 1.0 means one step",
                 target.text())
          .notes.push_back(
              Note{Origin::none(), "a ratio below 1 translates: warmup_steps: 0.99 is 99%"});
      draft.forget(*ratio);
    } else if (target >= k5) {
      draft.move(*ratio, *steps, r, fmt::format("written as warmup_ratio: {}", format_float(r)));
    }
    return;
  }
  if (!draft.is_set(*steps)) return;
  const double s = *steps_value;
  // Every release refuses a negative warmup; 4.x converts with int(), 53 bits hold any count.
  constexpr double kLargestExactCount = 9007199254740992.0;  // 2^53
  if (s < 0.0) {
    diagnostics.error(draft.origin(*steps), "'training.warmup_steps' must not be negative, got {}",
                      format_float(s));
  } else if (s > kLargestExactCount) {
    diagnostics.error(draft.origin(*steps),
                      "'training.warmup_steps' is {}: more steps than a run can have",
                      format_float(s));
  } else if (target >= k5 || s == 0.0) {
    return;
  } else if (s < 1.0) {
    draft.move(*steps, *ratio, s, fmt::format("written as warmup_steps: {}", format_float(s)));
  } else if (s != std::floor(s)) {
    diagnostics
        .error(draft.origin(*steps),
               "transformers {} reads 'training.warmup_steps' as a whole number of steps, got {}",
               target.text(), format_float(s))
        .notes.push_back(
            Note{Origin::none(), "a value below 1 is a ratio of the total steps (warmup_ratio)"});
  }
}

/// `adafactor: true` was `optim: adafactor`; `group_by_length: true` became a sampling strategy.
void translate_flag_to_choice(Draft& draft, std::string_view flag, std::string_view field,
                              std::string_view choice, Diagnostics& diagnostics) {
  const auto from = draft.index(flag);
  const auto to = draft.index(field);
  if (!from || !to || !draft.is_set(*from)) return;
  if (draft.value(*from) != Value(true)) return;
  if (draft.is_set(*to) && draft.value(*to) != Value(std::string(choice))) {
    diagnostics
        .error(draft.origin(*from), "'{}: true' means '{}: {}', but '{}' is set to {}",
               key_of(flag), key_of(field), choice, key_of(field), value_text(draft.value(*to)))
        .notes.push_back(Note{draft.origin(*to), fmt::format("'{}' was set here", key_of(field))});
    draft.forget(*from);
    return;
  }
  draft.move(*from, *to, std::string(choice), fmt::format("written as {}: true", flag));
}

/// Old names of a field: every release that has both copies the old one into the new one in
/// `__post_init__`, so the new name is right for every target (and checks see the value).
void translate_renames(Draft& draft, Diagnostics& diagnostics) {
  for (const Rename& rename : kRenames) {
    const auto from = draft.index(rename.from);
    const auto to = draft.index(rename.to);
    // Its default (None, or false for no_cuda) copies nothing.
    if (!from || !to || !draft.is_set(*from) || draft.value(*from) == draft.default_value(*from)) {
      continue;
    }
    if (draft.is_set(*to) && draft.value(*to) != draft.value(*from)) {
      diagnostics
          .error(draft.origin(*from), "'{}' and '{}' are the same setting with different values",
                 key_of(rename.from), key_of(rename.to))
          .notes.push_back(
              Note{draft.origin(*to), fmt::format("'{}' was set here", key_of(rename.to))});
      draft.forget(*from);
      continue;
    }
    draft.move(*from, *to, draft.value(*from), fmt::format("written as {}", rename.from));
  }
}

/// transformers 5 ignores `logging_dir` (5.0 to 5.14 only warn) and removed it in 5.15: TensorBoard
/// reads the environment variable TENSORBOARD_LOGGING_DIR instead, which `expcfg launch` sets.
void translate_logging_dir(Draft& draft, ResolvedConfig& config, Diagnostics& diagnostics) {
  constexpr std::string_view kVariable = "TENSORBOARD_LOGGING_DIR";
  const auto dir = draft.index("logging_dir");
  const auto env = config.index("launch.env");
  if (!dir || !env || !draft.is_set(*dir)) return;
  const auto* path = std::get_if<std::string>(&draft.value(*dir));
  auto* variables = std::get_if<Json>(&config.values[*env]);
  if (!path || !variables) return;
  if (const auto found = variables->find(kVariable); found != variables->end()) {
    if (*found != *path) {
      diagnostics
          .error(draft.origin(*dir),
                 "'training.logging_dir' goes into 'launch.env.{}' on transformers 5, which "
                 "already holds another folder",
                 kVariable)
          .notes.push_back(Note{config.origin(*env), "'launch.env' was set here"});
    }
    draft.forget(*dir);
    return;
  }
  (*variables)[std::string(kVariable)] = *path;
  if (config.last_write[*env] == ResolvedConfig::kNoWrite) {
    config.last_write[*env] = config.writes.size();
    config.writes.push_back(Write{*env, Op::Set, draft.origin(*dir), false});
  }
  config.translations[*env] = fmt::format("{} from training.logging_dir", kVariable);
  draft.drop(*dir);
}

/// Whether `value` is the default `field` has in some release that has it (a dump of that
/// release writes every field, at its defaults).
bool is_some_releases_default(std::string_view field, const Value& value) {
  const Json json = to_json(value);
  return std::any_of(eras_of(field).begin(), eras_of(field).end(), [&](const FieldEra& era) {
    return era.present && Json::parse(era.default_json) == json;
  });
}

/// What to tell about a field the target lacks: when it came or went, and what replaces it.
void explain_absence(Diagnostic& error, std::string_view field, Version target) {
  const auto eras = eras_of(field);
  std::optional<Version> added, removed;
  for (std::size_t i = 1; i < eras.size(); ++i) {
    if (eras[i].present && !eras[i - 1].present && eras[i].since > target && !added) {
      added = eras[i].since;
    }
    if (!eras[i].present && eras[i - 1].present && eras[i].since <= target) removed = eras[i].since;
  }
  if (removed) {
    const auto replacement = replacement_of(field);
    error.notes.push_back(Note{
        error.origin, replacement
                          ? fmt::format("'{}' was removed in transformers {}; write {} instead",
                                        field, removed->text(), *replacement)
                          : fmt::format("'{}' was removed in transformers {} with no replacement: "
                                        "delete the key",
                                        field, removed->text())});
  } else if (added) {
    error.notes.push_back(
        Note{error.origin, fmt::format("'{}' was added in transformers {}; set "
                                       "'launch.transformers' to that release or later to use it",
                                       field, added->text())});
  }
}

/// A field the target lacks, written with a default it has in some release, changes nothing
/// there and is dropped (dumps move between releases); any other value is an error.
void report_absent_fields(Draft& draft, const ResolvedConfig& config, const RunnerSchema& target,
                          Diagnostics& diagnostics) {
  const Version version = *target.transformers;
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    if (!draft.is_set(i) || target.find(field.section, field.name)) continue;
    if (is_some_releases_default(field.name, draft.value(i))) {
      draft.drop(i);
      continue;
    }
    auto& error = diagnostics.error(draft.origin(i), "'{}' does not exist in transformers {}",
                                    field.key(), version.text());
    explain_absence(error, field.name, version);
  }
}

/// Choices differ by release (optimizers come and go): check against the target's.
void check_choices(const ResolvedConfig& config, Diagnostics& diagnostics) {
  const Version version = *config.runner->transformers;
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    if (field.choices.empty() || eras_of(field.name).empty()) continue;
    if (config.last_write[i] == ResolvedConfig::kNoWrite) continue;
    const auto* text = std::get_if<std::string>(&config.values[i]);
    if (!text ||
        std::find(field.choices.begin(), field.choices.end(), *text) != field.choices.end()) {
      continue;
    }
    auto& error =
        diagnostics.error(config.origin(i), "'{}' is not a choice of '{}' in transformers {}",
                          excerpt(*text), field.key(), version.text());
    for (const FieldEra& era : eras_of(field.name)) {
      if (std::find(era.choices.begin(), era.choices.end(), *text) != era.choices.end()) {
        error.notes.push_back(
            Note{Origin::none(), fmt::format("transformers {} has it", era.since.text())});
        break;
      }
    }
  }
}

/// Reads a version field: its text, or what `launch.python` has installed when it is `auto`.
std::optional<std::string> target_text(ResolvedConfig& config, std::string_view key,
                                       std::string_view package, const ResolveOptions& options,
                                       Diagnostics& diagnostics) {
  const std::size_t i = *config.index(key);
  const auto* text = std::get_if<std::string>(&config.values[i]);
  if (!text) return std::nullopt;  // interpolation reported why
  if (*text != "auto") return *text;
  if (!options.run_python) {
    diagnostics.error(config.origin(i), "'{}: auto' needs to run Python, which is not allowed here",
                      key);
    return std::nullopt;
  }
  const std::size_t python_field = *config.index("launch.python");
  const auto* python_value = std::get_if<std::string>(&config.values[python_field]);
  // A configuration from someone else must not choose a program that `check` or `dump` runs:
  // only the command line (or the environment's python3) does.
  if (python_value && config.origin(python_field).kind == Origin::Kind::File) {
    diagnostics
        .error(config.origin(python_field),
               "'launch.python' from a file is not run to answer '{}: auto'", key)
        .notes.push_back(Note{Origin::none(),
                              "name it on the command line (--set launch.python=PATH), or let "
                              "python3 from PATH answer"});
    return std::nullopt;
  }
  const std::string python = python_value ? *python_value : "python3";
  std::string error;
  auto release = installed_release(python, std::string(package), error);
  if (!release) {
    diagnostics
        .error(config.origin(i), "'{}: auto' cannot ask '{}' for its {}: {}", key, excerpt(python),
               package, error)
        .notes.push_back(
            Note{Origin::none(),
                 fmt::format("write the release instead, e.g. --set {}={}", key,
                             package == "transformers" ? kDefaultTransformers.text()
                                                       : std::string(kDefaultFlagEmbedding))});
    return std::nullopt;
  }
  const bool readable = package == "transformers" ? parse_version(*release).has_value()
                                                  : parse_flagembedding(*release).has_value();
  if (!readable) {
    diagnostics.error(config.origin(i), "'{}: auto': '{}' answered '{}', not a release", key,
                      excerpt(python), excerpt(*release));
    return std::nullopt;
  }
  config.values[i] = *release;
  config.translations[i] = fmt::format("auto: {} has {} {}", python, package, *release);
  return release;
}

Version transformers_target(ResolvedConfig& config, const ResolveOptions& options,
                            Diagnostics& diagnostics) {
  const auto text =
      target_text(config, "launch.transformers", "transformers", options, diagnostics);
  if (!text) return kDefaultTransformers;
  const Origin& origin = config.origin(*config.index("launch.transformers"));
  const auto version = parse_version(*text);
  if (!version) {
    diagnostics.error(origin,
                      "'launch.transformers' must be a release such as 4.57.6, or auto; "
                      "got '{}'",
                      excerpt(*text));
    return kDefaultTransformers;
  }
  if (*version < kOldestTransformers || *version >= kFirstUnsupportedTransformers) {
    diagnostics
        .error(origin,
               "transformers {} is not supported: expcfg targets {} up to {} (not included)",
               version->text(), kOldestTransformers.text(), kFirstUnsupportedTransformers.text())
        .notes.push_back(
            Note{Origin::none(), "FlagEmbedding 1.3 and 1.4 need transformers 4.44.2 or later"});
    return kDefaultTransformers;
  }
  return *version;
}

FlagEmbeddingTarget flagembedding_target(ResolvedConfig& config, const ResolveOptions& options,
                                         Diagnostics& diagnostics) {
  const auto text =
      target_text(config, "launch.flagembedding", "FlagEmbedding", options, diagnostics);
  if (!text) return {};
  const Origin& origin = config.origin(*config.index("launch.flagembedding"));
  const auto target = parse_flagembedding(*text);
  if (!target) {
    diagnostics.error(origin,
                      "'launch.flagembedding' must be a release such as 1.4.0, source or "
                      "auto; got '{}'",
                      excerpt(*text));
    return {};
  }
  if (target->release < Version{1, 3, 0}) {
    diagnostics
        .error(origin, "FlagEmbedding {} has no FlagEmbedding.finetune runners (they came in 1.3)",
               target->text())
        .notes.push_back(
            Note{Origin::none(), "'expcfg import' reads scripts written for earlier releases"});
    return {};
  }
  if (target->release >= Version{2, 0, 0}) {
    diagnostics
        .error(origin, "FlagEmbedding {} is not a release expcfg knows (1.3.0 to 1.4.x)",
               target->text())
        .notes.push_back(Note{Origin::none(),
                              "is it the transformers release? that one goes in "
                              "'launch.transformers'"});
    return {};
  }
  return *target;
}

/// Moves values, history and notes from every-release indices onto the target's.
void remap(ResolvedConfig& config, std::vector<bool>& written, const RunnerSchema& target) {
  std::vector<std::size_t> to_target(config.values.size(), ResolvedConfig::kNoWrite);
  std::vector<Value> values;
  std::vector<bool> target_written;
  // The target's fields are the runner's, in order, less those the release lacks: the source
  // of each is found by walking forward, not looked up (this runs for every resolution).
  const std::vector<FieldSpec>& source = config.runner->fields;
  std::size_t next = 0;
  auto source_of = [&](const FieldSpec& field) {
    for (std::size_t j = next; j < source.size(); ++j) {
      if (source[j].section == field.section && source[j].name == field.name) return j;
    }
    return *config.runner->find(field.section, field.name);
  };
  for (std::size_t i = 0; i < target.fields.size(); ++i) {
    const FieldSpec& field = target.fields[i];
    const std::size_t from = source_of(field);
    next = from + 1;
    to_target[from] = i;
    const std::size_t w = config.last_write[from];
    const bool set = w != ResolvedConfig::kNoWrite && config.writes[w].op != Op::Unset;
    // Not `set ? std::move(x) : default`: the conditional's type is a const Value, so the
    // moved value is copied again (a 100,000-path list twice).
    if (set) {
      values.push_back(std::move(config.values[from]));
    } else {
      values.push_back(field.default_value);
    }
    target_written.push_back(written[from]);
  }
  std::vector<Write> writes;
  std::vector<std::size_t> last_write(target.fields.size(), ResolvedConfig::kNoWrite);
  for (const Write& write : config.writes) {
    const std::size_t field = to_target[write.field];
    if (field == ResolvedConfig::kNoWrite) continue;
    // Only writes still in the history: a translated field's writes were forgotten.
    if (config.last_write[write.field] == ResolvedConfig::kNoWrite) continue;
    last_write[field] = writes.size();
    writes.push_back(Write{field, write.op, write.origin, write.merged});
  }
  auto remap_keys = [&](auto& map) {
    std::remove_cvref_t<decltype(map)> out;
    for (auto& [field, item] : map) {
      if (to_target[field] != ResolvedConfig::kNoWrite)
        out.emplace(to_target[field], std::move(item));
    }
    map = std::move(out);
  };
  remap_keys(config.interpolations);
  remap_keys(config.translations);
  config.runner = &target;
  config.values = std::move(values);
  config.writes = std::move(writes);
  config.last_write = std::move(last_write);
  written = std::move(target_written);
}

}  // namespace

void retarget(ResolvedConfig& config, std::vector<bool>& written, const ResolveOptions& options,
              Diagnostics& diagnostics) {
  const Version version = transformers_target(config, options, diagnostics);
  config.flagembedding = flagembedding_target(config, options, diagnostics);
  const RunnerSchema& target = runner_for(*config.runner, version);

  Draft draft(config, written);
  translate_warmup(draft, version, diagnostics);
  translate_renames(draft, diagnostics);
  if (!target.find(Section::Training, "adafactor")) {
    translate_flag_to_choice(draft, "adafactor", "optim", "adafactor", diagnostics);
  }
  if (!target.find(Section::Training, "group_by_length")) {
    translate_flag_to_choice(draft, "group_by_length", "train_sampling_strategy", "group_by_length",
                             diagnostics);
  }
  if (version >= k5) translate_logging_dir(draft, config, diagnostics);
  report_absent_fields(draft, config, target, diagnostics);
  remap(config, written, target);
  check_choices(config, diagnostics);
}

}  // namespace expcfg
