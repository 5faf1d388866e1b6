#include "load/yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <streambuf>

namespace expcfg {

YamlNode YamlNode::of(const Entry& entry) {
  return entry.document ? YamlNode(entry.document.get(), entry.node) : YamlNode();
}

std::string_view YamlNode::scalar() const {
  return is_scalar() ? document_->text(node()) : std::string_view();
}

std::size_t YamlNode::size() const {
  switch (type()) {
    case NodeType::Sequence: return node().count;
    case NodeType::Map: return node().count / 2;
    default: return 0;
  }
}

YamlNode YamlNode::child(std::size_t i) const {
  return YamlNode(document_, document_->children[node().first + i]);
}

Origin YamlNode::origin(const FileName& file, const Origin& fallback) const {
  if (!file || !document_ || node().line == 0) return fallback;
  return Origin::file(SourceLoc{file, node().line, node().column});
}

std::string describe(const YamlNode& node) {
  switch (node.type()) {
    case NodeType::Sequence: return "a sequence";
    case NodeType::Map: return "a mapping";
    case NodeType::Scalar: return fmt::format("'{}'", excerpt(node.scalar()));
    case NodeType::Null: break;
  }
  return "null";
}

namespace {

/// Builds one document's nodes from yaml-cpp's events.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(YamlDocument& document, std::vector<YAML::Mark>& starts)
      : document_(document), starts_(starts) {}

  void OnDocumentStart(const YAML::Mark& mark) override { starts_.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add(NodeType::Null, mark, anchor, true);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    // yaml-cpp itself rejects an alias to an anchor not defined yet.
    attach(anchor < anchors_.size() ? anchors_[anchor] : 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t index = add(NodeType::Scalar, mark, anchor, tag == "?" || tag.empty());
    YamlDocument::Node& node = document_.nodes[index];
    node.first = static_cast<std::uint32_t>(document_.texts.size());
    node.count = static_cast<std::uint32_t>(value.size());
    document_.texts += value;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(NodeType::Sequence, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(NodeType::Map, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { close(); }

  /// Where the innermost `[...]` (or `{...}`) still open started, if one is.
  std::optional<YAML::Mark> open_flow(NodeType type) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (it->flow && document_.nodes[it->index].type == type) return it->mark;
    }
    return std::nullopt;
  }

 private:
  std::uint32_t add(NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor, bool plain) {
    YamlDocument::Node node;
    node.type = type;
    node.plain = plain;
    node.line = mark.line + 1;
    node.column = mark.column + 1;
    const auto index = static_cast<std::uint32_t>(document_.nodes.size());
    document_.nodes.push_back(node);
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
      anchors_[anchor] = index;
    }
    attach(index);
    return index;
  }

  /// The node becomes the next child of the open collection, or the root.
  void attach(std::uint32_t index) {
    if (open_.empty()) {
      document_.root = index;
    } else {
      pending_.push_back(index);
    }
  }

  void open(NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
    const std::uint32_t index = add(type, mark, anchor, true);
    open_.push_back(OpenCollection{index, pending_.size(), mark, flow});
  }

  /// The collection's children, stacked in `pending_` while it was open, move to `children`.
  void close() {
    const OpenCollection collection = open_.back();
    open_.pop_back();
    YamlDocument::Node& node = document_.nodes[collection.index];
    node.first = static_cast<std::uint32_t>(document_.children.size());
    node.count = static_cast<std::uint32_t>(pending_.size() - collection.first_pending);
    const auto from = pending_.begin() + static_cast<std::ptrdiff_t>(collection.first_pending);
    document_.children.insert(document_.children.end(), from, pending_.end());
    pending_.erase(from, pending_.end());
  }

  struct OpenCollection {
    std::uint32_t index;
    std::size_t first_pending;
    YAML::Mark mark;
    bool flow;  // `[...]` or `{...}`
  };
  YamlDocument& document_;
  std::vector<YAML::Mark>& starts_;
  std::vector<OpenCollection> open_;
  std::vector<std::uint32_t> pending_;
  std::vector<std::uint32_t> anchors_;  // by yaml-cpp's anchor number
};

/// Notes where each further document starts; the values themselves are not needed.
class DocumentStarts final : public YAML::EventHandler {
 public:
  explicit DocumentStarts(std::vector<YAML::Mark>& starts) : starts_(starts) {}

  void OnDocumentStart(const YAML::Mark& mark) override { starts_.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  std::vector<YAML::Mark>& starts_;
};

/// Reads `text` in place: yaml-cpp takes a stream, and an istringstream would copy the file.
class TextBuffer final : public std::streambuf {
 public:
  explicit TextBuffer(const std::string& text) {
    char* begin = const_cast<char*>(text.data());  // only read: the get area of a streambuf
    setg(begin, begin, begin + text.size());
  }
};

YamlError error_at(const YAML::Mark& mark, std::string message) {
  return YamlError{std::move(message), mark.line + 1, mark.column + 1, std::nullopt};
}

/// yaml-cpp reports an unclosed `[` or `{` where it stopped looking for the end, often lines
/// later; the reader needs the bracket that was left open.
std::optional<YamlError> unclosed_flow(const YAML::Exception& e, const TreeBuilder& builder) {
  const bool sequence = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
  if (!sequence && e.msg != YAML::ErrorMsg::END_OF_MAP_FLOW) return std::nullopt;
  const auto opened = builder.open_flow(sequence ? NodeType::Sequence : NodeType::Map);
  if (!opened) return std::nullopt;
  YamlError error = error_at(*opened, fmt::format("'{}' is not closed", sequence ? '[' : '{'));
  error.gave_up =
      YamlError::GaveUp{fmt::format("expected ',' or '{}' before this", sequence ? ']' : '}'),
                        e.mark.line + 1, e.mark.column + 1};
  return error;
}

}  // namespace

ParsedYaml parse_yaml(const std::string& text) {
  ParsedYaml parsed;
  try {
    TextBuffer buffer(text);
    std::istream stream(&buffer);
    YAML::Parser parser(stream);
    auto document = std::make_shared<YamlDocument>();
    document->texts.reserve(text.size());  // scalars' text is at most the input
    std::vector<YAML::Mark> starts;
    TreeBuilder builder(*document, starts);
    try {
      if (!parser.HandleNextDocument(builder)) return parsed;
    } catch (const YAML::ParserException& e) {
      if (auto unclosed = unclosed_flow(e, builder)) {
        parsed.error = std::move(unclosed);
        return parsed;
      }
      throw;
    }
    // Only count the documents after the first. yaml-cpp reads a stray ',' at the start of a
    // document as an empty document and then loops on it without advancing: a document that
    // starts where the one before did is that error.
    DocumentStarts further(starts);
    constexpr std::size_t kEnoughToCount = 100;
    for (std::size_t round = 0; round < kEnoughToCount && parser.HandleNextDocument(further);
         ++round) {
      const YAML::Mark& start = starts.back();
      if (starts.size() < 2 || starts[starts.size() - 2].pos == start.pos) {
        const auto at = static_cast<std::size_t>(start.pos);
        parsed.error =
            error_at(start, fmt::format("unexpected '{}'", at < text.size() ? text[at] : ' '));
        return parsed;
      }
    }
    parsed.documents = starts.size();
    if (starts.size() > 1) {
      parsed.second_line = starts[1].line + 1;
      parsed.second_column = starts[1].column + 1;
    }
    if (!document->nodes.empty()) parsed.document = std::move(document);
  } catch (const YAML::DeepRecursion& e) {
    parsed.error = error_at(e.mark,
                            "nested too deeply (yaml-cpp stops at about 500 levels of brackets or "
                            "indentation)");
  } catch (const YAML::Exception& e) {
    parsed.error = error_at(e.mark, e.msg);
  }
  return parsed;
}

}  // namespace expcfg
