// expcfg's YAML tree: nodes, positions, aliases and document counts from yaml-cpp's events.
#include "load/yaml_tree.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

TEST(YamlTree, NodesKeepTheirKindTextAndOneBasedPosition) {
  const ParsedYaml parsed = parse_yaml("a: 1\nb:\n  - 'x'\n  - ~\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_EQ(parsed.documents, 1u);
  const YamlNode root = parsed.root();
  ASSERT_TRUE(root.is_map());
  ASSERT_EQ(root.size(), 2u);
  EXPECT_EQ(root.key(0).scalar(), "a");
  EXPECT_TRUE(root.value(0).is_plain());
  const YamlNode list = root.value(1);
  ASSERT_TRUE(list.is_sequence());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.item(0).scalar(), "x");
  EXPECT_FALSE(list.item(0).is_plain());  // quoted: a string, whatever it looks like
  EXPECT_TRUE(list.item(1).is_null());
  auto file = std::make_shared<const std::string>("f.yaml");
  EXPECT_EQ(list.item(0).origin(file).label(), "f.yaml:3");
  EXPECT_EQ(root.key(1).origin(file).loc.column, 1);
}

TEST(YamlTree, AnAliasIsTheAnchoredNode) {
  const ParsedYaml parsed = parse_yaml("a: &x {k: v}\nb: *x\n");
  const YamlNode root = parsed.root();
  EXPECT_EQ(root.value(1).index(), root.value(0).index());
  EXPECT_EQ(root.value(1).value(0).scalar(), "v");
}

TEST(YamlTree, EmptyStreamHasNoDocument) {
  for (const char* text : {"", "# only a comment\n", "\n\n"}) {
    const ParsedYaml parsed = parse_yaml(text);
    EXPECT_FALSE(parsed.error) << text;
    EXPECT_EQ(parsed.documents, 0u) << text;
    EXPECT_TRUE(parsed.root().is_null()) << text;
  }
}

TEST(YamlTree, CountsDocumentsAndWhereTheSecondStarts) {
  const ParsedYaml parsed = parse_yaml("a: 1\n---\nb: 2\n---\nc: 3\n");
  EXPECT_EQ(parsed.documents, 3u);
  EXPECT_EQ(parsed.second_line, 2);
  EXPECT_EQ(parsed.root().key(0).scalar(), "a");
}

TEST(YamlTree, ErrorsCarryOneBasedPositions) {
  const ParsedYaml unclosed = parse_yaml("a: [1, 2\n");
  ASSERT_TRUE(unclosed.error);
  EXPECT_GE(unclosed.error->line, 1);
  const ParsedYaml stray_comma = parse_yaml("\n,\n");  // yaml-cpp alone would loop forever
  ASSERT_TRUE(stray_comma.error);
  EXPECT_EQ(stray_comma.error->message, "unexpected ','");
  EXPECT_EQ(stray_comma.error->line, 2);
}

}  // namespace
}  // namespace expcfg
