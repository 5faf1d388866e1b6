#include "expcfg/schema.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace expcfg {

std::string_view section_name(Section section) {
  switch (section) {
    case Section::Model: return "model";
    case Section::Data: return "data";
    case Section::Training: return "training";
    case Section::Launch: return "launch";
  }
  return "?";
}

std::optional<Section> find_section(std::string_view name) {
  for (Section section : kSections) {
    if (section_name(section) == name) return section;
  }
  return std::nullopt;
}

std::string_view field_group(std::string_view field_name) {
  const std::size_t dot = field_name.find('.');
  return dot == std::string_view::npos ? std::string_view() : field_name.substr(0, dot);
}

bool is_field_group(Section section, std::string_view name) {
  static const std::vector<std::pair<Section, std::string_view>> groups = [] {
    std::vector<std::pair<Section, std::string_view>> all;
    for (const RunnerSchema* runner : all_runners()) {
      for (const FieldSpec& field : runner->fields) {
        const std::pair group{field.section, field_group(field.name)};
        if (!group.second.empty() && std::find(all.begin(), all.end(), group) == all.end()) {
          all.push_back(group);
        }
      }
    }
    return all;
  }();
  return std::find(groups.begin(), groups.end(), std::pair{section, name}) != groups.end();
}

std::string FieldSpec::key() const { return fmt::format("{}.{}", section_name(section), name); }

std::optional<std::size_t> RunnerSchema::find(Section section, std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].section == section && fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> RunnerSchema::find(std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

}  // namespace expcfg
