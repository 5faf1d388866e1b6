// `extends` chains: depth-first, each file once, cycles shown as a chain.

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;

std::vector<std::string> layer_names(MemoryFileSystem fs, const std::vector<std::string>& files,
                                     std::string* problems = nullptr) {
  Diagnostics diagnostics;
  std::vector<std::string> names;
  for (const auto& layer : load_layers(files, fs, diagnostics)) names.push_back(layer.name);
  if (problems) *problems = render(diagnostics);
  return names;
}

TEST(Extends, BasesLoadBeforeTheFileDepthFirst) {
  MemoryFileSystem fs{{"exp/x.yaml", "extends: [../base/a.yaml, b.yaml]\n"},
                      {"base/a.yaml", "extends: root.yaml\n"},
                      {"base/root.yaml", ""},
                      {"exp/b.yaml", ""}};
  EXPECT_EQ(
      layer_names(fs, {"exp/x.yaml"}),
      (std::vector<std::string>{"base/root.yaml", "base/a.yaml", "exp/b.yaml", "exp/x.yaml"}));
}

TEST(Extends, SharedBaseAppliesOnceAtFirstUse) {
  MemoryFileSystem fs{{"x.yaml", "extends: [a.yaml, b.yaml]\n"},
                      {"a.yaml", "extends: base.yaml\n"},
                      {"b.yaml", "extends: base.yaml\n"},
                      {"base.yaml", ""}};
  EXPECT_EQ(layer_names(fs, {"x.yaml", "base.yaml"}),
            (std::vector<std::string>{"base.yaml", "a.yaml", "b.yaml", "x.yaml"}));
}

TEST(Extends, CycleIsAnErrorShowingTheChain) {
  MemoryFileSystem fs{{"a.yaml", "extends: b.yaml\n"}, {"b.yaml", "extends: a.yaml\n"}};
  std::string problems;
  layer_names(fs, {"a.yaml"}, &problems);
  EXPECT_EQ(problems, "b.yaml:1:10: error: 'extends' cycle: a.yaml -> b.yaml -> a.yaml\n");
}

TEST(Extends, MissingTargetIsAConfigErrorAtTheEntry) {
  MemoryFileSystem fs{{"a.yaml", "extends: gone.yaml\n"}};
  Diagnostics diagnostics;
  load_layers({"a.yaml"}, fs, diagnostics);
  EXPECT_FALSE(diagnostics.has_usage_error());
  EXPECT_EQ(render(diagnostics),
            "a.yaml:1:10: error: cannot read extends target 'gone.yaml': No such file or "
            "directory\n");
}

TEST(Extends, MissingCommandLineFileIsAUsageError) {
  MemoryFileSystem fs{};
  Diagnostics diagnostics;
  load_layers({"nope.yaml"}, fs, diagnostics);
  EXPECT_TRUE(diagnostics.has_usage_error());
}

}  // namespace
}  // namespace expcfg
