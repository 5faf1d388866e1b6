#pragma once
// expcfg's own YAML tree, built from yaml-cpp's event parser. It replaces YAML::Node: one
// flat array of nodes per document (a 100,000-path list is 100,000 small records, not
// 100,000 reference-counted node graphs), 1-based positions, and nothing of yaml-cpp in the
// public headers (an Entry holds a document and a node index).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"

namespace expcfg {

using FileName = std::shared_ptr<const std::string>;

enum class NodeType : std::uint8_t { Null, Scalar, Sequence, Map };

/// The nodes of one parsed document. A collection's
/// children are a contiguous run of `children`; a mapping's run is key, value, key, value.
/// An alias is the anchored node's index again, so `*a` costs nothing and a document is a
/// graph that can even be cyclic (`&a [*a]`): walkers bound their depth.
struct YamlDocument {
  struct Node {
    NodeType type = NodeType::Null;
    bool plain = true;  ///< an untagged, unquoted scalar
    int line = 0;       ///< 1-based
    int column = 0;
    /// Collections: where the children start in `children` and how many (twice the pairs
    /// for a mapping); scalars: where the text starts in `texts` and its length.
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  std::vector<Node> nodes;
  std::vector<std::uint32_t> children;
  /// Every scalar's text, one after another: no allocation per scalar.
  std::string texts;
  std::uint32_t root = 0;  ///< meaningful when `nodes` is not empty

  std::string_view text(const Node& node) const { return {texts.data() + node.first, node.count}; }
};

/// One node of a document: a cheap view (pointer and index). A default view is null.
class YamlNode {
 public:
  YamlNode() = default;
  YamlNode(const YamlDocument* document, std::uint32_t index)
      : document_(document), index_(index) {}
  /// The entry's value: its document's node, or null for --set and --unset entries.
  static YamlNode of(const Entry& entry);

  std::uint32_t index() const { return index_; }
  NodeType type() const { return document_ ? node().type : NodeType::Null; }
  bool is_null() const { return type() == NodeType::Null; }
  bool is_scalar() const { return type() == NodeType::Scalar; }
  bool is_sequence() const { return type() == NodeType::Sequence; }
  bool is_map() const { return type() == NodeType::Map; }
  /// True for an untagged, unquoted scalar: only those may be read as numbers or bools.
  bool is_plain() const { return !document_ || node().plain; }
  std::string_view scalar() const;

  /// Sequence items (or for a mapping, how many pairs) and access by position.
  std::size_t size() const;
  YamlNode item(std::size_t i) const { return child(i); }
  YamlNode key(std::size_t i) const { return child(2 * i); }
  YamlNode value(std::size_t i) const { return child(2 * i + 1); }

  /// The node's position in `file`, or `fallback` when there is no file (a --set's text).
  Origin origin(const FileName& file, const Origin& fallback = Origin::none()) const;

 private:
  const YamlDocument::Node& node() const { return document_->nodes[index_]; }
  YamlNode child(std::size_t i) const;

  const YamlDocument* document_ = nullptr;
  std::uint32_t index_ = 0;
};

/// A YAML parse error with its 1-based position, and for an unclosed `[` or `{` (reported
/// where it opened) where the parser gave up looking for its end.
struct YamlError {
  std::string message;
  int line = 1;
  int column = 1;
  struct GaveUp {
    std::string note;  ///< "expected ',' or ']' here"
    int line = 1;
    int column = 1;
  };
  std::optional<GaveUp> gave_up;
};

/// The first document of `text`, and how many documents there are (0 for an empty stream).
/// Errors are yaml-cpp's messages, its depth guard's as "nested too deeply", and also where
/// yaml-cpp would loop forever or silently read null: a stray ',' at the start of a document.
struct ParsedYaml {
  std::shared_ptr<const YamlDocument> document;  ///< null for an empty stream
  std::size_t documents = 0;
  int second_line = 0, second_column = 0;  ///< where a second document starts
  std::optional<YamlError> error;

  YamlNode root() const { return document ? YamlNode(document.get(), document->root) : YamlNode(); }
};
ParsedYaml parse_yaml(const std::string& text);

/// "a sequence", "a mapping", "null" or the scalar's text in quotes, for messages.
std::string describe(const YamlNode& node);

}  // namespace expcfg
