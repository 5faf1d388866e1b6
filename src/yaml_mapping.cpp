#include "yaml_mapping.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <set>
#include <sstream>

#include "expcfg/limits.hpp"

namespace expcfg {

Origin node_origin(const FileName& file, const YAML::Node& node, const Origin& fallback) {
  const YAML::Mark mark = node.Mark();
  if (!file || mark.is_null()) return fallback;
  return Origin::file(SourceLoc{file, mark.line + 1, mark.column + 1});
}

std::string yaml_error_message(const YAML::Exception& error) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&error)) {
    return "nested too deeply (yaml-cpp stops at about 500 levels of brackets or indentation)";
  }
  return error.msg;
}

namespace {

/// Notes where each document starts; the values themselves are not needed.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
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
};

/// Whether some line starts with a document marker ("---" or "...").
bool has_document_marker(std::string_view text) {
  for (std::size_t start = 0; start < text.size();) {
    const std::string_view line = text.substr(start, 3);
    if (line == "---" || line == "...") return true;
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

LoadedDocument load_document(const std::string& text) {
  LoadedDocument loaded;
  loaded.root = YAML::Load(text);
  // Without a document marker there is one document, unless yaml-cpp read null from text
  // that is not empty: it does that for a stray ',' (and LoadAll never returns there).
  if (!loaded.root.IsNull() && !has_document_marker(text)) {
    loaded.documents = 1;
    return loaded;
  }
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts handler;
  constexpr std::size_t kEnoughToCount = 100;
  while (handler.starts.size() < kEnoughToCount && parser.HandleNextDocument(handler)) {
    const auto& starts = handler.starts;
    if (starts.size() >= 2 && starts[starts.size() - 2].pos == starts.back().pos) {
      const auto at = static_cast<std::size_t>(starts.back().pos);
      throw YAML::ParserException(
          starts.back(), fmt::format("unexpected '{}'", at < text.size() ? text[at] : ' '));
    }
  }
  loaded.documents = handler.starts.size();
  if (loaded.documents > 1) loaded.second_document = handler.starts[1];
  return loaded;
}

bool is_plain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return fmt::format("'{}'", excerpt(node.Scalar()));
    default: return "null";
  }
}

namespace {

bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && is_plain(key) && key.Scalar() == "<<";
}

}  // namespace

namespace {

std::vector<MapItem> items_of(const YAML::Node& mapping, const FileName& file,
                              std::string_view key_prefix, MergeBudget& budget, std::size_t depth,
                              Diagnostics& diagnostics, const Origin& fallback);

}  // namespace

std::vector<MapItem> mapping_items(const YAML::Node& mapping, const FileName& file,
                                   std::string_view key_prefix, Diagnostics& diagnostics,
                                   const Origin& fallback, MergeBudget* shared_budget) {
  MergeBudget own_budget;
  MergeBudget& budget = shared_budget ? *shared_budget : own_budget;
  if (budget.exhausted()) return {};
  auto items = items_of(mapping, file, key_prefix, budget, 0, diagnostics, fallback);
  if (!budget.exhausted()) return items;
  if (budget.too_deep) {
    diagnostics.error(node_origin(file, mapping, fallback),
                      "'<<' merge keys here nest deeper than {} levels", limits::kMaxNestingDepth);
  } else {
    diagnostics.error(node_origin(file, mapping, fallback),
                      "'<<' merge keys here pull in more than {} mappings or {} keys (through "
                      "aliases?)",
                      limits::kMaxMergedMappings, limits::kMaxExpandedValues);
  }
  return {};
}

namespace {

std::vector<MapItem> items_of(const YAML::Node& mapping, const FileName& file,
                              std::string_view key_prefix, MergeBudget& budget, std::size_t depth,
                              Diagnostics& diagnostics, const Origin& fallback) {
  std::vector<MapItem> items;
  std::map<std::string, YAML::Node> written;  // key text -> key node, for duplicates
  std::vector<YAML::Node> merged_maps;
  for (auto it = mapping.begin(); it != mapping.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: it-> yields a temporary proxy
    if (is_merge_key(key)) {
      // `<<: *a` or `<<: [*a, *b]`; anything else is not a merge.
      const YAML::Node source = it->second;
      if (source.IsMap()) {
        merged_maps.push_back(source);
      } else if (source.IsSequence() &&
                 std::all_of(source.begin(), source.end(),
                             [](const YAML::Node& n) { return n.IsMap(); })) {
        for (const auto& map : source) merged_maps.push_back(map);
      } else {
        diagnostics.error(node_origin(file, source, fallback),
                          "'<<' merges a mapping or a list of mappings, got {}", describe(source));
      }
      continue;
    }
    const std::string text = key.IsScalar() ? key.Scalar() : describe(key);
    auto [previous, inserted] = written.emplace(text, key);
    if (!inserted) {
      diagnostics
          .error(node_origin(file, key, fallback), "duplicate key '{}{}'", key_prefix,
                 excerpt(text))
          .notes.push_back(
              Note{node_origin(file, previous->second, fallback), "first written here"});
      continue;
    }
    items.push_back(MapItem{key, it->second});
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
      const std::string text = item.key.IsScalar() ? item.key.Scalar() : describe(item.key);
      if (written.emplace(text, item.key).second) items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace

}  // namespace expcfg
