// One YAML file -> one Layer of entries with their source positions.

#include <algorithm>
#include <map>

#include "base/utf8.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"
#include "load/yaml_mapping.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kTopLevelKeys[] = {"extends", "use",      "runner", "model",
                                              "data",    "training", "launch"};

/// Line and column (1-based) of a byte offset.
Origin offset_origin(const FileName& file, std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t line_start = before.rfind('\n');
  const auto column =
      static_cast<int>(line_start == std::string_view::npos ? offset : offset - line_start - 1) + 1;
  return Origin::file(SourceLoc{file, line, column});
}

/// `extends: a.yaml` or `extends: [a.yaml, b.yaml]`; `use: [model/bge-m3, cluster/a100]`.
void read_names(const YamlNode& value, const FileName& file, std::string_view key,
                std::string_view what, std::vector<std::pair<std::string, Origin>>& out,
                Diagnostics& diagnostics) {
  auto add = [&](const YamlNode& path) {
    if (path.is_scalar()) {
      out.emplace_back(path.scalar(), path.origin(file));
    } else {
      diagnostics.error(path.origin(file), "expected {} in '{}', got {}", what, key,
                        describe(path));
    }
  };
  if (value.is_sequence()) {
    for (std::size_t i = 0; i < value.size(); ++i) add(value.item(i));
  } else {
    add(value);
  }
}

/// Reads the fields of a section, or of a group in it (`launch: {slurm: {...}}`, whose entries
/// are named `slurm.partition`, ...); `group` is empty for the section itself.
/// `written` holds the names the section's entries have so far, to report one field written
/// twice in two spellings (`slurm: {partition: a}` and `slurm.partition: b`); the same spelling
/// twice is reported by the mapping itself.
void read_fields(Section section, const std::string& group, const YamlNode& fields,
                 const FileName& file, const std::shared_ptr<const YamlDocument>& document,
                 Layer& layer, std::map<std::string, Origin>& written, Diagnostics& diagnostics) {
  const std::string where = group.empty() ? std::string(section_name(section))
                                          : fmt::format("{}.{}", section_name(section), group);
  if (fields.is_null()) return;  // `training:` alone is an empty section
  if (!fields.is_map()) {
    diagnostics.error(fields.origin(file), "expected a mapping of fields for '{}', got {}", where,
                      describe(fields));
    return;
  }
  for (const auto& field : mapping_items(fields, file, where + ".", diagnostics)) {
    if (!field.key.is_scalar()) {
      diagnostics.error(field.key.origin(file), "expected a field name in '{}', got {}", where,
                        describe(field.key));
      continue;
    }
    if (group.empty() && is_field_group(section, field.key.scalar())) {
      read_fields(section, std::string(field.key.scalar()), field.value, file, document, layer,
                  written, diagnostics);
      continue;
    }
    Entry entry;
    entry.section = std::string(section_name(section));
    entry.name = group.empty() ? std::string(field.key.scalar())
                               : fmt::format("{}.{}", group, field.key.scalar());
    // `train_data+: [...]` appends to the list the earlier layers built; `env!: {...}`
    // replaces a mapping whole instead of updating it key by key.
    if (entry.name.size() > 1 && (entry.name.back() == '+' || entry.name.back() == '!')) {
      entry.op = entry.name.back() == '+' ? Op::Append : Op::Replace;
      entry.name.pop_back();
    }
    entry.origin = field.key.origin(file);
    std::string spelled = entry.name;
    if (entry.op != Op::Set) spelled += entry.op == Op::Append ? '+' : '!';
    if (auto [first, inserted] = written.emplace(spelled, entry.origin); !inserted) {
      diagnostics
          .error(entry.origin, "duplicate key '{}.{}'", section_name(section), excerpt(spelled))
          .notes.push_back(Note{first->second, "first written here"});
      continue;
    }
    entry.document = document;
    entry.node = field.value.index();
    layer.entries.push_back(std::move(entry));
  }
}

void report_unknown_top_level_key(const MapItem& item, const FileName& file,
                                  Diagnostics& diagnostics) {
  const std::string key =
      item.key.is_scalar() ? std::string(item.key.scalar()) : describe(item.key);
  auto& error =
      diagnostics.error(item.key.origin(file), "unknown top-level key '{}'", excerpt(key));
  for (const RunnerSchema* runner : all_runners()) {
    if (auto index = runner->find(key)) {
      const FieldSpec& field = runner->fields[*index];
      error.notes.push_back(Note{error.origin, fmt::format("'{}' is a field: write it under '{}:'",
                                                           key, section_name(field.section))});
      return;
    }
  }
  suggest(error, key, {std::begin(kTopLevelKeys), std::end(kTopLevelKeys)});
  error.notes.push_back(
      Note{error.origin,
           "a layer file holds 'extends', 'use', 'runner', 'model', 'data', 'training' and "
           "'launch'"});
}

}  // namespace

ParsedFile parse_layer(const std::string& text, FileName file_name, Diagnostics& diagnostics) {
  ParsedFile out;
  out.layer.name = *file_name;
  if (auto bad = find_invalid_utf8(text)) {
    diagnostics.error(offset_origin(file_name, text, *bad), "invalid UTF-8");
    return out;
  }
  if (auto control = find_control_character(text)) {
    diagnostics.error(offset_origin(file_name, text, control->offset),
                      "control character U+{:04X} is not allowed in YAML (is this a binary file?)",
                      control->code_point);
    return out;
  }
  const ParsedYaml parsed = parse_yaml(text);
  if (parsed.error) {
    const Origin where =
        Origin::file(SourceLoc{file_name, parsed.error->line, parsed.error->column});
    auto& error = diagnostics.error(where, "invalid YAML: {}", parsed.error->message);
    if (const auto& gave_up = parsed.error->gave_up) {
      error.notes.push_back(
          Note{Origin::file(SourceLoc{file_name, gave_up->line, gave_up->column}), gave_up->note});
    }
    if (text.find("\n\t") != std::string::npos || text.starts_with('\t')) {
      error.notes.push_back(Note{where,
                                 "YAML indents with spaces; this file has a tab at the "
                                 "start of a line"});
    }
    return out;
  }
  if (parsed.documents > 1) {
    diagnostics
        .error(Origin::file(SourceLoc{file_name, parsed.second_line, parsed.second_column}),
               "expected one YAML document, found {}", parsed.documents)
        .notes.push_back(Note{Origin::none(),
                              "each layer file holds one document; split the "
                              "others into files of their own"});
    return out;
  }
  // An empty or comment-only file is an empty layer.
  const YamlNode root = parsed.root();
  if (root.is_null()) return out;
  if (!root.is_map()) {
    diagnostics.error(root.origin(file_name),
                      "expected a mapping with 'model', 'data' and 'training' at the top level, "
                      "got {}",
                      describe(root));
    return out;
  }
  for (const auto& item : mapping_items(root, file_name, "", diagnostics)) {
    const std::string key = item.key.is_scalar() ? std::string(item.key.scalar()) : std::string();
    if (key == "extends") {
      read_names(item.value, file_name, key, "a file path", out.extends, diagnostics);
    } else if (key == "use") {
      read_names(item.value, file_name, key, "GROUP/OPTION", out.uses, diagnostics);
    } else if (key == "runner") {
      if (item.value.is_scalar()) {
        out.layer.runner =
            RunnerChoice{std::string(item.value.scalar()), item.value.origin(file_name)};
      } else {
        diagnostics.error(item.value.origin(file_name), "expected a runner name, got {}",
                          describe(item.value));
      }
    } else if (auto section = find_section(key)) {
      std::map<std::string, Origin> written;
      read_fields(*section, "", item.value, file_name, parsed.document, out.layer, written,
                  diagnostics);
    } else {
      report_unknown_top_level_key(item, file_name, diagnostics);
    }
  }
  return out;
}

}  // namespace expcfg
