// One YAML file -> one Layer of entries with their source positions.

#include <algorithm>

#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"
#include "utf8.hpp"
#include "yaml_mapping.hpp"

namespace expcfg {
namespace {

constexpr std::string_view kTopLevelKeys[] = {"extends", "runner",   "model",
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

void read_extends(const YAML::Node& value, const FileName& file, ParsedFile& out,
                  Diagnostics& diagnostics) {
  auto add = [&](const YAML::Node& path) {
    if (path.IsScalar()) {
      out.extends.emplace_back(path.Scalar(), node_origin(file, path));
    } else {
      diagnostics.error(node_origin(file, path), "expected a file path in 'extends', got {}",
                        describe(path));
    }
  };
  if (value.IsSequence()) {
    for (const auto& path : value) add(path);
  } else {
    add(value);
  }
}

void read_section(Section section, const MapItem& item, const FileName& file, Layer& layer,
                  Diagnostics& diagnostics) {
  const std::string prefix = fmt::format("{}.", section_name(section));
  if (item.value.IsNull()) return;  // `training:` alone is an empty section
  if (!item.value.IsMap()) {
    diagnostics.error(node_origin(file, item.value),
                      "expected a mapping of fields for '{}', got {}", section_name(section),
                      describe(item.value));
    return;
  }
  for (const auto& field : mapping_items(item.value, file, prefix, diagnostics)) {
    if (!field.key.IsScalar()) {
      diagnostics.error(node_origin(file, field.key), "expected a field name in '{}', got {}",
                        section_name(section), describe(field.key));
      continue;
    }
    Entry entry;
    entry.section = std::string(section_name(section));
    entry.name = field.key.Scalar();
    // `train_data+: [...]` appends to the list the earlier layers built.
    if (entry.name.size() > 1 && entry.name.back() == '+') {
      entry.op = Op::Append;
      entry.name.pop_back();
    }
    entry.origin = node_origin(file, field.key);
    entry.node = field.value;
    layer.entries.push_back(std::move(entry));
  }
}

void report_unknown_top_level_key(const MapItem& item, const FileName& file,
                                  Diagnostics& diagnostics) {
  const std::string key = item.key.IsScalar() ? item.key.Scalar() : describe(item.key);
  auto& error =
      diagnostics.error(node_origin(file, item.key), "unknown top-level key '{}'", excerpt(key));
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
           "a layer file holds 'extends', 'runner', 'model', 'data', 'training' and "
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
  LoadedDocument loaded;
  try {
    loaded = load_document(text);
  } catch (const YAML::Exception& e) {
    const Origin where = Origin::file(SourceLoc{file_name, e.mark.line + 1, e.mark.column + 1});
    auto& error = diagnostics.error(where, "invalid YAML: {}", yaml_error_message(e));
    if (text.find("\n\t") != std::string::npos || text.starts_with('\t')) {
      error.notes.push_back(Note{where,
                                 "YAML indents with spaces; this file has a tab at the "
                                 "start of a line"});
    }
    return out;
  }
  if (loaded.documents > 1) {
    const YAML::Mark& second = loaded.second_document;
    diagnostics
        .error(Origin::file(SourceLoc{file_name, second.line + 1, second.column + 1}),
               "expected one YAML document, found {}", loaded.documents)
        .notes.push_back(Note{Origin::none(),
                              "each layer file holds one document; split the "
                              "others into files of their own"});
    return out;
  }
  // An empty or comment-only file is an empty layer.
  const YAML::Node& root = loaded.root;
  if (root.IsNull()) return out;
  if (!root.IsMap()) {
    diagnostics.error(node_origin(file_name, root),
                      "expected a mapping with 'model', 'data' and 'training' at the top level, "
                      "got {}",
                      describe(root));
    return out;
  }
  for (const auto& item : mapping_items(root, file_name, "", diagnostics)) {
    const std::string key = item.key.IsScalar() ? item.key.Scalar() : std::string();
    if (key == "extends") {
      read_extends(item.value, file_name, out, diagnostics);
    } else if (key == "runner") {
      if (item.value.IsScalar()) {
        out.layer.runner = RunnerChoice{item.value.Scalar(), node_origin(file_name, item.value)};
      } else {
        diagnostics.error(node_origin(file_name, item.value), "expected a runner name, got {}",
                          describe(item.value));
      }
    } else if (auto section = find_section(key)) {
      read_section(*section, item, file_name, out.layer, diagnostics);
    } else {
      report_unknown_top_level_key(item, file_name, diagnostics);
    }
  }
  return out;
}

}  // namespace expcfg
