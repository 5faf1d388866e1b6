// JSON Schema generation: each field's schema follows its declaration.

#include "emit/json_schema.hpp"

#include <gtest/gtest.h>

namespace expcfg {
namespace {

const FieldSpec& field(const RunnerSchema& runner, std::string_view key) {
  const auto dot = key.find('.');
  return runner.fields[*runner.find(*find_section(key.substr(0, dot)), key.substr(dot + 1))];
}

TEST(JsonSchema, FloatFieldHasTypeDefaultAndHelp) {
  const FieldSpec& spec = field(default_runner(), "training.learning_rate");
  const Json schema = field_json_schema(spec);
  EXPECT_EQ(schema["anyOf"][0]["type"], "number");
  EXPECT_EQ(schema["default"], 5e-05);
  EXPECT_EQ(schema["description"], std::string(spec.help));
}

TEST(JsonSchema, NullableChoiceFieldIsAnEnumOrNull) {
  const Json schema = field_json_schema(field(default_runner(), "training.lr_scheduler_type"));
  const Json nullable = field_json_schema(field(default_runner(), "model.cache_dir"));
  EXPECT_EQ(schema["anyOf"][0]["enum"][0], "linear");
  EXPECT_EQ(nullable["anyOf"][1], (Json{{"type", "null"}}));
  EXPECT_EQ(nullable["default"], nullptr);
}

TEST(JsonSchema, TypedFieldsAlsoTakeAReference) {
  // `per_device_eval_batch_size: ${training.per_device_train_batch_size}` is no editor error,
  // but only a string that holds `${...}` takes the place of an integer.
  const Json schema =
      field_json_schema(field(default_runner(), "training.per_device_eval_batch_size"));
  ASSERT_EQ(schema["anyOf"].size(), 2u);
  EXPECT_EQ(schema["anyOf"][0], (Json{{"type", "integer"}}));
  EXPECT_EQ(schema["anyOf"][1]["type"], "string");
  EXPECT_EQ(schema["anyOf"][1]["pattern"], "\\$\\{[^}]*\\}");
  const Json fp16 = field_json_schema(field(default_runner(), "training.fp16"));
  EXPECT_EQ(fp16["anyOf"][1]["pattern"], "\\$\\{[^}]*\\}");
  // An int list may be a reference as a whole.
  const Json dims = field_json_schema(field(default_runner(), "training.mrl_dims"));
  EXPECT_EQ(dims["anyOf"][1]["pattern"], "\\$\\{[^}]*\\}");
  EXPECT_EQ(dims["anyOf"][0]["anyOf"][0]["items"], (Json{{"type", "integer"}}));
}

TEST(JsonSchema, RequiredFieldsHaveNoDefault) {
  EXPECT_FALSE(
      field_json_schema(field(default_runner(), "model.model_name_or_path")).contains("default"));
}

TEST(JsonSchema, SeveralChoicesInOneStringMatchAPattern) {
  const Json schema = field_json_schema(field(default_runner(), "training.debug"));
  EXPECT_EQ(schema["anyOf"][0]["pattern"], "^ *((underflow_overflow|tpu_metrics_debug) *)*$");
}

TEST(JsonSchema, ListFieldsHaveAppendKeys) {
  const Json schema = json_schema(&default_runner());
  const Json& data = schema["properties"]["data"]["properties"];
  EXPECT_TRUE(data.contains("train_data+"));
  EXPECT_FALSE(schema["properties"]["training"]["properties"].contains("learning_rate+"));
}

TEST(JsonSchema, OneRunnersSchemaHasOnlyItsFields) {
  const Json base = json_schema(find_runner("embedder.encoder_only.base"));
  const Json layerwise = json_schema(find_runner("reranker.decoder_only.layerwise"));
  EXPECT_FALSE(base["properties"]["model"]["properties"].contains("model_type"));
  EXPECT_TRUE(layerwise["properties"]["model"]["properties"].contains("model_type"));
  EXPECT_EQ(base["properties"]["runner"]["enum"], Json::array({"embedder.encoder_only.base"}));
  EXPECT_FALSE(base.contains("allOf"));
}

TEST(JsonSchema, AllRunnersPicksFieldsByTheRunnerValue) {
  const Json schema = json_schema(nullptr);
  ASSERT_EQ(schema["allOf"].size(), all_runners().size());
  const Json& first = schema["allOf"][0];
  EXPECT_EQ(first["if"]["properties"]["runner"]["const"], "embedder.encoder_only.base");
  const Json& names = first["then"]["properties"]["model"]["propertyNames"]["enum"];
  EXPECT_NE(std::find(names.begin(), names.end(), "model_name_or_path"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "model_type"), names.end());
  // Without `runner:`, any runner's field is allowed.
  EXPECT_TRUE(schema["properties"]["model"]["properties"].contains("model_type"));
}

}  // namespace
}  // namespace expcfg
