// Typed reading: each value is read by its field's type, never by YAML's guess.

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::resolve_with;
using testing::valid_layer;

/// Resolves a valid layer plus `training_lines` and returns the rendered problems.
std::string problems_of(const std::string& training_lines, ResolvedConfig* out = nullptr) {
  Diagnostics problems;
  auto config = resolve_with(MemoryFileSystem{{"x.yaml", valid_layer(training_lines)}}, {"x.yaml"},
                             {}, problems);
  if (out) *out = config;
  return render(problems);
}

Value read(const std::string& training_lines, const std::string& key) {
  ResolvedConfig config;
  const std::string problems = problems_of(training_lines, &config);
  EXPECT_EQ(problems, "");
  return config.at(key);
}

TEST(Read, FloatFieldAcceptsExponentWithoutDot) {
  EXPECT_EQ(read("  learning_rate: 1e-5\n", "learning_rate"), Value(1e-5));
  EXPECT_EQ(read("  learning_rate: 0.00001\n", "learning_rate"), Value(1e-5));
  EXPECT_EQ(read("  num_train_epochs: 2\n", "num_train_epochs"), Value(2.0));
}

TEST(Read, FloatFieldRejectsInfinityAndNaN) {
  EXPECT_EQ(
      problems_of("  learning_rate: .inf\n"),
      "x.yaml:6:18: error: expected a finite number for 'training.learning_rate', got '.inf'\n");
  EXPECT_EQ(
      problems_of("  learning_rate: .nan\n"),
      "x.yaml:6:18: error: expected a finite number for 'training.learning_rate', got '.nan'\n");
  EXPECT_EQ(
      problems_of("  learning_rate: 1e999\n"),
      "x.yaml:6:18: error: expected a finite number for 'training.learning_rate', got '1e999'\n");
}

TEST(Read, StringFieldKeepsScalarTextVerbatim) {
  EXPECT_EQ(read("  run_name: 1.10\n", "run_name"), Value(std::string("1.10")));
  EXPECT_EQ(read("  hub_model_id: yes\n", "hub_model_id"), Value(std::string("yes")));
}

TEST(Read, BoolOrStringKeepsNoAsAString) {
  EXPECT_EQ(read("  include_num_input_tokens_seen: no\n", "include_num_input_tokens_seen"),
            Value(std::string("no")));
  EXPECT_EQ(read("  include_num_input_tokens_seen: true\n", "include_num_input_tokens_seen"),
            Value(true));
}

TEST(Read, BoolFieldTakesYesNoOnOff) {
  EXPECT_EQ(read("  fp16: yes\n", "fp16"), Value(true));
  EXPECT_EQ(read("  fp16: off\n", "fp16"), Value(false));
  // In a file, 1 is YAML's number; HfArgumentParser's words are for text (--set, scripts).
  EXPECT_EQ(problems_of("  fp16: 1\n"),
            "x.yaml:6:9: error: expected a bool (true or false) for 'training.fp16', got '1'\n"
            "x.yaml:6:9: note: in a file, write true or false; 1/0, t/f and y/n are for --set "
            "and scripts, as HfArgumentParser reads them\n");
}

TEST(Read, QuotedNumberForIntFieldIsAnErrorWithHint) {
  EXPECT_EQ(problems_of("  seed: \"16\"\n"),
            "x.yaml:6:9: error: expected an integer for 'training.seed', got '16'\n"
            "x.yaml:6:9: note: the value is quoted, so it is a string; drop the quotes\n");
  EXPECT_EQ(problems_of("  fp16: \"true\"\n"),
            "x.yaml:6:9: error: expected a bool (true or false) for 'training.fp16', got 'true'\n"
            "x.yaml:6:9: note: the value is quoted, so it is a string; drop the quotes\n");
}

TEST(Read, IntFieldRejectsFractionsAndOverflow) {
  EXPECT_EQ(problems_of("  seed: 1.5\n"),
            "x.yaml:6:9: error: expected an integer for 'training.seed', got '1.5'\n");
  EXPECT_EQ(problems_of("  seed: 9223372036854775808\n"),
            "x.yaml:6:9: error: integer 9223372036854775808 for 'training.seed' does not fit in 64 "
            "bits\n");
  EXPECT_EQ(read("  max_steps: -9223372036854775808\n", "max_steps"),
            Value(std::int64_t{-9223372036854775807 - 1}));
}

TEST(Read, ChoiceFieldRejectsOtherValuesWithSuggestion) {
  EXPECT_EQ(problems_of("  sentence_pooling_method: maen\n"),
            "x.yaml:6:28: error: invalid value 'maen' for 'training.sentence_pooling_method'\n"
            "x.yaml:6:28: note: did you mean 'mean'?\n"
            "x.yaml:6:28: note: expected one of: cls, mean, last_token\n");
}

TEST(Read, ListFieldTakesSequenceOrSingleScalar) {
  EXPECT_EQ(read("  label_names: [a, b]\n", "label_names"), Value(StringList{"a", "b"}));
  EXPECT_EQ(read("  label_names: a\n", "label_names"), Value(StringList{"a"}));
  EXPECT_EQ(read("  mrl_dims: [128, 256]\n", "mrl_dims"), Value(IntList{128, 256}));
  EXPECT_EQ(problems_of("  mrl_dims: [128, x]\n"),
            "x.yaml:6:19: error: expected an integer for 'training.mrl_dims', got 'x'\n");
}

TEST(Read, DictOrStringTakesEitherWithCoreScalars) {
  EXPECT_EQ(read("  deepspeed: ds.json\n", "deepspeed"), Value(std::string("ds.json")));
  const Value value = read("  deepspeed: {stage: 2, offload: yes, lr: 1e-5, on: ~}\n", "deepspeed");
  EXPECT_EQ(to_json(value).dump(), R"({"stage":2,"offload":"yes","lr":1e-05,"on":null})");
  EXPECT_EQ(problems_of("  deepspeed: [1]\n"),
            "x.yaml:6:14: error: expected a mapping or a string for 'training.deepspeed', got a "
            "sequence\n");
}

TEST(Read, MappingOnlyFieldRejectsString) {
  EXPECT_EQ(problems_of("  liger_kernel_config: x\n"),
            "x.yaml:6:24: error: expected a mapping for 'training.liger_kernel_config', got 'x'\n");
}

TEST(Read, StringOrListHoldsEither) {
  EXPECT_EQ(read("  report_to: wandb\n", "report_to"), Value(std::string("wandb")));
  EXPECT_EQ(read("  report_to: [wandb, tensorboard]\n", "report_to"),
            Value(StringList{"wandb", "tensorboard"}));
}

TEST(Read, DebugWordsAreEachChecked) {
  EXPECT_EQ(read("  debug: underflow_overflow tpu_metrics_debug\n", "debug"),
            Value(std::string("underflow_overflow tpu_metrics_debug")));
  EXPECT_EQ(problems_of("  debug: [underflow_overflow, tpu]\n"),
            "x.yaml:6:31: error: invalid value 'tpu' for 'training.debug'\n"
            "x.yaml:6:31: note: expected one of: underflow_overflow, tpu_metrics_debug\n");
}

TEST(Read, NullSetsNullableFieldToNoneAndFailsOtherwise) {
  EXPECT_EQ(read("  temperature: null\n", "temperature"), Value(None{}));
  EXPECT_EQ(read("  tf32: ~\n", "tf32"), Value(None{}));
  EXPECT_EQ(problems_of("  seed:\n"),
            "x.yaml:6:3: error: 'training.seed' cannot be null\n"
            "x.yaml:6:3: note: use --unset training.seed (or leave the key out) for its default\n");
}

TEST(Read, MappingWhereScalarExpected) {
  EXPECT_EQ(problems_of("  output_dir: {a: 1}\n"),
            "x.yaml:6:15: error: expected a string for 'training.output_dir', got a mapping\n");
}

}  // namespace
}  // namespace expcfg
