#pragma once
// Reading yaml-cpp nodes: 1-based locations, plain-vs-quoted scalars, and mappings with
// `<<` merge keys resolved and duplicate keys reported (yaml-cpp 0.7 does neither).

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/limits.hpp"

namespace expcfg {

using FileName = std::shared_ptr<const std::string>;

/// The node's position as an origin (yaml-cpp marks are 0-based and carry no file); `fallback`
/// for a node with no file (a --set value) or no mark (made in code).
Origin node_origin(const FileName& file, const YAML::Node& node,
                   const Origin& fallback = Origin::none());

/// True for an untagged, unquoted scalar: only those may be read as numbers or bools.
bool is_plain(const YAML::Node& node);

/// "a sequence", "a mapping", "null" or the scalar's text in quotes, for messages.
std::string describe(const YAML::Node& node);

/// What a yaml-cpp parse error means for a user: its message, or for its depth guard (which
/// says "bad file") that the text nests too deeply.
std::string yaml_error_message(const YAML::Exception& error);

/// The first YAML document of `text`, and how many there are (0 for an empty stream). Throws
/// YAML::Exception on a syntax error, as YAML::Load does, and also where yaml-cpp would loop
/// forever or silently read null: a stray ',' at the start of a document.
struct LoadedDocument {
  YAML::Node root;
  std::size_t documents = 0;
  YAML::Mark second_document;  ///< where the second document starts, when there is one
};
LoadedDocument load_document(const std::string& text);

struct MapItem {
  YAML::Node key;
  YAML::Node value;
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
std::vector<MapItem> mapping_items(const YAML::Node& mapping, const FileName& file,
                                   std::string_view key_prefix, Diagnostics& diagnostics,
                                   const Origin& fallback = Origin::none(),
                                   MergeBudget* shared_budget = nullptr);

}  // namespace expcfg
