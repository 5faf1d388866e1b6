// One YAML file -> one layer: entries with positions, and every file-level error.

#include <gtest/gtest.h>

#include "expcfg/layer.hpp"
#include "load/yaml_tree.hpp"

namespace expcfg {
namespace {

struct Parsed {
  ParsedFile file;
  std::string problems;
};

Parsed parse(const std::string& text) {
  Diagnostics problems;
  Parsed out{parse_layer(text, std::make_shared<const std::string>("f.yaml"), problems), ""};
  out.problems = render(problems);
  return out;
}

TEST(Load, EntriesKeepSectionNameAndPosition) {
  auto p = parse("training:\n  learning_rate: 1e-5\ndata:\n  train_data+: [a]\n");
  ASSERT_EQ(p.problems, "");
  ASSERT_EQ(p.file.layer.entries.size(), 2u);
  EXPECT_EQ(p.file.layer.entries[0].key(), "training.learning_rate");
  EXPECT_EQ(p.file.layer.entries[0].origin.where(), "f.yaml:2:3");
  EXPECT_EQ(p.file.layer.entries[0].op, Op::Set);
  EXPECT_EQ(p.file.layer.entries[1].key(), "data.train_data");
  EXPECT_EQ(p.file.layer.entries[1].op, Op::Append);
}

TEST(Load, ExtendsTakesOnePathOrAList) {
  EXPECT_EQ(parse("extends: base.yaml\n").file.extends.size(), 1u);
  auto p = parse("extends: [a.yaml, b.yaml]\n");
  ASSERT_EQ(p.file.extends.size(), 2u);
  EXPECT_EQ(p.file.extends[1].first, "b.yaml");
  EXPECT_EQ(parse("extends: {a: 1}\n").problems,
            "f.yaml:1:10: error: expected a file path in 'extends', got a mapping\n");
}

TEST(Load, RunnerIsRecorded) {
  auto p = parse("runner: embedder.encoder_only.base\n");
  ASSERT_TRUE(p.file.layer.runner);
  EXPECT_EQ(p.file.layer.runner->name, "embedder.encoder_only.base");
}

TEST(Load, EmptyAndCommentOnlyFilesAreEmptyLayers) {
  for (const char* text : {"", "# only a comment\n", "---\n", "training:\n"}) {
    auto p = parse(text);
    EXPECT_EQ(p.problems, "") << text;
    EXPECT_TRUE(p.file.layer.entries.empty()) << text;
  }
}

TEST(Load, UnknownTopLevelKeyIsAnError) {
  EXPECT_EQ(parse("trainig:\n  seed: 1\n").problems,
            "f.yaml:1:1: error: unknown top-level key 'trainig'\n"
            "f.yaml:1:1: note: did you mean 'training'?\n"
            "f.yaml:1:1: note: a layer file holds 'extends', 'use', 'runner', 'model', 'data', "
            "'training' "
            "and 'launch'\n");
  EXPECT_EQ(parse("seed: 1\n").problems,
            "f.yaml:1:1: error: unknown top-level key 'seed'\n"
            "f.yaml:1:1: note: 'seed' is a field: write it under 'training:'\n");
}

TEST(Load, NonMappingRootIsAnError) {
  EXPECT_EQ(parse("- a\n- b\n").problems,
            "f.yaml:1:1: error: expected a mapping with 'model', 'data' and 'training' at the top "
            "level, got a sequence\n");
}

TEST(Load, SectionMustBeAMapping) {
  EXPECT_EQ(parse("training: [1]\n").problems,
            "f.yaml:1:11: error: expected a mapping of fields for 'training', got a sequence\n");
}

TEST(Load, MultiDocumentIsAnError) {
  EXPECT_EQ(parse("training: {}\n---\ndata: {}\n").problems,
            "f.yaml:2:1: error: expected one YAML document, found 2\n"
            "note: each layer file holds one document; split the others into files of their own\n");
}

TEST(Load, ExplicitDocumentMarkersAroundOneDocumentAreFine) {
  EXPECT_EQ(parse("---\ntraining: {seed: 1}\n...\n").problems, "");
  EXPECT_EQ(parse("---\n").problems, "");
}

TEST(Load, StrayCommaIsAnErrorNotAHangOrAnEmptyLayer) {
  // yaml-cpp's LoadAll loops forever here, and Load reads null.
  EXPECT_EQ(parse(",").problems, "f.yaml:1:1: error: invalid YAML: unexpected ','\n");
  EXPECT_EQ(parse("# comment\n,\ntraining: {seed: 1}\n").problems,
            "f.yaml:2:1: error: invalid YAML: unexpected ','\n");
  EXPECT_EQ(parse("training: {seed: 1}\n---\n,\n").problems,
            "f.yaml:3:1: error: invalid YAML: unexpected ','\n");
}

TEST(Load, SyntaxErrorHasPosition) {
  EXPECT_EQ(parse("training:\n  seed: 1\n bad: [\n").problems.substr(0, 9), "f.yaml:3:");
}

TEST(Load, UnclosedBracketIsReportedWhereItOpened) {
  EXPECT_EQ(parse("training:\n  seed: [1,\n").problems,
            "f.yaml:2:9: error: invalid YAML: '[' is not closed\n"
            "f.yaml:3:1: note: expected ',' or ']' before this\n");
  EXPECT_EQ(parse("training: {seed: {a: 1}\n").problems,
            "f.yaml:1:11: error: invalid YAML: '{' is not closed\n"
            "f.yaml:2:1: note: expected ',' or '}' before this\n");
}

TEST(Load, InvalidUtf8IsAnError) {
  EXPECT_EQ(parse("training:\n  run_name: \xff\n").problems, "f.yaml:2:13: error: invalid UTF-8\n");
}

TEST(Load, DuplicateKeyIsReportedAtTheSecond) {
  EXPECT_EQ(parse("training:\n  seed: 1\n  seed: 2\n").problems,
            "f.yaml:3:3: error: duplicate key 'training.seed'\n"
            "f.yaml:2:3: note: first written here\n");
}

TEST(Load, AGroupFieldWrittenNestedAndDottedIsADuplicate) {
  EXPECT_EQ(parse("launch:\n  slurm:\n    partition: a\n  slurm.partition: b\n").problems,
            "f.yaml:4:3: error: duplicate key 'launch.slurm.partition'\n"
            "f.yaml:3:5: note: first written here\n");
  // A list set and appended to in one mapping is not a duplicate: the append comes second.
  EXPECT_EQ(parse("data:\n  train_data: [a]\n  train_data+: [b]\n").problems, "");
}

TEST(Load, MergeKeysBringAnchoredFields) {
  auto p = parse(
      "model: &shared\n  model_name_or_path: m\n"
      "training:\n  <<: {seed: 1, fp16: true}\n  seed: 2\n");
  ASSERT_EQ(p.problems, "");
  std::vector<std::string> keys;
  for (const auto& entry : p.file.layer.entries)
    keys.push_back(entry.key() + "=" + std::string(YamlNode::of(entry).scalar()));
  EXPECT_EQ(keys, (std::vector<std::string>{"model.model_name_or_path=m", "training.seed=2",
                                            "training.fp16=true"}));
}

TEST(Load, MergeKeyFromAnchorOfAnotherSection) {
  auto p = parse(
      "data: &d\n  train_data: [a]\n"
      "training:\n  <<: &t {seed: 3}\n");
  ASSERT_EQ(p.problems, "");
  EXPECT_EQ(p.file.layer.entries.back().key(), "training.seed");
  EXPECT_EQ(p.file.layer.entries.back().origin.where(), "f.yaml:4:11");
}

TEST(Load, MergeKeyNeedsMappings) {
  EXPECT_EQ(parse("training:\n  <<: 3\n").problems,
            "f.yaml:2:7: error: '<<' merges a mapping or a list of mappings, got '3'\n");
}

}  // namespace
}  // namespace expcfg
