// Release numbers as pip and `launch.transformers` write them (PEP 440's common shapes).

#include "expcfg/versions.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

TEST(ParseVersion, ReadsReleasesWithAndWithoutPatchAndTags) {
  EXPECT_EQ(parse_version("4.57.6"), (Version{4, 57, 6}));
  EXPECT_EQ(parse_version("5.0"), (Version{5, 0, 0}));
  EXPECT_EQ(parse_version("4.44.2"), (Version{4, 44, 2}));
  EXPECT_EQ(parse_version("4.57.6.dev0"), (Version{4, 57, 6}));
  EXPECT_EQ(parse_version("5.0.0rc1"), (Version{5, 0, 0}));
  EXPECT_EQ(parse_version("4.44.2.post1"), (Version{4, 44, 2}));
  EXPECT_EQ(parse_version("5.0.dev1"), (Version{5, 0, 0}));
  EXPECT_EQ(parse_version("5.0rc2"), (Version{5, 0, 0}));
  EXPECT_EQ(parse_version("5.1a"), (Version{5, 1, 0}));
  EXPECT_EQ(parse_version("5.1.2b3"), (Version{5, 1, 2}));
  EXPECT_EQ(parse_version("9999.9999.9999"), (Version{9999, 9999, 9999}));
}

TEST(ParseVersion, RefusesWhatIsNotARelease) {
  for (const char* text :
       {"",          "5",         "5.",         ".5",   "5.0.",   "5..0",    "5.0.0.0",
        "5.0.0-rc1", "5.0.0rc1x", "5.0.0.devx", "v5.0", "5.0 ",   " 5.0",    "12345.0",
        "5.12345",   "5.0.12345", "5.0.0.",     "auto", "latest", "5.0.0c1", "5.0.0.post1.dev2",
        "-1.0",      "5.x"}) {
    EXPECT_FALSE(parse_version(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace expcfg
