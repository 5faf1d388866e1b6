// A FlagEmbedding command line -> entries of one layer, read the way HfArgumentParser reads
// them, then merged like any layer.

#include "import/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/template_syntax.hpp"
#include "base/utf8.hpp"
#include "emit/argv.hpp"
#include "import/launch_words.hpp"
#include "load/yaml_core.hpp"
#include "load/yaml_tree.hpp"
#include "schema/schema_history.hpp"

namespace expcfg {
namespace {

/// A script's word read by the field's type (as_string: verbatim, so a string field keeps it).
/// `text` is already in template syntax (a script's `$HOME` is `${env:HOME}`).
Words scalar(const std::string& text, bool as_string) {
  return Words{Words::Shape::One, {text}, !as_string};
}

/// Several words, a list's items (template syntax).
Words list_document(const std::vector<std::string>& values, bool as_string) {
  return Words{Words::Shape::List, values, !as_string};
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
        warnings.warning(words[i].origin, "'{}' follows no option; left out", excerpt(word));
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
      // A reference (`${env:FP16,True}`) is read by the field's type when it is resolved.
      if (has_template(values[0])) return entry(scalar(values[0], false));
      const auto flag = parse_text_bool(values[0]);
      if (!flag) {
        diagnostics.error(option.origin, "--{} takes a bool (True or False), got '{}'", option.name,
                          excerpt(values[0]));
        return std::nullopt;
      }
      return entry(scalar(*flag ? "true" : "false", false));
    }
    case CliForm::One:
    case CliForm::JsonValue:
      if (values.size() != 1) return wrong_count("one value");
      if (field.kind == Kind::MappingOrString && values[0].starts_with('{')) {
        // Inline JSON is YAML flow; if it does not parse, it is a path that starts with '{'.
        // It is read as a --set's text is (template syntax already), so its errors blame the
        // option: its positions are within the word, not the script.
        const ParsedYaml parsed = parse_yaml(values[0]);
        if (!parsed.error && parsed.documents == 1 && parsed.document) {
          Entry json = entry_of(section_name(field.section), field.name, option.origin, {});
          json.words.reset();
          json.set_text = values[0];
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

/// A launcher option: its name (dashes as underscores) and where it goes in `launch`.
struct LauncherOption {
  std::string_view name;
  std::string_view field;  ///< empty: no place in `launch` (reported)
  bool takes_value = true;
};

// torchrun (and python -m torch.distributed.run/launch), deepspeed and accelerate launch: the
// options with a place in `launch`, and the flags that take no value.
constexpr LauncherOption kTorchrunOptions[] = {
    {"nproc_per_node", "nproc_per_node"},
    {"nnodes", "nnodes"},
    {"node_rank", "node_rank"},
    {"master_addr", "master_addr"},
    {"master_port", "master_port"},
    {"standalone", "", false},
    {"use_env", "", false},
    {"no_python", "", false},
    {"run_path", "", false},
    {"module", "", false},
};
constexpr LauncherOption kDeepspeedOptions[] = {
    {"num_gpus", "nproc_per_node"}, {"num_nodes", "nnodes"},
    {"node_rank", "node_rank"},     {"master_addr", "master_addr"},
    {"master_port", "master_port"}, {"no_python", "", false},
    {"no_local_rank", "", false},   {"autotuning", ""},
    {"force_multi", "", false},
};
constexpr LauncherOption kAccelerateOptions[] = {
    {"num_processes", "nproc_per_node"},
    {"num_machines", "nnodes"},
    {"machine_rank", "node_rank"},
    {"main_process_ip", "master_addr"},
    {"main_process_port", "master_port"},
    {"multi_gpu", "", false},
    {"use_deepspeed", "", false},
    {"use_fsdp", "", false},
    {"cpu", "", false},
    {"no_python", "", false},
};

std::span<const LauncherOption> launcher_options(std::string_view launcher) {
  if (launcher == "deepspeed") return kDeepspeedOptions;
  if (launcher == "accelerate") return kAccelerateOptions;
  return kTorchrunOptions;
}

/// The launcher's own options as entries of `launch`; what has no place there is reported.
void add_launch_entries(const std::vector<Word>& words, const LaunchLine& line, Layer& layer,
                        Diagnostics& warnings) {
  const Origin& at = words[0].origin;
  if (line.launcher == "deepspeed") {
    layer.entries.push_back(entry_of("launch", "launcher", at, scalar("deepspeed", true)));
  } else if (line.launcher == "accelerate") {
    warnings.warning(at,
                     "'accelerate launch' is written as launch.launcher: torchrun, which "
                     "starts the same processes (accelerate's own settings are left out)");
  } else if (line.launcher == "python") {
    warnings.warning(at,
                     "a plain 'python -m' run is one process: launch.launcher torchrun with "
                     "nproc_per_node 1 starts the same");
  }
  const auto known = launcher_options(line.launcher);
  std::optional<std::string> processes;  // accelerate's num_processes counts every machine
  std::optional<std::string> machines;
  Origin processes_origin;
  for (std::size_t i = line.options_begin; i < line.options_end; ++i) {
    const std::string& word = words[i].text;
    if (!word.starts_with("-") || word.find_first_not_of('-') == std::string::npos) {
      warnings.warning(words[i].origin, "'{}' follows no launcher option; left out", excerpt(word));
      continue;
    }
    std::string name = word.substr(word.find_first_not_of('-'));
    std::optional<std::string> value;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    std::replace(name.begin(), name.end(), '-', '_');
    const auto it = std::find_if(known.begin(), known.end(),
                                 [&](const LauncherOption& o) { return o.name == name; });
    const bool takes_value = it == known.end() ? !value && i + 1 < line.options_end &&
                                                     !words[i + 1].text.starts_with("-")
                                               : it->takes_value;
    if (!value && takes_value && it != known.end() && i + 1 < line.options_end) {
      value = words[++i].text;
    } else if (!value && takes_value && it == known.end()) {
      value = words[++i].text;
    }
    if (it == known.end() || it->field.empty()) {
      std::string why;
      if (name == "hostfile") {
        why =
            ": expcfg launch starts deepspeed without a hostfile (give launch.nnodes, "
            "node_rank and master_addr)";
      } else if (name == "rdzv_endpoint" || name == "rdzv_backend" || name == "rdzv_id") {
        why =
            ": expcfg launch uses torchrun's static rendezvous (launch.master_addr and "
            "master_port)";
      }
      warnings.warning(words[i].origin, "launcher option --{} has no place in 'launch'; left out{}",
                       name, why);
      continue;
    }
    if (!value) continue;
    if (line.launcher == "accelerate" && it->field == "nproc_per_node") {
      processes = *value;
      processes_origin = words[i].origin;
      continue;
    }
    if (line.launcher == "accelerate" && it->field == "nnodes") machines = *value;
    if (it->field == "nproc_per_node" && (*value == "gpu" || *value == "auto" || *value == "cpu")) {
      warnings.warning(words[i].origin,
                       "--{} {} (one process per device) has no place in 'launch', which takes a "
                       "number: write launch.nproc_per_node",
                       name, *value);
      continue;
    }
    layer.entries.push_back(
        entry_of("launch", it->field, words[i].origin, scalar(*value, it->field == "master_addr")));
  }
  if (processes) {
    // accelerate counts processes over all machines; torchrun per node.
    std::string per_node = *processes;
    if (machines && *machines != "1") {
      std::int64_t total = 0;
      std::int64_t nodes = 0;
      try {
        std::size_t used = 0;
        total = std::stoll(*processes, &used);
        if (used != processes->size()) total = 0;
        nodes = std::stoll(*machines, &used);
        if (used != machines->size()) nodes = 0;
      } catch (const std::exception&) {
      }
      if (total > 0 && nodes > 0 && total % nodes == 0) {
        per_node = std::to_string(total / nodes);
      } else {
        warnings.warning(processes_origin,
                         "--num_processes {} over --num_machines {}: launch.nproc_per_node is "
                         "per node; write it",
                         *processes, *machines);
        return;
      }
    }
    layer.entries.push_back(
        entry_of("launch", "nproc_per_node", processes_origin, scalar(per_node, false)));
  }
}

const FlagRename* flag_rename(const RunnerSchema& runner, std::string_view flag) {
  const std::string_view family = runner.name.starts_with("embedder") ? "embedder" : "reranker";
  for (const FlagRename& rename : flag_renames()) {
    if (rename.family == family && rename.flag == flag) return &rename;
  }
  return nullptr;
}

/// Whether a value needs the run's environment to be known: a `${fill:...}`, or `${env:NAME}`
/// without a default.
bool known_only_at_run_time(std::string_view text) {
  if (!has_template(text)) return false;
  std::string error;
  auto pieces = parse_template(text, error);
  if (!pieces) return true;
  return std::any_of(pieces->begin(), pieces->end(), [](const TemplatePiece& piece) {
    return piece.reference && piece.reference->environment && !piece.reference->fallback;
  });
}

/// An entry kept out of the merge because only the run knows its value, and its value as
/// written.
struct Deferred {
  std::string key;
  Value written;
};

/// The scalars of a document, as written (depth-bounded: documents may be graphs).
void collect_scalars(const YamlNode& node, std::vector<std::string>& out, int depth = 0) {
  if (depth > 64 || out.size() > 100'000) return;
  if (node.is_scalar()) {
    out.emplace_back(node.scalar());
    return;
  }
  if (node.is_sequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) collect_scalars(node.item(i), out, depth + 1);
  } else if (node.is_map()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      collect_scalars(node.key(i), out, depth + 1);
      collect_scalars(node.value(i), out, depth + 1);
    }
  }
}

/// The texts of an entry's value, and its shape when each is a plain item of it (none: a
/// nested mapping, whose references are reported where it is merged).
struct EntryTexts {
  std::vector<std::string> texts;
  std::optional<Words::Shape> flat;
};

EntryTexts texts_of(const Entry& entry) {
  EntryTexts out;
  if (entry.words) {
    out.texts = entry.words->items;
    out.flat = entry.words->shape;
    return out;
  }
  if (!entry.set_text) return out;
  const ParsedYaml parsed = parse_yaml(*entry.set_text);  // an inline JSON option
  const YamlNode root = parsed.root();
  collect_scalars(root, out.texts);
  if (root.is_scalar()) out.flat = Words::Shape::One;
  if (root.is_sequence() && out.texts.size() == root.size()) out.flat = Words::Shape::List;
  if (root.is_map() && out.texts.size() == 2 * root.size()) out.flat = Words::Shape::Pairs;
  return out;
}

}  // namespace

ResolvedConfig import_command(const std::vector<Word>& given_words,
                              const std::optional<std::string>& runner_name, const EnvList& env,
                              Diagnostics& warnings, Diagnostics& diagnostics,
                              const std::optional<std::string>& transformers) {
  // Words need not be UTF-8 (a script's bytes, argv); configurations must be, without the
  // control characters YAML forbids.
  bool utf8 = true;
  for (const auto& word : given_words) {
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
  // From here on every word is in template syntax: a command line's `${` is literal.
  std::vector<Word> words = given_words;
  for (auto& word : words) {
    if (!word.is_template) word.text = escape_template(word.text);
  }

  Layer layer;
  layer.name = "<import>";
  std::size_t args_begin = 0;
  const auto line = find_launch_line(words);
  if (line) {
    const Word& module = words[line->module];
    if (line->runner.empty()) {
      auto& error = diagnostics.error(module.origin, "'{}' is no FlagEmbedding fine-tuning module",
                                      excerpt(module.text));
      std::string names;
      for (const ModuleRename& rename : module_renames()) {
        names += fmt::format("{}{}", names.empty() ? "" : ", ", rename.module);
      }
      error.notes.push_back(
          Note{module.origin, fmt::format("expected FlagEmbedding.finetune.<runner>, or a "
                                          "module of FlagEmbedding 1.2: {}",
                                          names)});
      return ResolvedConfig{};
    }
    layer.runner = RunnerChoice{line->runner, module.origin};
    if (line->renamed) {
      warnings.warning(module.origin,
                       "'{}' is FlagEmbedding 1.2's module for the runner {} (renamed in "
                       "FlagEmbedding {}): written as runner {}, its flags by their current names",
                       module.text, line->runner, line->renamed->renamed_in, line->runner);
    }
    add_launch_entries(words, *line, layer, warnings);
    args_begin = line->module + 1;
  }
  if (runner_name)
    layer.runner = RunnerChoice{*runner_name, Origin::argument("--runner " + *runner_name)};
  const RunnerSchema* runner = layer.runner ? find_runner(layer.runner->name) : &default_runner();
  if (!runner) runner = &default_runner();  // merge_layers reports the unknown name
  const Version target = transformers ? parse_version(*transformers).value_or(kDefaultTransformers)
                                      : kDefaultTransformers;

  std::set<std::string> reported;  // flags reported once each
  for (const auto& option : options_of(words, args_begin, words.size(), warnings)) {
    std::string name = option.name;
    if (line && line->renamed) {
      if (const FlagRename* rename = flag_rename(*runner, name)) {
        if (rename->replacement.empty()) {
          if (reported.insert(name).second) {
            warnings
                .warning(option.origin,
                         "--{} of FlagEmbedding 1.2 has no counterpart since FlagEmbedding {}; "
                         "left out",
                         name, rename->renamed_in)
                .notes.push_back(Note{option.origin, std::string(rename->note)});
          }
          continue;
        }
        if (reported.insert(name).second) {
          warnings.warning(option.origin,
                           "--{} of FlagEmbedding 1.2 is --{} since FlagEmbedding {}", name,
                           rename->replacement, rename->renamed_in);
        }
        name = std::string(rename->replacement);
      }
    }
    auto index = runner->find(name);
    bool negated = false;
    if (!index && name.starts_with("no_")) {  // `--no_normalize_embeddings`
      index = runner->find(name.substr(3));
      negated = index && runner->fields[*index].kind == Kind::Bool &&
                std::get<bool>(runner->fields[*index].default_value);
      if (!negated) index.reset();
    }
    if (!index || runner->fields[*index].section == Section::Launch) {
      if (reported.insert(name).second) {
        auto& warning = warnings.warning(option.origin, "--{} is not an argument of {}; left out",
                                         name, runner->name);
        if (const FlagRename* rename = flag_rename(*runner, name)) {
          warning.notes.push_back(
              Note{option.origin,
                   rename->replacement.empty()
                       ? fmt::format("--{} is FlagEmbedding 1.2's, gone in {}: {}", name,
                                     rename->renamed_in, rename->note)
                       : fmt::format("--{} is FlagEmbedding 1.2's spelling of --{} (renamed in {})",
                                     name, rename->replacement, rename->renamed_in)});
        }
      }
      continue;
    }
    const FieldSpec& field = runner->fields[*index];
    // A flag the target release removed with nothing to translate it to (overwrite_output_dir on
    // transformers 5) is what the script's runs ignore there: left out, with a note.
    if (field.section == Section::Training) {
      if (auto era = era_at(field.name, target);
          era && !era->present && !replacement_of(field.name)) {
        if (reported.insert(name).second) {
          warnings.warning(option.origin,
                           "--{} does not exist in transformers {}, the target: left out", name,
                           target.text());
        }
        continue;
      }
    }
    if (auto entry = entry_for(field, option, negated, diagnostics)) {
      layer.entries.push_back(std::move(*entry));
    }
  }
  if (!env.empty()) {
    Words map{Words::Shape::Pairs, {}, false};
    for (const auto& [name, value] : env) {
      map.items.push_back(name);
      map.items.push_back(value);
    }
    layer.entries.push_back(entry_of("launch", "env", Origin::none(), std::move(map)));
  }
  if (transformers) {
    layer.entries.push_back(entry_of("launch", "transformers",
                                     Origin::argument("--transformers " + *transformers),
                                     scalar(*transformers, true)));
  }

  // Values only the run knows (`${env:NAME}` without a default, `${fill:...}`) cannot be
  // resolved here: they are kept as written, and checked when the file is used.
  std::vector<Deferred> deferred;
  std::vector<Entry> merged;
  for (auto& entry : layer.entries) {
    const EntryTexts value = texts_of(entry);
    const auto& texts = value.texts;
    if (!std::any_of(texts.begin(), texts.end(), known_only_at_run_time)) {
      merged.push_back(std::move(entry));
      continue;
    }
    if (!value.flat) {  // a nested mapping: merged, and its references reported there
      merged.push_back(std::move(entry));
      continue;
    }
    Value written;
    if (*value.flat == Words::Shape::One) {
      written = texts[0];
    } else if (*value.flat == Words::Shape::List) {
      written = StringList(texts.begin(), texts.end());
    } else {
      Json object = Json::object();
      for (std::size_t i = 0; i + 1 < texts.size(); i += 2) object[texts[i]] = texts[i + 1];
      written = std::move(object);
    }
    // A text field takes the template as literal text meanwhile, for the checks on the whole
    // (`nnodes: 2` needs a master_addr).
    const auto section = find_section(entry.section);
    const auto index = section ? runner->find(*section, entry.name) : std::nullopt;
    if (index && runner->fields[*index].kind == Kind::String && *value.flat == Words::Shape::One) {
      merged.push_back(entry_of(entry.section, entry.name, entry.origin,
                                scalar(escape_template(texts[0]), true)));
    }
    deferred.push_back(Deferred{entry.section + "." + entry.name, std::move(written)});
  }
  layer.entries = std::move(merged);

  ResolveOptions options;
  options.environment = [](const std::string&) { return std::optional<std::string>(); };
  std::vector<bool> written;
  ResolvedConfig config = merge_layers({layer}, written, diagnostics, options);
  validate(config, diagnostics);
  for (auto& item : deferred) {
    const auto index = config.index(item.key);
    if (!index) {
      warnings.warning(
          Origin::none(),
          "'{}' is known only when the run starts and does not exist in "
          "transformers {}: left out",
          item.key,
          config.runner->transformers ? config.runner->transformers->text() : target.text());
      continue;
    }
    config.interpolations[*index] = Interpolation{std::move(item.written), {}, false, false, false};
  }
  for (const auto& [index, how] : config.translations) {
    warnings.warning(
        config.origin(index), "translated for transformers {}: '{}' ({})",
        config.runner->transformers ? config.runner->transformers->text() : target.text(),
        config.runner->fields[index].key(), how);
  }
  return config;
}

}  // namespace expcfg
