// A FlagEmbedding command line -> entries of one layer, read the way HfArgumentParser reads
// them, then merged like any layer.

#include "import/import.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/template_syntax.hpp"
#include "base/utf8.hpp"
#include "emit/argv.hpp"
#include "load/yaml_tree.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kModulePrefix = "FlagEmbedding.finetune.";

/// HfArgumentParser's string_to_bool.
std::optional<bool> bool_word(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view yes : {"yes", "true", "t", "y", "1"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"no", "false", "f", "n", "0"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

/// A script's word read by the field's type (as_string: verbatim, so a string field keeps it).
/// A literal `${` in it is escaped: bash already expanded what it would.
Words scalar(const std::string& text, bool as_string) {
  return Words{Words::Shape::One, {escape_template(text)}, !as_string};
}

/// Several words, a list's items.
Words list_document(const std::vector<std::string>& values, bool as_string) {
  Words words{Words::Shape::List, {}, !as_string};
  for (const auto& value : values) words.items.push_back(escape_template(value));
  return words;
}

/// An entry whose value is `words`.
Entry entry_of(std::string_view section, std::string_view name, const Origin& origin, Words words) {
  Entry entry;
  entry.section = std::string(section);
  entry.name = std::string(name);
  entry.origin = origin;
  entry.words = std::move(words);
  return entry;
}

/// An option and the values after it, up to the next option.
struct Option {
  std::string name;  ///< without dashes, '-' read as '_'
  std::vector<std::string> values;
  Origin origin;
  bool had_equals = false;
};

bool starts_option(const std::string& word) {
  // A word of dashes alone names no option.
  return argparse_reads_as_option(word) && word.find_first_not_of('-') != std::string::npos;
}

std::vector<Option> options_of(const std::vector<Word>& words, std::size_t begin, std::size_t end,
                               Diagnostics& warnings) {
  std::vector<Option> options;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& word = words[i].text;
    if (!starts_option(word)) {
      if (options.empty()) {
        warnings.warning(words[i].origin, "'{}' follows no option; left out", word);
      } else {
        options.back().values.push_back(word);
      }
      continue;
    }
    Option option;
    option.origin = words[i].origin;
    std::string name = word.substr(word.find_first_not_of('-'));
    if (auto equals = name.find('='); equals != std::string::npos) {
      option.values.push_back(name.substr(equals + 1));
      option.had_equals = true;
      name.resize(equals);
    }
    std::replace(name.begin(), name.end(), '-', '_');
    option.name = name;
    options.push_back(std::move(option));
  }
  return options;
}

/// The entry an option makes for `field`, or nullopt after reporting why it cannot.
std::optional<Entry> entry_for(const FieldSpec& field, const Option& option, bool negated,
                               Diagnostics& diagnostics) {
  auto entry = [&](Words words) -> std::optional<Entry> {
    return entry_of(section_name(field.section), field.name, option.origin, std::move(words));
  };
  const auto& values = option.values;
  auto wrong_count = [&](std::string_view expected) {
    diagnostics.error(option.origin, "--{} takes {}, got {} values", option.name, expected,
                      values.size());
    return std::nullopt;
  };
  switch (cli_form(field)) {
    case CliForm::Bool:
    case CliForm::BoolWord: {
      if (values.size() > 1) return wrong_count("at most one value");
      if (negated || values.empty()) {  // `--fp16` is true, `--no_x` false
        return entry(scalar(negated ? "false" : "true", false));
      }
      const auto flag = bool_word(values[0]);
      if (!flag) {
        diagnostics.error(option.origin, "--{} takes a bool (True or False), got '{}'", option.name,
                          values[0]);
        return std::nullopt;
      }
      return entry(scalar(*flag ? "true" : "false", false));
    }
    case CliForm::One:
    case CliForm::JsonValue:
      if (values.size() != 1) return wrong_count("one value");
      if (field.kind == Kind::MappingOrString && values[0].starts_with('{')) {
        // Inline JSON is YAML flow; if it does not parse, it is a path that starts with '{'.
        // It is read as a --set's text is, so its errors blame the option.
        const ParsedYaml parsed = parse_yaml(values[0]);
        if (!parsed.error && parsed.documents == 1 && parsed.document) {
          Entry json = entry_of(section_name(field.section), field.name, option.origin, {});
          json.words.reset();
          json.set_text = escape_template(values[0]);
          return json;
        }
      }
      return entry(scalar(values[0], field.kind == Kind::String ||
                                         field.kind == Kind::MappingOrString ||
                                         field.kind == Kind::StringOrStrings));
    case CliForm::Several:
      if (values.empty()) return wrong_count("one or more values");
      return entry(list_document(values, field.kind != Kind::Ints));
    case CliForm::Impossible: break;
  }
  diagnostics.error(option.origin, "--{} cannot be given on a command line", option.name);
  return std::nullopt;
}

/// The launcher's own options (torchrun or deepspeed) as entries of `launch`.
void add_launch_entries(const std::vector<Word>& words, std::size_t module_index, Layer& layer,
                        Diagnostics& warnings) {
  if (words.empty()) return;
  const std::string launcher = words[0].text;
  const bool deepspeed = launcher == "deepspeed";
  if (deepspeed || launcher.ends_with("torchrun")) {
    layer.entries.push_back(entry_of("launch", "launcher", words[0].origin,
                                     scalar(deepspeed ? "deepspeed" : "torchrun", true)));
  }
  const std::map<std::string, std::string> names = {{"nproc_per_node", "nproc_per_node"},
                                                    {"num_gpus", "nproc_per_node"},
                                                    {"nnodes", "nnodes"},
                                                    {"num_nodes", "nnodes"},
                                                    {"node_rank", "node_rank"},
                                                    {"master_addr", "master_addr"},
                                                    {"master_port", "master_port"}};
  // Words between the program and `-m MODULE`.
  const std::size_t end = module_index > 0 ? module_index - 1 : 0;
  for (const auto& option : options_of(words, 1, end, warnings)) {
    auto it = names.find(option.name);
    if (it == names.end() || option.values.size() != 1) {
      warnings.warning(option.origin, "launcher option --{} has no place in 'launch'; left out",
                       option.name);
      continue;
    }
    layer.entries.push_back(entry_of("launch", it->second, option.origin,
                                     scalar(option.values[0], it->second == "master_addr")));
  }
}

}  // namespace

ResolvedConfig import_command(const std::vector<Word>& words,
                              const std::optional<std::string>& runner_name, const EnvList& env,
                              Diagnostics& warnings, Diagnostics& diagnostics) {
  // Words need not be UTF-8 (a script's bytes, argv); configurations must be, without the
  // control characters YAML forbids.
  bool utf8 = true;
  for (const auto& word : words) {
    const auto bad = find_invalid_utf8(word.text);
    const auto control = bad ? std::nullopt : find_control_character(word.text);
    if (!bad && !control) continue;
    utf8 = false;
    const std::size_t at = bad ? *bad : control->offset;
    diagnostics.error(word.origin.kind == Origin::Kind::File ? word.origin : Origin::none(),
                      "{} in the word '{}...'", bad ? "invalid UTF-8" : "a control character",
                      excerpt(word.text.substr(0, at)));
  }
  for (const auto& [name, value] : env) {
    if (find_invalid_utf8(name) || find_invalid_utf8(value) || find_control_character(name) ||
        find_control_character(value)) {
      utf8 = false;
      diagnostics.error(Origin::none(),
                        "invalid UTF-8 or a control character in an exported variable");
    }
  }
  if (!utf8) return ResolvedConfig{};

  Layer layer;
  layer.name = "<import>";
  // `-m FlagEmbedding.finetune.<runner>` (torchrun, python) or `--module ...` (deepspeed).
  std::size_t args_begin = 0;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if ((words[i].text == "-m" || words[i].text == "--module") &&
        words[i + 1].text.starts_with(kModulePrefix)) {
      layer.runner =
          RunnerChoice{words[i + 1].text.substr(kModulePrefix.size()), words[i + 1].origin};
      add_launch_entries(words, i + 1, layer, warnings);
      args_begin = i + 2;
      break;
    }
  }
  if (runner_name)
    layer.runner = RunnerChoice{*runner_name, Origin::argument("--runner " + *runner_name)};
  const RunnerSchema* runner = layer.runner ? find_runner(layer.runner->name) : &default_runner();
  if (!runner) runner = &default_runner();  // merge_layers reports the unknown name

  for (const auto& option : options_of(words, args_begin, words.size(), warnings)) {
    std::string name = option.name;
    auto index = runner->find(name);
    bool negated = false;
    if (!index && name.starts_with("no_")) {  // `--no_normalize_embeddings`
      index = runner->find(name.substr(3));
      negated = index && runner->fields[*index].kind == Kind::Bool &&
                std::get<bool>(runner->fields[*index].default_value);
      if (!negated) index.reset();
    }
    if (!index || runner->fields[*index].section == Section::Launch) {
      warnings.warning(option.origin, "--{} is not an argument of {}; left out", name,
                       runner->name);
      continue;
    }
    if (auto entry = entry_for(runner->fields[*index], option, negated, diagnostics)) {
      layer.entries.push_back(std::move(*entry));
    }
  }
  if (!env.empty()) {
    Words map{Words::Shape::Pairs, {}, false};
    for (const auto& [name, value] : env) {
      map.items.push_back(name);
      map.items.push_back(escape_template(value));
    }
    layer.entries.push_back(entry_of("launch", "env", Origin::none(), std::move(map)));
  }
  std::vector<bool> written;
  ResolvedConfig config = merge_layers({layer}, written, diagnostics);
  validate(config, diagnostics);
  return config;
}

}  // namespace expcfg
