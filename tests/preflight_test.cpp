// Preflight's readers: JSON with key positions (DeepSpeed files) and the record scanner (data
// files). The rules themselves are tested at the command line: tests/cli_preflight_test.sh.

#include "preflight/preflight.hpp"

#include <gtest/gtest.h>

#include "preflight/json_reader.hpp"
#include "preflight/records.hpp"

namespace expcfg::preflight_checks {
namespace {

const auto kFile = std::make_shared<const std::string>("ds.json");

TEST(JsonReader, KeepsTheLineAndColumnOfEveryKey) {
  std::string error;
  SourceLoc where;
  const auto json = read_json("{\n  \"zero_optimization\": {\"stage\": 2},\n  \"lr\": 1e-5\n}",
                              kFile, error, where);
  ASSERT_TRUE(json) << error;
  EXPECT_EQ(json->value["zero_optimization"]["stage"], 2);
  EXPECT_EQ(json->value["lr"].get<double>(), 1e-5);
  EXPECT_EQ(json->keys.at("zero_optimization").line, 2);
  EXPECT_EQ(json->keys.at("zero_optimization").column, 3);
  EXPECT_EQ(json->keys.at("zero_optimization.stage").column, 25);
  EXPECT_EQ(json->keys.at("lr").line, 3);
}

TEST(JsonReader, RepeatedKeyKeepsTheLastValueAndIsRemembered) {
  std::string error;
  SourceLoc where;
  const auto json = read_json("{\"a\": 1, \"a\": 2}", kFile, error, where);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->value["a"], 2);
  ASSERT_EQ(json->duplicates.size(), 1u);
  EXPECT_EQ(json->duplicates[0].first, "a");
  EXPECT_EQ(json->duplicates[0].second.column, 10);
}

TEST(JsonReader, SyntaxErrorSaysWhere) {
  std::string error;
  SourceLoc where;
  EXPECT_FALSE(read_json("{\n  \"a\": 1,\n}", kFile, error, where));
  EXPECT_EQ(error, "expected a key in quotes");
  EXPECT_EQ(where.line, 3);
  EXPECT_EQ(where.column, 1);
}

TEST(JsonReader, DeepNestingIsAnErrorNotACrash) {
  std::string error;
  SourceLoc where;
  EXPECT_FALSE(read_json(std::string(100000, '['), kFile, error, where));
  EXPECT_EQ(error, "nested too deeply");
}

TEST(JsonReader, UnicodeEscapesBecomeUtf8) {
  std::string error;
  SourceLoc where;
  const auto json = read_json(R"({"k": "\u00e9\ud83d\ude00"})", kFile, error, where);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->value["k"], "\xc3\xa9\xf0\x9f\x98\x80");
}

Record read(std::string_view text, std::string& error, bool& ok) {
  RecordReader reader(text.data(), text.data() + text.size());
  Record record;
  ok = reader.read_record(record, error);
  return record;
}

TEST(RecordReader, SummarisesTopLevelFields) {
  std::string error;
  bool ok = false;
  const Record record = read(
      R"({"query": "q\"x", "pos": ["a", "b"], "neg": [], "pos_scores": [1, 0.5], "batch_size": 4, "meta": {"x": [1]}})",
      error, ok);
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(record.find("query")->kind, JsonKind::String);
  EXPECT_EQ(record.find("query")->text, R"(q\"x)");
  EXPECT_EQ(record.find("pos")->items, 2u);
  EXPECT_EQ(record.find("pos")->item_kinds, bit(JsonKind::String));
  EXPECT_EQ(record.find("neg")->items, 0u);
  EXPECT_EQ(record.find("pos_scores")->item_kinds, bit(JsonKind::Int) | bit(JsonKind::Float));
  EXPECT_EQ(record.find("batch_size")->integer, 4);
  EXPECT_EQ(record.find("meta")->kind, JsonKind::Object);
  EXPECT_EQ(record.find("pos")->column, 19);
}

TEST(RecordReader, LongStringsAreScannedWhole) {
  std::string error;
  bool ok = false;
  const std::string text = "{\"query\": \"" + std::string(1000, 'x') + "\\\\" +
                           std::string(13, 'y') + "\", \"pos\": [\"p\"]}";
  const Record record = read(text, error, ok);
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(record.find("query")->text.size(), 1015u);
  EXPECT_EQ(record.find("pos")->items, 1u);
}

TEST(RecordReader, RefusesWhatIsNotAnObjectOrIsCut) {
  std::string error;
  bool ok = true;
  read("[1, 2]", error, ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "expected a record (a JSON object)");
  read(R"({"query": "q)", error, ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "unterminated string");
  read(std::string("{\"q\": \"a\x01\"}"), error, ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "control character in a string");
  read(R"({"q": 1.})", error, ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "malformed number");
}

TEST(PreflightRule, IsTheTagAtTheEndOfTheMessage) {
  Diagnostic diagnostic;
  diagnostic.message = "DeepSpeed 'train_batch_size' is 4 [DS04]";
  EXPECT_EQ(preflight_rule(diagnostic), "DS04");
  diagnostic.message = "'training.fp16' and 'training.bf16' are both true";
  EXPECT_EQ(preflight_rule(diagnostic), "");
}

}  // namespace
}  // namespace expcfg::preflight_checks
