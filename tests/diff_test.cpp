// Diff: typed, field-by-field comparison of two resolutions.

#include "expcfg/diff.hpp"

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::resolve_with;
using testing::valid_layer;

ResolvedConfig resolve_text(const std::string& text) {
  Diagnostics problems;
  auto config = resolve_with(MemoryFileSystem{{"x.yaml", text}}, {"x.yaml"}, {}, problems);
  EXPECT_EQ(render(problems), "");
  return config;
}

std::string text_diff(const std::string& left, const std::string& right, bool show_origin = false) {
  return render_diff_text(diff(resolve_text(left), resolve_text(right)), {show_origin, false});
}

TEST(Diff, SameConfigHasNoDifferences) {
  EXPECT_TRUE(diff(resolve_text(valid_layer()), resolve_text(valid_layer())).empty());
}

TEST(Diff, EqualityIsByTypedValue) {
  EXPECT_EQ(
      text_diff(valid_layer("  learning_rate: 1e-5\n"), valid_layer("  learning_rate: 0.00001\n")),
      "");
  // Writing the default value is the same as leaving it out.
  EXPECT_EQ(text_diff(valid_layer("  learning_rate: 5e-5\n"), valid_layer("  seed: 42\n")), "");
}

TEST(Diff, OneLinePerDifferenceInDeclarationOrder) {
  EXPECT_EQ(text_diff(valid_layer("  seed: 1\n  learning_rate: 1e-5\n"),
                      valid_layer("  learning_rate: 2e-5\n  seed: 2\n")),
            "training.learning_rate: 1e-05 -> 2e-05\n"
            "training.seed: 1 -> 2\n");
}

TEST(Diff, NoneDiffersFromEveryValue) {
  EXPECT_EQ(text_diff(valid_layer("  temperature: null\n"), valid_layer("  temperature: 0.0\n")),
            "training.temperature: null -> 0.0\n");
  EXPECT_EQ(text_diff(valid_layer("  run_name: \"\"\n"), valid_layer("  run_name: null\n")),
            "training.run_name: \"\" -> null\n");
}

TEST(Diff, ShortListsPrintWholeAndOrderMatters) {
  EXPECT_EQ(
      text_diff(valid_layer("  label_names: [a, b]\n"), valid_layer("  label_names: [b, a]\n")),
      "training.label_names: [a, b] -> [b, a]\n");
}

TEST(Diff, LongListsShowEntriesAddedAndRemoved) {
  const std::string left = "model:\n  model_name_or_path: m\ndata:\n  train_data: [a, b, c, d]\n";
  const std::string right =
      "model:\n  model_name_or_path: m\ndata:\n  train_data: [a, c, d, e, f]\n";
  EXPECT_EQ(text_diff(left, right),
            "data.train_data: 4 -> 5 entries\n"
            "  - b\n"
            "  + e\n"
            "  + f\n");
  const std::string reordered =
      "model:\n  model_name_or_path: m\ndata:\n  train_data: [d, c, b, a]\n";
  EXPECT_EQ(text_diff(left, reordered),
            "data.train_data: 4 -> 4 entries\n  (same entries in another order)\n");
}

TEST(Diff, ShowOriginNamesEachSide) {
  EXPECT_EQ(text_diff(valid_layer("  seed: 1\n"), valid_layer("  learning_rate: 1e-5\n"), true),
            "training.learning_rate: 5e-05 -> 1e-05  (default / x.yaml:6)\n"
            "training.seed: 1 -> 42  (x.yaml:6 / default)\n");
}

TEST(Diff, ColorMarksEachSide) {
  const auto diffs =
      diff(resolve_text(valid_layer("  seed: 1\n")), resolve_text(valid_layer("  seed: 42\n")));
  EXPECT_EQ(render_diff_text(diffs, {false, true}),
            "training.seed: \x1b[31m1\x1b[0m -> \x1b[32m42\x1b[0m\n");
}

TEST(Diff, JsonHasKeyValuesAndOrigins) {
  const auto diffs = diff(resolve_text(valid_layer("  seed: 1\n  deepspeed: {stage: 2}\n")),
                          resolve_text(valid_layer("  seed: 1\n")));
  EXPECT_EQ(Json::parse(render_diff_json(diffs)), Json::parse(R"([{
      "key": "training.deepspeed", "left": {"stage": 2}, "right": null,
      "left_origin": "x.yaml:7", "right_origin": "default"}])"));
  EXPECT_EQ(render_diff_json({}), "[]\n");
}

}  // namespace
}  // namespace expcfg
