// JSON Schema of the layer-file format, walked from the same field tables as loading.

#include "emit/json_schema.hpp"

#include <fmt/format.h>

namespace expcfg {
namespace {

/// What expcfg reads as text: a YAML 1.2 reader may have typed it a number or a bool.
Json any_scalar() { return Json{{"type", Json::array({"string", "number", "boolean"})}}; }

/// A string holding a `${...}` reference (`${training.per_device_train_batch_size}`,
/// `${env:SEED}`): any field may hold one, typed only once it is resolved.
Json template_string() {
  return Json{{"type", "string"},
              {"pattern", "\\$\\{[^}]*\\}"},
              {"description", "A ${...} reference, read by the field's type once resolved."}};
}

/// `typed`, or a `${...}` reference in its place.
Json or_template(Json typed) {
  return Json{{"anyOf", Json::array({std::move(typed), template_string()})}};
}

/// true/false, and the yes/no/on/off words a bool field also accepts (strings in YAML 1.2).
Json bool_schema() {
  return Json{
      {"anyOf", Json::array({Json{{"type", "boolean"}},
                             Json{{"enum", Json::array({"yes", "Yes", "YES", "no", "No", "NO", "on",
                                                        "On", "ON", "off", "Off", "OFF"})}}})}};
}

Json choices_enum(const FieldSpec& field) {
  Json choices = Json::array();
  for (std::string_view choice : field.choices) choices.push_back(std::string(choice));
  return Json{{"enum", std::move(choices)}};
}

/// One string naming several choices separated by spaces (`debug: "underflow_overflow
/// tpu_metrics_debug"`).
Json words_pattern(const FieldSpec& field) {
  std::string alternatives;
  for (std::string_view choice : field.choices) {
    if (!alternatives.empty()) alternatives += '|';
    alternatives += choice;
  }
  return Json{{"type", "string"}, {"pattern", fmt::format("^ *(({}) *)*$", alternatives)}};
}

Json list_of(Json item) {
  return Json{{"anyOf", Json::array({Json{{"type", "array"}, {"items", item}}, item})}};
}

/// The field's own type; where that is not free text, a `${...}` reference is allowed in its
/// place (and in a list's items), so `per_device_eval_batch_size: ${...}` is no editor error.
Json type_schema(const FieldSpec& field) {
  switch (field.kind) {
    case Kind::Bool: return or_template(bool_schema());
    case Kind::Int: return or_template(Json{{"type", "integer"}});
    case Kind::Float: return or_template(Json{{"type", "number"}});
    case Kind::String:
      return field.choices.empty() ? any_scalar() : or_template(choices_enum(field));
    // A string list's items may be references; an int list only as a whole.
    case Kind::Strings:
      return list_of(field.choices.empty() ? any_scalar() : or_template(choices_enum(field)));
    case Kind::Ints: return or_template(list_of(Json{{"type", "integer"}}));
    case Kind::Mapping: return or_template(Json{{"type", "object"}});
    case Kind::MappingOrString:
      return Json{{"anyOf", Json::array({Json{{"type", "object"}}, any_scalar()})}};
    case Kind::StringOrStrings:
      if (field.choices.empty()) {
        return Json{{"anyOf", Json::array({any_scalar(),
                                           Json{{"type", "array"}, {"items", any_scalar()}}})}};
      }
      return Json{{"anyOf", Json::array({words_pattern(field), template_string(),
                                         Json{{"type", "array"},
                                              {"items", or_template(choices_enum(field))}}})}};
    case Kind::BoolOrText:
      return Json{{"anyOf", Json::array({Json{{"type", "boolean"}}, any_scalar()})}};
    case Kind::Environment:
      return or_template(Json{{"type", "object"},
                              {"propertyNames", Json{{"pattern", "^[A-Za-z_][A-Za-z0-9_]*$"}}},
                              {"additionalProperties", any_scalar()}});
  }
  return Json::object();
}

bool is_list(const FieldSpec& field) {
  return field.kind == Kind::Strings || field.kind == Kind::Ints;
}

bool is_mapping(const FieldSpec& field) {
  return field.kind == Kind::Mapping || field.kind == Kind::MappingOrString ||
         field.kind == Kind::Environment;
}

Json section_object(Json properties) {
  return Json{{"type", Json::array({"object", "null"})},
              {"additionalProperties", false},
              {"properties", std::move(properties)}};
}

/// A section's properties for `fields`, in declaration order, plus `name+` append keys for
/// list fields and `name!` whole-replacement keys for mapping fields; a group's fields
/// (`slurm.partition`) nest in an object of their own (`slurm`). The first declaration of a
/// name wins (fields shared by runners are alike).
Json section_properties(const std::vector<const FieldSpec*>& fields) {
  Json properties = Json::object();
  for (const FieldSpec* field : fields) {
    const std::string_view group = field_group(field->name);
    if (!group.empty() && !properties.contains(group)) {
      properties[std::string(group)] = section_object(Json::object());
    }
    Json& place = group.empty() ? properties : properties[std::string(group)]["properties"];
    const std::string name(field->name.substr(group.empty() ? 0 : group.size() + 1));
    if (place.contains(name)) continue;
    place[name] = field_json_schema(*field);
    if (is_list(*field)) {
      Json append = type_schema(*field);
      append["description"] =
          fmt::format("Appends to '{}' the list the earlier layers built.", name);
      place[name + "+"] = std::move(append);
    }
    if (is_mapping(*field)) {
      Json replace = type_schema(*field);
      replace["description"] = fmt::format(
          "Replaces '{}' whole (written without '!', a mapping updates the earlier one key by "
          "key).",
          name);
      place[name + "!"] = std::move(replace);
    }
  }
  return properties;
}

/// model/data/training/launch objects for the fields of `runners`.
Json sections_of(const std::vector<const RunnerSchema*>& runners) {
  Json sections = Json::object();
  for (Section section : kSections) {
    std::vector<const FieldSpec*> fields;
    for (const RunnerSchema* runner : runners) {
      for (const FieldSpec& field : runner->fields) {
        if (field.section == section) fields.push_back(&field);
      }
    }
    sections[std::string(section_name(section))] = section_object(section_properties(fields));
  }
  return sections;
}

Json runner_names() {
  Json names = Json::array();
  for (const RunnerSchema* runner : all_runners()) names.push_back(std::string(runner->name));
  return names;
}

}  // namespace

Json field_json_schema(const FieldSpec& field) {
  Json schema = type_schema(field);
  if (field.nullable) {
    schema = Json{{"anyOf", Json::array({std::move(schema), Json{{"type", "null"}}})}};
  }
  if (!field.help.empty()) schema["description"] = std::string(field.help);
  const Json default_value = to_json(field.default_value);
  if (!field.required) schema["default"] = default_value;
  return schema;
}

Json json_schema(const RunnerSchema* runner, std::optional<Version> transformers) {
  // One release's fields, or (by default) every supported release's: a layer may target any.
  auto at_release = [&](const RunnerSchema* each) {
    return transformers ? &runner_for(*each, *transformers) : each;
  };
  if (runner) runner = at_release(runner);
  Json root = Json::object();
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["title"] = runner ? fmt::format("expcfg layer file ({})", runner->name)
                         : std::string("expcfg layer file (any runner)");
  root["description"] =
      "One layer of an expcfg configuration for FlagEmbedding fine-tuning: the team's defaults, "
      "an experiment or an override, merged in order.";
  root["type"] = "object";
  root["additionalProperties"] = false;
  Json properties = Json::object();
  properties["extends"] =
      Json{{"description", "Layer files to merge first, relative to this file (in order)."},
           {"anyOf", Json::array({Json{{"type", "string"}},
                                  Json{{"type", "array"}, {"items", Json{{"type", "string"}}}}})}};
  properties["use"] =
      Json{{"description",
            "Config group options to merge after 'extends' and before this file's own values: "
            "GROUP/OPTION names DIR/GROUP/OPTION.yaml on the search path (e.g. model/bge-m3)."},
           {"type", "array"},
           {"items",
            Json{{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]+/[A-Za-z0-9_][A-Za-z0-9_.-]*$"}}}};
  properties["runner"] =
      Json{{"description", "The FlagEmbedding runner whose arguments this is."},
           {"enum", runner ? Json::array({std::string(runner->name)}) : runner_names()}};
  std::vector<const RunnerSchema*> runners;
  if (runner) {
    runners.push_back(runner);
  } else {
    for (const RunnerSchema* each : all_runners()) runners.push_back(at_release(each));
  }
  const Json sections = sections_of(runners);
  for (const auto& [name, section] : sections.items()) properties[name] = section;
  root["properties"] = std::move(properties);
  if (runner) return root;

  // Any runner's fields where `runner` is not set; only its own names where it is (the
  // fields' schemas above are alike across runners).
  Json by_runner = Json::array();
  for (const RunnerSchema* each : all_runners()) {
    Json condition =
        Json{{"required", Json::array({"runner"})},
             {"properties", Json{{"runner", Json{{"const", std::string(each->name)}}}}}};
    Json own_names = Json::object();
    const Json own_sections = sections_of({at_release(each)});
    for (const auto& [name, section] : own_sections.items()) {
      Json names = Json::array();
      for (const auto& [field, ignored] : section["properties"].items()) names.push_back(field);
      own_names[name] = Json{{"propertyNames", Json{{"enum", std::move(names)}}}};
    }
    Json then = Json{{"properties", std::move(own_names)}};
    by_runner.push_back(Json{{"if", std::move(condition)}, {"then", std::move(then)}});
  }
  root["allOf"] = std::move(by_runner);
  return root;
}

}  // namespace expcfg
