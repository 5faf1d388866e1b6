#include "load/yaml_mapping.hpp"

#include <map>

#include "base/limits.hpp"

namespace expcfg {

namespace {

bool all_maps(const YamlNode& sequence) {
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    if (!sequence.item(i).is_map()) return false;
  }
  return true;
}

bool is_merge_key(const YamlNode& key) {
  return key.is_scalar() && key.is_plain() && key.scalar() == "<<";
}

}  // namespace

namespace {

std::vector<MapItem> items_of(const YamlNode& mapping, const FileName& file,
                              std::string_view key_prefix, MergeBudget& budget, std::size_t depth,
                              Diagnostics& diagnostics, const Origin& fallback);

}  // namespace

std::vector<MapItem> mapping_items(const YamlNode& mapping, const FileName& file,
                                   std::string_view key_prefix, Diagnostics& diagnostics,
                                   const Origin& fallback, MergeBudget* shared_budget) {
  MergeBudget own_budget;
  MergeBudget& budget = shared_budget ? *shared_budget : own_budget;
  if (budget.exhausted()) return {};
  auto items = items_of(mapping, file, key_prefix, budget, 0, diagnostics, fallback);
  if (!budget.exhausted()) return items;
  if (budget.too_deep) {
    diagnostics.error(mapping.origin(file, fallback),
                      "'<<' merge keys here nest deeper than {} levels", limits::kMaxNestingDepth);
  } else {
    diagnostics.error(mapping.origin(file, fallback),
                      "'<<' merge keys here pull in more than {} mappings or {} keys (through "
                      "aliases?)",
                      limits::kMaxMergedMappings, limits::kMaxExpandedValues);
  }
  return {};
}

namespace {

std::vector<MapItem> items_of(const YamlNode& mapping, const FileName& file,
                              std::string_view key_prefix, MergeBudget& budget, std::size_t depth,
                              Diagnostics& diagnostics, const Origin& fallback) {
  std::vector<MapItem> items;
  std::map<std::string, YamlNode, std::less<>> written;  // key text -> key node, for duplicates
  std::vector<YamlNode> merged_maps;
  for (std::size_t i = 0; i < mapping.size(); ++i) {
    const YamlNode key = mapping.key(i);
    if (is_merge_key(key)) {
      // `<<: *a` or `<<: [*a, *b]`; anything else is not a merge.
      const YamlNode source = mapping.value(i);
      if (source.is_map()) {
        merged_maps.push_back(source);
      } else if (source.is_sequence() && all_maps(source)) {
        for (std::size_t m = 0; m < source.size(); ++m) merged_maps.push_back(source.item(m));
      } else {
        diagnostics.error(source.origin(file, fallback),
                          "'<<' merges a mapping or a list of mappings, got {}", describe(source));
      }
      continue;
    }
    const std::string text = key.is_scalar() ? std::string(key.scalar()) : describe(key);
    auto [previous, inserted] = written.emplace(text, key);
    if (!inserted) {
      diagnostics
          .error(key.origin(file, fallback), "duplicate key '{}{}'", key_prefix, excerpt(text))
          .notes.push_back(Note{previous->second.origin(file, fallback), "first written here"});
      continue;
    }
    items.push_back(MapItem{key, mapping.value(i)});
  }
  for (const auto& map : merged_maps) {
    if (depth + 1 >= limits::kMaxNestingDepth) budget.too_deep = true;
    if (budget.exhausted()) break;
    --budget.mappings;
    // A merged map may itself use `<<`; its own duplicates were reported where it was written.
    Diagnostics ignored;
    for (auto& item : items_of(map, file, key_prefix, budget, depth + 1, ignored, fallback)) {
      if (budget.items == 0) break;
      --budget.items;
      const std::string text =
          item.key.is_scalar() ? std::string(item.key.scalar()) : describe(item.key);
      if (written.emplace(text, item.key).second) items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace

}  // namespace expcfg
