#pragma once
// Mappings with `<<` merge keys resolved and duplicate keys reported (yaml-cpp 0.7 does
// neither).

#include <string>
#include <vector>

#include "base/limits.hpp"
#include "expcfg/diagnostics.hpp"
#include "load/yaml_tree.hpp"

namespace expcfg {

struct MapItem {
  YamlNode key;
  YamlNode value;
};

/// What `<<` merging may still do: merge keys can nest aliases into exponentially many merges
/// ("billion laughs") or chain them deeper than the stack; real files use a handful. One
/// budget can be shared by all the mappings of one value.
struct MergeBudget {
  std::size_t mappings = limits::kMaxMergedMappings;  ///< merged mappings, repeats counted
  std::size_t items = limits::kMaxExpandedValues;     ///< keys taken from merged mappings
  bool too_deep = false;                              ///< merges of merges beyond the depth limit

  bool exhausted() const { return mappings == 0 || items == 0 || too_deep; }
};

/// The mapping's items in order, with `<<: *anchor` (or a list of anchors) merged in: keys
/// written in the mapping win over merged ones, earlier merged maps over later ones. A key
/// written twice is an error at the second place (`key_prefix` makes the message's dotted
/// key, e.g. "training."). Beyond the budget (`shared_budget`, or one of this call's own), an
/// error and no items; a spent shared budget yields no items without another error.
std::vector<MapItem> mapping_items(const YamlNode& mapping, const FileName& file,
                                   std::string_view key_prefix, Diagnostics& diagnostics,
                                   const Origin& fallback = Origin::none(),
                                   MergeBudget* shared_budget = nullptr);

}  // namespace expcfg
