#include "expcfg/schema.hpp"

#include <fmt/format.h>

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
