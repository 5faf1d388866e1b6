#include <gtest/gtest.h>

#include "expcfg/diagnostics.hpp"

namespace expcfg {
namespace {

TEST(Spellcheck, FindsCloseNames) {
  const std::vector<std::string_view> names = {"learning_rate", "seed", "fp16", "bf16"};
  EXPECT_EQ(closest_match("learnin_rate", names), "learning_rate");
  EXPECT_EQ(closest_match("learning_rat", names), "learning_rate");
  EXPECT_EQ(closest_match("fp61", names), "fp16");        // a swap is one typo
  EXPECT_EQ(closest_match("fp32", names), std::nullopt);  // two edits in four letters
  EXPECT_EQ(closest_match("output_dir", names), std::nullopt);
}

}  // namespace
}  // namespace expcfg
