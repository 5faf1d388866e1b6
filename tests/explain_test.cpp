// explain: the owners of a key and the whole override history of a field.

#include "emit/explain.hpp"

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::valid_layer;

TEST(Explain, OwnersByDottedOrBareKey) {
  EXPECT_EQ(field_owners("training.learning_rate").size(), all_runners().size());
  EXPECT_EQ(field_owners("learning_rate").size(), all_runners().size());
  EXPECT_EQ(field_owners("model.model_type").size(), 3u);   // the rerankers
  EXPECT_TRUE(field_owners("data.learning_rate").empty());  // wrong section
  EXPECT_TRUE(field_owners("nonsense").empty());
}

TEST(Explain, HistoryHasEveryWriteInMergeOrder) {
  MemoryFileSystem files{{"a.yaml", valid_layer("  seed: 1\n")},
                         {"b.yaml", "training:\n  seed: 2\n  learning_rate: 1e-5\n"},
                         {"c.yaml", "training:\n  seed: [bad]\n"}};
  Diagnostics problems;
  std::vector<Layer> layers = load_layers({"a.yaml", "b.yaml", "c.yaml"}, files, problems);
  std::vector<Entry> overrides{*parse_unset("seed", problems),
                               *parse_set("training.seed=7", problems)};
  layers.push_back(override_layer(std::move(overrides)));
  ASSERT_TRUE(problems.empty()) << render(problems);

  const RunnerSchema& runner = default_runner();
  const auto history = field_history(layers, runner, *runner.find(Section::Training, "seed"));
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].origin.where(), "a.yaml:6:3");
  EXPECT_EQ(history[0].value, Value(std::int64_t{1}));
  EXPECT_EQ(history[1].value, Value(std::int64_t{2}));
  EXPECT_EQ(history[2].origin.where(), "c.yaml:2:3");
  EXPECT_EQ(history[2].value, std::nullopt);  // rejected
  EXPECT_EQ(history[3].op, Op::Unset);
  EXPECT_EQ(history[4].origin.where(), "--set training.seed=7");
  EXPECT_EQ(history[4].value, Value(std::int64_t{7}));
}

}  // namespace
}  // namespace expcfg
