#include "utf8.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

TEST(Utf8, ValidTextPasses) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("ünïcödé 中文 🙂"), std::nullopt);
}

TEST(Utf8, InvalidBytesAreFound) {
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xc3"), 1u);          // truncated
  EXPECT_EQ(find_invalid_utf8("\xc0\xaf"), 0u);       // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);   // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
}

}  // namespace
}  // namespace expcfg
