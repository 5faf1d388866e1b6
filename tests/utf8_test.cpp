#include "base/utf8.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

TEST(Utf8, ValidTextPasses) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("ünïcödé 中文 🙂"), std::nullopt);
}

TEST(Utf8, InvalidBytesAreFound) {
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xc3"), 1u);             // truncated
  EXPECT_EQ(find_invalid_utf8("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);      // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
}

TEST(Utf8, ControlCharactersYamlForbidsAreFound) {
  using namespace std::string_view_literals;
  EXPECT_EQ(find_control_character("a: 1\tb\r\n\xc2\x85 é"), std::nullopt);  // tab, CR, NEL
  const auto nul = find_control_character("ab\0c"sv);
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->offset, 2u);
  EXPECT_EQ(nul->code_point, 0u);
  EXPECT_EQ(find_control_character("x\x1b[0m")->code_point, 0x1Bu);
  EXPECT_EQ(find_control_character("x\x7f")->code_point, 0x7Fu);
  const auto c1 = find_control_character("é\xc2\x9b");  // U+009B, a C1 control
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->offset, 2u);
  EXPECT_EQ(c1->code_point, 0x9Bu);
}

}  // namespace
}  // namespace expcfg
