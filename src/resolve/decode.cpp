#include "resolve/decode.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/limits.hpp"
#include "base/template_syntax.hpp"
#include "load/yaml_core.hpp"
#include "load/yaml_mapping.hpp"

namespace expcfg {
namespace {

/// A value as it was written, whatever wrote it: a node of a YAML document (a layer file, or
/// a --set's text parsed as YAML flow), or words (a script's arguments, an interpolated string)
/// taken as they are. The readers below see one interface, so every writer gets the same typing
/// and the same messages.
class Written {
 public:
  explicit Written(YamlNode node) : node_(node) {}
  /// One word; `plain`: read like an unquoted YAML scalar (a number, a bool), else verbatim.
  Written(std::string_view word, bool plain) : word_(word), plain_(plain) {}
  explicit Written(const Words& words) : words_(&words), plain_(words.plain) {}

  bool is_null() const { return node_ && node_->is_null(); }
  bool is_scalar() const { return node_ ? node_->is_scalar() : !words_; }
  bool is_plain() const { return node_ ? node_->is_plain() : plain_; }
  std::string_view scalar() const { return node_ ? node_->scalar() : word_; }
  bool is_sequence() const {
    return node_ ? node_->is_sequence() : words_ && words_->shape == Words::Shape::List;
  }
  bool is_map() const {
    return node_ ? node_->is_map() : words_ && words_->shape == Words::Shape::Pairs;
  }
  /// Sequence items, or for a mapping how many pairs.
  std::size_t size() const {
    if (node_) return node_->size();
    if (!words_) return 0;
    return is_map() ? words_->items.size() / 2 : words_->items.size();
  }
  Written item(std::size_t i) const {
    return node_ ? Written(node_->item(i)) : Written(words_->items[i], plain_);
  }
  /// The YAML node, for what only YAML can write (a nested mapping); null for words.
  const YamlNode* yaml() const { return node_ ? &*node_ : nullptr; }

  Origin origin(const FileName& file, const Origin& fallback) const {
    return node_ ? node_->origin(file, fallback) : fallback;
  }
  std::string describe() const {
    if (node_) return expcfg::describe(*node_);
    return words_ ? (is_map() ? "a mapping" : "a sequence") : fmt::format("'{}'", excerpt(word_));
  }

 private:
  std::optional<YamlNode> node_;
  std::string_view word_;
  const Words* words_ = nullptr;
  bool plain_ = false;
};

/// What a decoder needs besides the value: the field, and where to blame.
struct Context {
  const FieldSpec& field;
  std::string key;
  Origin origin;  // the key's position, or the --set argument
  FileName file;  // null for --set values
  Diagnostics& diagnostics;

  Origin at(const Written& node) const {
    // A null value's mark points past the key's line, and words have no mark: blame the
    // entry for those.
    return node.is_null() ? origin : node.origin(file, origin);
  }
};

std::optional<Value> read_by_kind(const Context& c, const Written& node);

/// Whether the quoted scalar `node` would have been a good value without its quotes.
bool fits_unquoted(const Context& c, const Written& node) {
  if (!node.is_scalar() || node.is_plain()) return false;
  Diagnostics ignored;
  const Context plain{c.field, c.key, c.origin, c.file, ignored};
  return read_by_kind(plain, Written(node.scalar(), true)).has_value();
}

Diagnostic& report_type_error(const Context& c, const Written& node, std::string_view what) {
  auto& error =
      c.diagnostics.error(c.at(node), "expected {} for '{}', got {}", what, c.key, node.describe());
  if (fits_unquoted(c, node)) {
    error.notes.push_back(
        Note{error.origin, "the value is quoted, so it is a string; drop the quotes"});
  }
  return error;
}

std::optional<Value> type_error(const Context& c, const Written& node, std::string_view what) {
  report_type_error(c, node, what);
  return std::nullopt;
}

std::optional<Value> check_choice(const Context& c, const Written& node, std::string text) {
  if (c.field.choices.empty()) return Value(std::move(text));
  for (std::string_view choice : c.field.choices) {
    if (choice == text) return Value(std::move(text));
  }
  auto& error =
      c.diagnostics.error(c.at(node), "invalid value '{}' for '{}'", excerpt(text), c.key);
  suggest(error, text, {c.field.choices.begin(), c.field.choices.end()});
  error.notes.push_back(
      Note{error.origin, fmt::format("expected one of: {}", fmt::join(c.field.choices, ", "))});
  return std::nullopt;
}

/// A file's bools are YAML's words; text from a command line, a script or the environment
/// (`--set fp16=1`, `${env:FP16}`) also takes HfArgumentParser's (1/0, t/f, y/n, any case), as
/// the run's own `--fp16 1` would.
std::optional<Value> read_bool(const Context& c, const Written& node) {
  const bool written_as_text = !node.yaml() || !c.file;
  if (node.is_scalar() && node.is_plain()) {
    if (auto value = parse_bool_word(node.scalar())) return Value(*value);
    if (written_as_text) {
      if (auto value = parse_text_bool(node.scalar())) return Value(*value);
    }
  }
  auto& error = report_type_error(c, node, "a bool (true or false)");
  if (!written_as_text && node.is_scalar() && node.is_plain() && parse_text_bool(node.scalar())) {
    error.notes.push_back(Note{error.origin,
                               "in a file, write true or false; 1/0, t/f and y/n are for --set and "
                               "scripts, as HfArgumentParser reads them"});
  }
  return std::nullopt;
}

std::optional<Value> read_int(const Context& c, const Written& node) {
  if (node.is_scalar() && node.is_plain()) {
    const std::string_view text = node.scalar();
    std::int64_t value = 0;
    switch (parse_int(text, value)) {
      case NumberParse::Ok: return Value(value);
      case NumberParse::OutOfRange:
        c.diagnostics.error(c.at(node), "integer {} for '{}' does not fit in 64 bits",
                            excerpt(text), c.key);
        return std::nullopt;
      case NumberParse::NotANumber: break;
    }
  }
  return type_error(c, node, "an integer");
}

std::optional<Value> read_float(const Context& c, const Written& node) {
  if (node.is_scalar() && node.is_plain()) {
    const std::string_view text = node.scalar();
    double value = 0;
    switch (parse_float(text, value)) {
      case NumberParse::Ok: return Value(value);
      case NumberParse::OutOfRange:
        c.diagnostics.error(c.at(node), "expected a finite number for '{}', got '{}'", c.key,
                            excerpt(text));
        return std::nullopt;
      case NumberParse::NotANumber: break;
    }
  }
  return type_error(c, node, "a float");
}

std::optional<Value> read_string(const Context& c, const Written& node) {
  // The scalar's text verbatim: `run_name: 1.10` is "1.10", not a float.
  if (node.is_scalar()) return check_choice(c, node, std::string(node.scalar()));
  return type_error(c, node, "a string");
}

/// A sequence of items, or one scalar where FlagEmbedding takes `nargs='+'`.
template <class Item, class ReadItem>
std::optional<std::vector<Item>> read_list(const Context& c, const Written& node,
                                           ReadItem read_item) {
  std::vector<Item> items;
  bool ok = true;
  std::size_t bytes = 0;
  auto add = [&](const Written& item) {
    // Checked before the copy: aliases make a long list of one long scalar in a few lines.
    bytes += 8 + (item.is_scalar() ? item.scalar().size() : 0);
    if (bytes > limits::kMaxResolvedBytes) return;
    if (auto value = read_item(c, item)) {
      items.push_back(std::get<Item>(std::move(*value)));
    } else {
      ok = false;
    }
  };
  if (node.is_sequence()) {
    for (std::size_t i = 0; i < node.size() && bytes <= limits::kMaxResolvedBytes; ++i) {
      add(node.item(i));
    }
  } else {
    add(node);
  }
  if (bytes > limits::kMaxResolvedBytes) {
    c.diagnostics.error(c.at(node),
                        "'{}' expands to more than {} bytes, the limit on a resolved "
                        "configuration (through aliases?)",
                        c.key, limits::kMaxResolvedBytes);
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<Value> read_string_list(const Context& c, const Written& node) {
  auto items = read_list<std::string>(c, node, [](const Context& cc, const Written& item) {
    return item.is_scalar() ? check_choice(cc, item, std::string(item.scalar()))
                            : type_error(cc, item, "a string item");
  });
  if (!items) return std::nullopt;
  return Value(std::move(*items));
}

std::optional<Value> read_int_list(const Context& c, const Written& node) {
  auto items = read_list<std::int64_t>(c, node, read_int);
  if (!items) return std::nullopt;
  return Value(std::move(*items));
}

std::optional<Value> read_dict(const Context& c, const Written& node) {
  if (!node.is_map() || !node.yaml()) return type_error(c, node, "a mapping");
  auto json = yaml_to_json(*node.yaml(), c.file, c.origin, c.key, c.diagnostics);
  if (!json) return std::nullopt;
  return Value(std::move(*json));
}

/// `debug: "underflow_overflow tpu_metrics_debug"` names several choices in one string.
std::optional<Value> check_words(const Context& c, const Written& node, std::string text) {
  if (!c.field.choices.empty()) {
    std::size_t start = 0;
    while ((start = text.find_first_not_of(' ', start)) != std::string::npos) {
      const std::size_t end = std::min(text.find(' ', start), text.size());
      if (!check_choice(c, node, text.substr(start, end - start))) return std::nullopt;
      start = end;
    }
  }
  return Value(std::move(text));
}

bool is_variable_name(std::string_view name) {
  auto letter = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
  };
  return !name.empty() && letter(name[0]) && std::all_of(name.begin(), name.end(), [&](char ch) {
    return letter(ch) || (ch >= '0' && ch <= '9');
  });
}

/// `env: {WANDB_MODE: disabled, OMP_NUM_THREADS: 8}`: values are strings verbatim.
std::optional<Value> read_environment(const Context& c, const Written& node) {
  if (!node.is_map()) return type_error(c, node, "a mapping of environment variables");
  Json env = Json::object();
  bool ok = true;
  Diagnostics& diagnostics = c.diagnostics;
  struct Item {
    Written key, value;
  };
  std::vector<Item> items;
  if (const YamlNode* yaml = node.yaml()) {
    for (const auto& item : mapping_items(*yaml, c.file, c.key + ".", diagnostics, c.origin)) {
      items.push_back(Item{Written(item.key), Written(item.value)});
    }
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) {
      items.push_back(Item{node.item(2 * i), node.item(2 * i + 1)});
    }
  }
  for (const auto& item : items) {
    const std::string name =
        item.key.is_scalar() ? std::string(item.key.scalar()) : item.key.describe();
    if (!is_variable_name(name)) {
      diagnostics.error(c.at(item.key), "'{}' is not an environment variable name in '{}'",
                        excerpt(name), c.key);
      ok = false;
    } else if (!item.value.is_scalar()) {
      diagnostics.error(c.at(item.value), "expected a string for '{}.{}', got {}", c.key, name,
                        item.value.describe());
      ok = false;
    } else {
      env[name] = std::string(item.value.scalar());
    }
  }
  if (!ok) return std::nullopt;
  return Value(std::move(env));
}

std::optional<Value> read_by_kind(const Context& c, const Written& node) {
  switch (c.field.kind) {
    case Kind::Bool: return read_bool(c, node);
    case Kind::Int: return read_int(c, node);
    case Kind::Float: return read_float(c, node);
    case Kind::String: return read_string(c, node);
    case Kind::Strings: return read_string_list(c, node);
    case Kind::Ints: return read_int_list(c, node);
    case Kind::Mapping: return read_dict(c, node);
    case Kind::MappingOrString:
      if (node.is_scalar()) return Value(std::string(node.scalar()));
      if (node.is_map()) return read_dict(c, node);
      return type_error(c, node, "a mapping or a string");
    case Kind::StringOrStrings:
      if (node.is_scalar()) return check_words(c, node, std::string(node.scalar()));
      if (node.is_sequence()) return read_string_list(c, node);
      return type_error(c, node, "a string or a list of strings");
    case Kind::BoolOrText:
      // YAML 1.2 core rules: only true/false are bools, so `no` stays the string "no".
      if (node.is_scalar()) {
        if (node.is_plain()) {
          if (auto core = parse_core_scalar(node.scalar()); core && core->is_boolean()) {
            return Value(core->get<bool>());
          }
        }
        return Value(std::string(node.scalar()));
      }
      return type_error(c, node, "a bool or a string");
    case Kind::Environment: return read_environment(c, node);
  }
  return std::nullopt;
}

/// Whether a --set's text is one quoted string: `--set name='"x"'`.
bool fully_quoted(const std::string& text) {
  return text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
         text.back() == text.front();
}

/// A string field takes a --set's text verbatim (an instruction may hold ": " or end in a
/// space); `null` means None and a fully quoted text loses its quotes.
bool takes_set_text_verbatim(const FieldSpec& field, const std::string& text) {
  return field.kind == Kind::String && !fully_quoted(text);
}

/// The document a --set's text stands for, read as a YAML flow value (its root is the value).
std::optional<ParsedYaml> parse_set_text(const Context& c, const std::string& text) {
  ParsedYaml parsed = parse_yaml(text);
  if (parsed.error) {
    c.diagnostics.error(c.origin, "invalid YAML value for '{}': {}", c.key, parsed.error->message);
    return std::nullopt;
  }
  if (parsed.documents > 1) {
    c.diagnostics.error(c.origin, "expected one YAML value for '{}', found {} documents", c.key,
                        parsed.documents);
    return std::nullopt;
  }
  return parsed;
}

/// `--set data.train_data=a.jsonl,b.jsonl` is refused, not read as one path with a comma:
/// HfArgumentParser would take one such path too, but that is never what was meant, and a
/// sweep's `--grid` splits at the same commas. A path that holds a comma is quoted.
bool reads_as_one_item(const Context& c, const Written& node) {
  const Kind kind = c.field.kind;
  const bool list = kind == Kind::Strings || kind == Kind::Ints || kind == Kind::StringOrStrings;
  if (!list || !node.is_scalar() || !node.is_plain()) return true;
  const std::string_view text = node.scalar();
  if (text.find(',') == std::string_view::npos || has_template(text)) return true;
  auto& error = c.diagnostics.error(c.origin,
                                    "'{}' for '{}' holds a comma: a list is written "
                                    "in brackets",
                                    excerpt(text), c.key);
  error.notes.push_back(
      Note{Origin::none(), fmt::format("write --set '{}=[{}]' for several "
                                       "entries, or --set '{}=\"{}\"' for "
                                       "one that holds a comma",
                                       c.key, excerpt(text), c.key, excerpt(text))});
  return false;
}

}  // namespace

std::optional<Value> decode_entry(const FieldSpec& field, const Entry& entry,
                                  Diagnostics& diagnostics, bool keep_templates) {
  Context c{field, field.key(), entry.origin,
            entry.origin.kind == Origin::Kind::File ? entry.origin.loc.file : nullptr, diagnostics};
  std::optional<ParsedYaml> parsed;  // keeps a --set value's document alive
  Written node(YamlNode::of(entry));
  if (entry.set_text && takes_set_text_verbatim(field, *entry.set_text)) {
    const std::string& text = *entry.set_text;
    node = is_null_word(text) && !text.empty() ? Written(YamlNode()) : Written(text, false);
  } else if (entry.set_text) {
    parsed = parse_set_text(c, *entry.set_text);
    if (!parsed) return std::nullopt;
    node = Written(parsed->root());
    if (!reads_as_one_item(c, node)) return std::nullopt;
  } else if (entry.words && entry.words->shape == Words::Shape::One) {
    node = Written(entry.words->items.empty() ? std::string_view() : entry.words->items.front(),
                   entry.words->plain);
  } else if (entry.words) {
    node = Written(*entry.words);
  }
  if (entry.op == Op::Append) {
    if (field.kind == Kind::Strings) return read_string_list(c, node);
    if (field.kind == Kind::Ints) return read_int_list(c, node);
    diagnostics.error(c.origin, "cannot append to '{}': it is a {}, not a list", c.key,
                      kind_name(field.kind));
    return std::nullopt;
  }
  if (node.is_null()) {
    // A required field left empty (`model_name_or_path:`, as `expcfg init` writes it) is a
    // blank to fill: a later layer or --set may, and check_required judges the merged result.
    if (field.nullable || field.required) return Value(None{});
    diagnostics.error(c.at(node), "'{}' cannot be null", c.key)
        .notes.push_back(Note{c.at(node), fmt::format("use --unset {} (or leave the key out) for "
                                                      "its default",
                                                      c.key)});
    return std::nullopt;
  }
  if (keep_templates && node.is_scalar() && has_template(node.scalar())) {
    return Value(std::string(node.scalar()));
  }
  return read_by_kind(c, node);
}

}  // namespace expcfg
