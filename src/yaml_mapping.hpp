#pragma once
// Reading yaml-cpp nodes: 1-based locations, plain-vs-quoted scalars, and mappings with
// `<<` merge keys resolved and duplicate keys reported (yaml-cpp 0.7 does neither).

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"

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

struct MapItem {
  YAML::Node key;
  YAML::Node value;
};

/// The mapping's items in order, with `<<: *anchor` (or a list of anchors) merged in: keys
/// written in the mapping win over merged ones, earlier merged maps over later ones. A key
/// written twice is an error at the second place (`key_prefix` makes the message's dotted
/// key, e.g. "training.").
std::vector<MapItem> mapping_items(const YAML::Node& mapping, const FileName& file,
                                   std::string_view key_prefix, Diagnostics& diagnostics,
                                   const Origin& fallback = Origin::none());

}  // namespace expcfg
