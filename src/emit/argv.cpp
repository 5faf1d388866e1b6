// Resolved values -> the argv FlagEmbedding's HfArgumentParser parses back to the same values.

#include "emit/argv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "expcfg/emit.hpp"

namespace expcfg {
namespace {

/// argparse reads floats with float(): "1e-05" and "0.1" both work; keep the dump's spelling.
/// A float member that the release reads with int() (warmup_steps before transformers 5) is
/// written as the whole number it holds (retargeting refused any other).
std::string scalar_text(const FieldSpec& field, const Value& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "True" : "False";
  if (const auto* real = std::get_if<double>(&value)) {
    if (field.cli_type == "int") return fmt::format("{}", static_cast<std::int64_t>(*real));
  }
  return value_text(value);
}

std::vector<std::string> words_of(const Value& value) {
  std::vector<std::string> words;
  if (const auto* strings = std::get_if<StringList>(&value)) return *strings;
  if (const auto* ints = std::get_if<IntList>(&value)) {
    for (auto n : *ints) words.push_back(fmt::format("{}", n));
    return words;
  }
  // `debug: "underflow_overflow tpu_metrics_debug"`: argparse wants the words apart.
  const std::string& text = std::get<std::string>(value);
  std::size_t start = 0;
  while ((start = text.find_first_not_of(' ', start)) != std::string::npos) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    words.push_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

}  // namespace

bool argparse_reads_as_option(std::string_view word) {
  if (word.size() < 2 || word[0] != '-') return false;
  std::string_view rest = word.substr(1);
  const std::size_t dot = rest.find('.');
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (dot == std::string_view::npos) return !digits(rest);
  return !(digits(rest.substr(0, dot)) && dot + 1 < rest.size() && digits(rest.substr(dot + 1)));
}

namespace {

/// `--name value`, or `--name=value` when the value would read as an option.
void push_option(std::vector<std::string>& argv, const std::string& option, std::string value) {
  if (argparse_reads_as_option(value)) {
    argv.push_back(option + "=" + value);
  } else {
    argv.push_back(option);
    argv.push_back(std::move(value));
  }
}

/// Whether leaving the option out gives this default: None, or an empty list or word string.
bool omitted_gives_default(const FieldSpec& field) {
  if (is_none(field.default_value)) return true;
  return cli_form(field) == CliForm::Several && words_of(field.default_value).empty();
}

std::string field_release(const ResolvedConfig& config) {
  return config.runner->transformers ? config.runner->transformers->text() : "this";
}

bool is_safe_shell_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-./:=+,@%").find(c) != std::string_view::npos;
}

/// Appends field `i`'s option and value(s), or reports why a command line cannot hold it.
void append_field(const ResolvedConfig& config, std::size_t i, std::vector<std::string>& argv,
                  Diagnostics& diagnostics) {
  const FieldSpec& field = config.runner->fields[i];
  const Value& value = config.values[i];
  const std::string option = fmt::format("--{}", field.name);
  auto cannot = [&](std::string_view why) {
    diagnostics.error(config.origin(i), "'{}' cannot be written on a command line: {}", field.key(),
                      why);
  };
  if (is_none(value)) {
    cannot(fmt::format("argparse has no None for it; leave it out for its default {}",
                       yaml_flow(field.default_value)));
    return;
  }
  switch (cli_form(field)) {
    case CliForm::Impossible:
      cannot(field.cli_type == "dict" && field.kind != Kind::Mapping
                 ? fmt::format("transformers {}'s HfArgumentParser types it 'dict', which takes no "
                               "command-line value (4.57.0 to 4.57.4; fixed in 4.57.5)",
                               field_release(config))
                 : std::string("argparse takes no value of its type (FlagEmbedding reads it only "
                               "from code)"));
      return;
    case CliForm::BoolWord:
      if (!std::holds_alternative<bool>(value)) {
        cannot("argparse reads it as a bool (True or False)");
        return;
      }
      [[fallthrough]];
    case CliForm::Bool:
    case CliForm::JsonValue: push_option(argv, option, scalar_text(field, value)); return;
    case CliForm::One:
      if (const auto* list = std::get_if<StringList>(&value)) {
        if (list->size() != 1) {
          cannot("argparse takes one value for it");
          return;
        }
        push_option(argv, option, list->front());
        return;
      }
      push_option(argv, option, scalar_text(field, value));
      return;
    case CliForm::Several: {
      const auto words = words_of(value);
      if (words.empty()) {
        cannot("argparse needs at least one value after the option (nargs='+')");
        return;
      }
      if (auto bad = std::find_if(words.begin(), words.end(), argparse_reads_as_option);
          bad != words.end()) {
        cannot(fmt::format("argparse would read the entry '{}' as an option", excerpt(*bad)));
        return;
      }
      argv.push_back(option);
      argv.insert(argv.end(), words.begin(), words.end());
      return;
    }
  }
}

}  // namespace

CliForm cli_form(const FieldSpec& field) {
  // The target release's parser, where it departs from what the kind implies.
  if (field.cli_type == "dict") return CliForm::Impossible;
  if (field.cli_nargs == "+") return CliForm::Several;
  switch (field.kind) {
    case Kind::Bool: return CliForm::Bool;
    case Kind::Int:
    case Kind::Float:
    case Kind::String: return CliForm::One;
    case Kind::Strings:
    case Kind::Ints: return CliForm::Several;
    case Kind::Mapping: return CliForm::Impossible;
    case Kind::MappingOrString: return CliForm::JsonValue;
    // `debug` (words from a choice list) is nargs='+'; report_to and the like take one value.
    case Kind::StringOrStrings: return field.choices.empty() ? CliForm::One : CliForm::Several;
    // include_num_input_tokens_seen goes through string_to_bool; the Optional
    // trackio_static_space_id is a plain string option.
    case Kind::BoolOrText: return field.nullable ? CliForm::One : CliForm::BoolWord;
    case Kind::Environment: break;  // launch.env is for the launcher, not the runner
  }
  return CliForm::Impossible;
}

std::vector<std::string> to_argv(const ResolvedConfig& config, const ArgvOptions& options,
                                 Diagnostics& diagnostics) {
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    const FieldSpec& field = config.runner->fields[i];
    if (field.section == Section::Launch) continue;  // for `expcfg launch`, not the runner
    const bool is_default = config.values[i] == field.default_value;
    if (is_default && !options.all) continue;
    // Leaving a field out gives its default: nothing to write for a default None (or the
    // empty default of a list or of debug), even with --all.
    if (is_default && omitted_gives_default(field)) continue;
    if (is_default) {
      // --all writes the defaults a command line can hold and passes over the others
      // (include_num_input_tokens_seen's "no" is argparse's own default, False).
      Diagnostics not_writable;
      std::vector<std::string> words;
      append_field(config, i, words, not_writable);
      if (not_writable.empty()) argv.insert(argv.end(), words.begin(), words.end());
      continue;
    }
    append_field(config, i, argv, diagnostics);
  }
  return argv;
}

/// bash's $'...' quoting, which spells control characters as escapes, so that a value with
/// a newline still fits on one line.
std::string ansi_c_quote(std::string_view word) {
  std::string out = "$'";
  for (char c : word) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

std::string shell_quote(std::string_view word) {
  if (!word.empty() && std::all_of(word.begin(), word.end(), is_safe_shell_char)) {
    return std::string(word);
  }
  const bool has_control = std::any_of(word.begin(), word.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (has_control) return ansi_c_quote(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";  // close, an escaped quote, reopen
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string shell_join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += ' ';
    out += shell_quote(word);
  }
  return out;
}

}  // namespace expcfg
