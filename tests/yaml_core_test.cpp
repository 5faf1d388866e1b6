#include "load/yaml_core.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

TEST(Numbers, IntegersAreDecimalAnd64Bit) {
  std::int64_t value = 0;
  EXPECT_EQ(parse_int("42", value), NumberParse::Ok);
  EXPECT_EQ(value, 42);
  EXPECT_EQ(parse_int("+3", value), NumberParse::Ok);
  EXPECT_EQ(parse_int("-1", value), NumberParse::Ok);
  EXPECT_EQ(value, -1);
  EXPECT_EQ(parse_int("+-1", value), NumberParse::NotANumber);
  EXPECT_EQ(parse_int("1.0", value), NumberParse::NotANumber);
  EXPECT_EQ(parse_int("", value), NumberParse::NotANumber);
  EXPECT_EQ(parse_int("99999999999999999999", value), NumberParse::OutOfRange);
}

TEST(Numbers, FloatsFollowYaml12CoreForm) {
  double value = 0;
  for (const char* text : {"1e-5", "1E-5", ".5", "5.", "-0.25", "+2", "3"}) {
    EXPECT_EQ(parse_float(text, value), NumberParse::Ok) << text;
  }
  for (const char* text : {"1e", "e5", "1.2.3", "0x10", "abc", "1_000", "."}) {
    EXPECT_EQ(parse_float(text, value), NumberParse::NotANumber) << text;
  }
  for (const char* text : {".inf", "-.inf", ".NaN", "1e400"}) {
    EXPECT_EQ(parse_float(text, value), NumberParse::OutOfRange) << text;
  }
  EXPECT_EQ(parse_float("1e-400", value), NumberParse::Ok);
  EXPECT_EQ(value, 0.0);
}

TEST(Words, BoolAndNull) {
  EXPECT_EQ(parse_bool_word("Yes"), true);
  EXPECT_EQ(parse_bool_word("OFF"), false);
  EXPECT_EQ(parse_bool_word("1"), std::nullopt);
  EXPECT_TRUE(is_null_word("~"));
  EXPECT_FALSE(is_null_word("none"));
}

TEST(Core, ScalarsByYaml12Rules) {
  EXPECT_EQ(parse_core_scalar("2"), Json(2));
  EXPECT_EQ(parse_core_scalar("true"), Json(true));
  EXPECT_EQ(parse_core_scalar("yes"), std::nullopt);
  EXPECT_EQ(parse_core_scalar("~"), Json(nullptr));
}

TEST(Core, NonFiniteInMappingIsAnError) {
  Diagnostics problems;
  auto file = std::make_shared<const std::string>("f.yaml");
  const ParsedYaml parsed = parse_yaml("{a: {b: .inf}}");
  auto json = yaml_to_json(parsed.root(), file, Origin::none(), "training.x", problems);
  EXPECT_FALSE(json);
  EXPECT_EQ(render(problems),
            "f.yaml:1:9: error: expected a finite number in 'training.x.a.b', got '.inf'\n");
}

}  // namespace
}  // namespace expcfg
