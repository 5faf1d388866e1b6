#include "expcfg/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

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

namespace {

/// Where each field name sits in a runner's table, for find(): resolving looks fields up
/// hundreds of times per configuration (every entry, every struct member of the validators,
/// every retargeted field), and a scan of 200 fields each time was a third of a sweep's time.
struct NameIndex {
  const FieldSpec* fields = nullptr;  // the table it was built from
  std::size_t size = 0;
  std::unordered_map<std::string_view, std::size_t> at;
};

std::optional<std::size_t> scan(const RunnerSchema& runner, std::string_view field_name) {
  for (std::size_t i = 0; i < runner.fields.size(); ++i) {
    if (runner.fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

/// The index of `field_name`, as a scan finds it. Indexes are built per table on first use
/// and kept per thread (no lock). An index is never believed blindly: a hit is checked against
/// the table, a miss is confirmed by a scan (misses are rare: unknown keys), and either
/// disagreeing (another table now at that address) rebuilds it.
std::optional<std::size_t> indexed(const RunnerSchema& runner, std::string_view field_name) {
  thread_local std::unordered_map<const RunnerSchema*, NameIndex> indexes;
  thread_local const RunnerSchema* last_runner = nullptr;  // a resolution asks one table
  thread_local NameIndex* last_index = nullptr;
  if (last_runner != &runner) {
    last_runner = &runner;
    last_index = &indexes[&runner];  // unordered_map keeps its elements where they are
  }
  NameIndex& index = *last_index;
  auto rebuild = [&] {
    index.fields = runner.fields.data();
    index.size = runner.fields.size();
    index.at.clear();
    for (std::size_t i = 0; i < runner.fields.size(); ++i) {
      index.at.emplace(runner.fields[i].name, i);  // the first of a name, as a scan finds it
    }
  };
  if (index.fields != runner.fields.data() || index.size != runner.fields.size()) rebuild();
  if (auto found = index.at.find(field_name); found != index.at.end()) {
    const std::size_t i = found->second;
    if (i < runner.fields.size() && runner.fields[i].name == field_name) return i;
    rebuild();
    return scan(runner, field_name);
  }
  const auto scanned = scan(runner, field_name);
  if (scanned) rebuild();
  return scanned;
}

}  // namespace

std::optional<std::size_t> RunnerSchema::find(Section section, std::string_view field_name) const {
  // Names are unique across sections, so the name's field is the only candidate; a table that
  // repeats a name in two sections is scanned.
  const auto found = indexed(*this, field_name);
  if (!found || fields[*found].section == section) return found;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].section == section && fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> RunnerSchema::find(std::string_view field_name) const {
  return indexed(*this, field_name);
}

}  // namespace expcfg
