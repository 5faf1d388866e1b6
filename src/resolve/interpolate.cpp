#include "resolve/interpolate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "base/limits.hpp"
#include "base/utf8.hpp"
#include "load/yaml_core.hpp"
#include "resolve/decode.hpp"
#include "resolve/run_values.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {

namespace {

/// Kinds whose text is read verbatim; the others read theirs as plain YAML (numbers, bools).
bool takes_text_verbatim(Kind kind) {
  return kind == Kind::String || kind == Kind::Strings || kind == Kind::StringOrStrings ||
         kind == Kind::MappingOrString || kind == Kind::Environment;
}

/// A mapping of variable names to strings, as `launch.env` holds.
bool is_environment(const Value& value) {
  const auto* json = std::get_if<Json>(&value);
  if (!json || !json->is_object()) return false;
  return std::all_of(json->items().begin(), json->items().end(), [](const auto& item) {
    return is_name(item.key(), false) && item.value().is_string();
  });
}

/// A typed value that a field of `kind` takes as it is (an int is also a float).
std::optional<Value> fit(Kind kind, const Value& value) {
  auto holds = [&](auto type) { return std::holds_alternative<decltype(type)>(value); };
  switch (kind) {
    case Kind::Bool: return holds(bool{}) ? std::optional(value) : std::nullopt;
    case Kind::Int: return holds(std::int64_t{}) ? std::optional(value) : std::nullopt;
    case Kind::Float:
      if (holds(std::int64_t{})) return Value(static_cast<double>(std::get<std::int64_t>(value)));
      return holds(double{}) ? std::optional(value) : std::nullopt;
    case Kind::Ints: return holds(IntList{}) ? std::optional(value) : std::nullopt;
    case Kind::Mapping:
    case Kind::MappingOrString: return holds(Json{}) ? std::optional(value) : std::nullopt;
    case Kind::BoolOrText: return holds(bool{}) ? std::optional(value) : std::nullopt;
    case Kind::Environment: return is_environment(value) ? std::optional(value) : std::nullopt;
    case Kind::String:
    case Kind::Strings:
    case Kind::StringOrStrings: break;  // strings and lists of strings are decoded (choices)
  }
  return std::nullopt;
}

class Interpolator {
 public:
  Interpolator(ResolvedConfig& config, const ResolveOptions& options, Diagnostics& diagnostics)
      : config_(config), options_(options), diagnostics_(diagnostics) {
    state_.assign(config.values.size(), State::Plain);
    from_secret_.assign(config.values.size(), false);
    run_time_.assign(config.values.size(), false);
    for (std::size_t i = 0; i < config.values.size(); ++i) {
      if (value_has_template(config.values[i])) state_[i] = State::Pending;
    }
    // What interpolation may add: the limit less what the merge already holds.
    if (std::find(state_.begin(), state_.end(), State::Pending) == state_.end()) return;
    std::size_t held = 0;
    for (const auto& value : config.values) held += value_bytes(value);
    budget_ = limits::kMaxResolvedBytes - std::min(held, limits::kMaxResolvedBytes);
  }

  void run() {
    for (std::size_t i = 0; i < state_.size(); ++i) resolve(i);
  }

 private:
  enum class State { Plain, Pending, Busy, Done, Failed };

  const FieldSpec& field(std::size_t i) const { return config_.runner->fields[i]; }

  /// Field `i` with its references resolved; false when it (or what it refers to) failed.
  bool resolve(std::size_t i) {
    switch (state_[i]) {
      case State::Plain:
      case State::Done: return true;
      case State::Failed: return false;
      case State::Busy: report_cycle(i); return false;
      case State::Pending: break;
    }
    state_[i] = State::Busy;
    path_.push_back(i);
    std::vector<std::string> sources;
    auto value = resolve_value(i, sources);
    path_.pop_back();
    if (!value) {
      // Every value keeps its field's type, even after an error: later checks and outputs
      // read it as that type.
      config_.values[i] = field(i).default_value;
      state_[i] = State::Failed;
      return false;
    }
    config_.interpolations[i] =
        Interpolation{std::exchange(config_.values[i], std::move(*value)), std::move(sources),
                      false, from_secret_[i], run_time_[i]};
    state_[i] = State::Done;
    return true;
  }

  void report_cycle(std::size_t i) {
    std::vector<std::string> chain;
    auto start = std::find(path_.begin(), path_.end(), i);
    for (auto it = start; it != path_.end(); ++it) chain.push_back(field(*it).key());
    chain.push_back(field(i).key());
    diagnostics_.error(config_.origin(path_.back()), "'{}' refers to itself: {}", field(i).key(),
                       fmt::join(chain, " -> "));
  }

  std::optional<Value> resolve_value(std::size_t i, std::vector<std::string>& sources) {
    const Value& written = config_.values[i];
    if (const auto* text = std::get_if<std::string>(&written)) {
      auto pieces = pieces_of(i, *text);
      if (!pieces) return std::nullopt;
      // `${section.field}` alone keeps the referenced value's type.
      if (pieces->size() == 1 && pieces->front().literal.empty() && pieces->front().reference &&
          !pieces->front().reference->environment &&
          pieces->front().reference->run_time == RunTimeValue::No) {
        const Reference& reference = *pieces->front().reference;
        const Value* referenced = lookup(i, reference, sources);
        if (!referenced) return std::nullopt;
        if (!std::holds_alternative<std::string>(*referenced)) {
          return convert(i, *referenced, reference);
        }
      }
      auto joined = join(i, *pieces, sources);
      if (!joined) return std::nullopt;
      // `token: ${env:HF_TOKEN,null}`: a default of null leaves a nullable field None.
      if (pieces->size() == 1 && pieces->front().literal.empty() && pieces->front().reference &&
          pieces->front().reference->environment && field(i).nullable && last_default_used_ &&
          !joined->empty() && is_null_word(*joined)) {
        return Value(None{});
      }
      return decode_text(i, *joined, *text);
    }
    if (const auto* list = std::get_if<StringList>(&written)) {
      StringList items;
      for (const auto& item : *list) {
        auto text = substitute(i, item, sources);
        if (!text) return std::nullopt;
        items.push_back(std::move(*text));
      }
      return decode_list(i, items);
    }
    Json json = std::get<Json>(written);
    if (!substitute_json(i, json, sources)) return std::nullopt;
    return Value(std::move(json));
  }

  std::optional<std::vector<TemplatePiece>> pieces_of(std::size_t i, const std::string& text) {
    std::string error;
    auto pieces = parse_template(text, error);
    if (!pieces && holds_secrets(field(i))) {
      diagnostics_.error(config_.origin(i),
                         "in '{}': a malformed '${{' (the value is a credential: "
                         "not shown)",
                         field(i).key());
    } else if (!pieces) {
      diagnostics_.error(config_.origin(i), "in '{}': {}", field(i).key(), error)
          .notes.push_back(Note{config_.origin(i), fmt::format("the value: '{}'", excerpt(text))});
    }
    return pieces;
  }

  /// A string with its references replaced by their text.
  std::optional<std::string> substitute(std::size_t i, const std::string& text,
                                        std::vector<std::string>& sources) {
    if (!has_template(text)) return text;
    auto pieces = pieces_of(i, text);
    if (!pieces) return std::nullopt;
    return join(i, *pieces, sources);
  }

  bool substitute_json(std::size_t i, Json& json, std::vector<std::string>& sources) {
    if (json.is_string()) {
      auto text = substitute(i, json.get<std::string>(), sources);
      if (text) json = std::move(*text);
      return text.has_value();
    }
    bool ok = true;
    if (!json.is_structured()) return ok;  // a number or bool iterates as itself
    for (auto& item : json) ok = substitute_json(i, item, sources) && ok;
    return ok;
  }

  std::optional<std::string> join(std::size_t i, const std::vector<TemplatePiece>& pieces,
                                  std::vector<std::string>& sources) {
    std::string out;
    for (const auto& piece : pieces) {
      if (!append(i, out, piece.literal)) return std::nullopt;
      if (!piece.reference) continue;
      auto text = reference_text(i, *piece.reference, sources);
      if (!text || !append(i, out, *text)) return std::nullopt;
    }
    return out;
  }

  /// Appends `text` to `out` (a value of field `i`), within the limits on one interpolated
  /// value and on the whole configuration, checked before anything is allocated.
  bool append(std::size_t i, std::string& out, std::string_view text) {
    if (out.size() + text.size() > limits::kMaxInterpolatedBytes) {
      diagnostics_
          .error(config_.origin(i),
                 "'{}' grows past {} bytes, the limit on one interpolated value "
                 "(limits::kMaxInterpolatedBytes)",
                 field(i).key(), limits::kMaxInterpolatedBytes)
          .notes.push_back(Note{Origin::none(),
                                "do its references refer to values that refer to others "
                                "several times over?"});
      return false;
    }
    if (!charge(i, text.size())) return false;
    out += text;
    return true;
  }

  /// Takes `bytes` from what the whole configuration may still grow by.
  bool charge(std::size_t i, std::size_t bytes) {
    if (bytes <= budget_) {
      budget_ -= bytes;
      return true;
    }
    if (!over_budget_) {
      diagnostics_.error(config_.origin(i),
                         "the resolved configuration grows past {} bytes at '{}', the limit on "
                         "a whole configuration (limits::kMaxResolvedBytes)",
                         limits::kMaxResolvedBytes, field(i).key());
    }
    over_budget_ = true;  // reported once
    return false;
  }

  /// A reference's value as part of a string.
  std::optional<std::string> reference_text(std::size_t i, const Reference& reference,
                                            std::vector<std::string>& sources) {
    if (reference.environment) return environment_value(i, reference, sources);
    if (reference.run_time != RunTimeValue::No) return run_time_value(i, reference, sources);
    const Value* value = lookup(i, reference, sources);
    if (!value) return std::nullopt;
    if (!is_none(*value) && !std::holds_alternative<StringList>(*value) &&
        !std::holds_alternative<IntList>(*value) && !std::holds_alternative<Json>(*value)) {
      return value_text(*value);
    }
    auto& error =
        diagnostics_.error(config_.origin(i), "'{}' refers to {}, which is {}", field(i).key(),
                           reference.text, is_none(*value) ? "null" : "a list or a mapping");
    error.notes.push_back(Note{error.origin, is_none(*value)
                                                 ? "give it a value, or use ${env:NAME,default}"
                                                 : "only a whole value can refer to it"});
    return std::nullopt;
  }

  /// The referenced field's value, resolved first; nullopt after reporting an unknown key.
  const Value* lookup(std::size_t i, const Reference& reference,
                      std::vector<std::string>& sources) {
    if (reference.name == "runner") {
      runner_name_ = Value(std::string(config_.runner->name));
      sources.push_back(fmt::format("{} from {}", reference.text, config_.runner_origin.label()));
      return &runner_name_;
    }
    const auto target = config_.index(reference.name);
    if (!target) {
      auto& error = diagnostics_.error(config_.origin(i), "'{}' refers to unknown key '{}'",
                                       field(i).key(), excerpt(reference.name));
      std::vector<std::string> keys;
      for (const auto& candidate : config_.runner->fields) keys.push_back(candidate.key());
      suggest(error, reference.name, {keys.begin(), keys.end()});
      return nullptr;
    }
    config_.referenced.insert(field(*target).key());
    if (!resolve(*target)) return nullptr;
    // A credential, a value made from one, or a launch.env that holds one (only such a field
    // is copied to compare: a long train_data is not).
    const bool secret =
        field(*target).secret || from_secret_[*target] ||
        (holds_secrets(field(*target)) &&
         redact(field(*target), config_.values[*target]) != config_.values[*target]);
    if (secret) from_secret_[i] = true;
    if (run_time_[*target]) run_time_[i] = true;
    sources.push_back(fmt::format("{} from {}", reference.text, config_.origin(*target).label()));
    return &config_.values[*target];
  }

  /// `${now:FORMAT}` or `${git:NAME}`: the same for every value and every run of this process.
  std::optional<std::string> run_time_value(std::size_t i, const Reference& reference,
                                            std::vector<std::string>& sources) {
    run_time_[i] = true;
    RunValues& values = options_.run_values ? *options_.run_values : RunValues::process();
    std::string error;
    if (reference.run_time == RunTimeValue::Now) {
      const auto clock = values.clock(error);
      if (!clock) {
        // A malformed EXPCFG_NOW is the command line's problem, not the file's.
        diagnostics_.usage_error(Origin::none(), "{}", error);
        return std::nullopt;
      }
      auto text = format_time(*clock, reference.name, error);
      if (!text) {
        diagnostics_.error(config_.origin(i), "in '{}': {}", field(i).key(), error);
        return std::nullopt;
      }
      sources.push_back(
          fmt::format("{} from the start time {}", reference.text, utc_timestamp(clock->start)));
      return text;
    }
    const std::string folder = configuration_folder(config_);
    const GitState* git = values.git(folder, error);
    std::optional<std::string> text;
    if (git) text = git_value(*git, reference.name, error);
    if (!text) {
      auto& problem = diagnostics_.error(config_.origin(i), "'{}' refers to {}, but {}",
                                         field(i).key(), reference.text, error);
      problem.notes.push_back(Note{config_.origin(i),
                                   "keep the configuration in a git repository with a commit, or "
                                   "write the value without ${git:...}"});
      return std::nullopt;
    }
    sources.push_back(fmt::format("{} from git ({})", reference.text, git->repository));
    return text;
  }

  std::optional<std::string> environment_value(std::size_t i, const Reference& reference,
                                               std::vector<std::string>& sources) {
    std::optional<std::string> value;
    if (options_.environment) {
      value = options_.environment(reference.name);
    } else if (const char* set = std::getenv(reference.name.c_str())) {
      value = set;
    }
    last_default_used_ = !value && reference.fallback;
    if (is_credential_env_name(reference.name)) from_secret_[i] = true;
    if (value && (find_invalid_utf8(*value) || find_control_character(*value))) {
      diagnostics_.error(config_.origin(i),
                         "'{}' refers to ${{env:{}}}, whose value is not UTF-8 text (or holds a "
                         "control character)",
                         field(i).key(), reference.name);
      return std::nullopt;
    }
    if (value) {
      sources.push_back(fmt::format("{} from the environment", reference.text));
      return value;
    }
    if (reference.fallback) {
      sources.push_back(fmt::format("{} from its default", reference.text));
      return reference.fallback;
    }
    diagnostics_
        .error(config_.origin(i), "'{}' refers to ${{env:{}}}, which is not set", field(i).key(),
               reference.name)
        .notes.push_back(Note{
            config_.origin(i),
            fmt::format("export {0}, or give a default: ${{env:{0},default}}", reference.name)});
    return std::nullopt;
  }

  /// A whole-value reference to a typed value, in the type of field `i`.
  std::optional<Value> convert(std::size_t i, const Value& value, const Reference& reference) {
    const FieldSpec& target = field(i);
    if (!charge(i, value_bytes(value))) return std::nullopt;
    if (is_none(value) && target.nullable) return value;
    if (auto fitted = fit(target.kind, value)) return fitted;
    if (const auto* list = std::get_if<StringList>(&value);
        list && (target.kind == Kind::Strings || target.kind == Kind::StringOrStrings)) {
      return decode_list(i, *list);
    }
    if (std::holds_alternative<bool>(value) || std::holds_alternative<std::int64_t>(value) ||
        std::holds_alternative<double>(value)) {
      std::vector<std::string> ignored;
      auto text = reference_text(i, reference, ignored);
      return text ? decode_text(i, *text, reference.text) : std::nullopt;
    }
    diagnostics_
        .error(config_.origin(i), "'{}' ({}) refers to {}, which is {}", target.key(),
               kind_name(target.kind), reference.text,
               is_none(value) ? "null" : "a list or a mapping")
        .notes.push_back(Note{config_.origin(i),
                              "a whole-value reference keeps the type of the "
                              "value it refers to"});
    return std::nullopt;
  }

  /// Interpolated text read as field `i`'s type, as if it had been written there.
  std::optional<Value> decode_text(std::size_t i, const std::string& text,
                                   const std::string& written) {
    return decode(i, Words{Words::Shape::One, {text}, !takes_text_verbatim(field(i).kind)},
                  written);
  }

  std::optional<Value> decode_list(std::size_t i, const StringList& items) {
    return decode(i, Words{Words::Shape::List, items, false}, {});
  }

  std::optional<Value> decode(std::size_t i, Words words, const std::string& written) {
    Entry entry;
    entry.section = std::string(section_name(field(i).section));
    entry.name = std::string(field(i).name);
    entry.origin = config_.origin(i);
    entry.words = std::move(words);
    Diagnostics problems;
    auto value = decode_entry(field(i), entry, problems, /*keep_templates=*/false);
    if (!problems.empty() && from_secret_[i]) {
      // The messages quote the value, which came from a credential.
      diagnostics_
          .error(config_.origin(i), "'{}' ({}) gets a value from a credential that it cannot take",
                 field(i).key(), kind_name(field(i).kind))
          .notes.push_back(Note{config_.origin(i), "the value is not shown"});
      return std::nullopt;
    }
    for (const auto& problem : problems.items()) {
      auto& copy = diagnostics_.add(problem.category, problem.origin, problem.message);
      copy.notes = problem.notes;
      if (!written.empty()) {
        copy.notes.push_back(
            Note{problem.origin, fmt::format("the value as written: '{}'", excerpt(written))});
      }
    }
    return value;
  }

  ResolvedConfig& config_;
  const ResolveOptions& options_;
  Diagnostics& diagnostics_;
  std::vector<State> state_;
  std::vector<std::size_t> path_;  // fields being resolved, for cycle messages
  Value runner_name_;
  bool last_default_used_ = false;                  // the last ${env:...} took its default
  std::vector<bool> from_secret_;                   // per field: its value reads a credential
  std::vector<bool> run_time_;                      // per field: it reads ${now:...}/${git:...}
  std::size_t budget_ = limits::kMaxResolvedBytes;  // bytes the configuration may still grow
  bool over_budget_ = false;
};

}  // namespace

void interpolate(ResolvedConfig& config, const ResolveOptions& options, Diagnostics& diagnostics) {
  Interpolator(config, options, diagnostics).run();
}

}  // namespace expcfg
