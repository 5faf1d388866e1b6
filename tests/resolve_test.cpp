// Merge and overrides: schema defaults <- layers in order <- --set/--unset.

#include "expcfg/resolve.hpp"

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::run;
using testing::valid_layer;

const std::string kBase = valid_layer(
    "  learning_rate: 1e-5\n"
    "  fp16: true\n"
    "  deepspeed: {stage: 2, offload: true}\n");

TEST(Merge, DefaultsFillEveryField) {
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.learning_rate"), Value(5e-5));
  EXPECT_EQ(r.config.at("data.query_instruction_format"), Value(std::string("{}{}")));
  EXPECT_EQ(r.config.origin(*r.config.index("learning_rate")).label(), "default");
}

TEST(Merge, LaterLayerWins) {
  auto r = run({{"a.yaml", kBase}, {"b.yaml", "training:\n  learning_rate: 2e-5\n"}},
               {"a.yaml", "b.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("learning_rate"), Value(2e-5));
  EXPECT_EQ(r.config.origin(*r.config.index("learning_rate")).where(), "b.yaml:2:3");
  EXPECT_EQ(r.config.at("fp16"), Value(true));
}

TEST(Merge, SequenceReplacesWhole) {
  auto r =
      run({{"a.yaml", kBase}, {"b.yaml", "data:\n  train_data: [x, y]\n"}}, {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.config.at("train_data"), Value(StringList{"x", "y"}));
}

TEST(Merge, DictValueReplacesWhole) {
  auto r = run({{"a.yaml", kBase}, {"b.yaml", "training:\n  deepspeed: {stage: 3}\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_EQ(to_json(r.config.at("deepspeed")).dump(), R"({"stage":3})");
}

TEST(Merge, PlusKeyAppendsToEarlierList) {
  auto r = run({{"a.yaml", kBase}, {"b.yaml", "data:\n  train_data+: [extra/]\n"}},
               {"a.yaml", "b.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("train_data"), Value(StringList{"a.jsonl", "extra/"}));
  EXPECT_EQ(r.config.origin(*r.config.index("train_data")).where(), "b.yaml:2:3");
  EXPECT_EQ(r.config.origin_label(*r.config.index("train_data")), "a.yaml:4 + b.yaml:2");
}

TEST(Merge, AppendToUnsetListStartsEmpty) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.label_names+=[x]"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("label_names"), Value(StringList{"x"}));
}

TEST(Merge, AppendToScalarFieldIsAnError) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.seed+=[1]"});
  EXPECT_EQ(r.problems,
            "--set training.seed+=[1]: error: cannot append to 'training.seed': it is a int, not a "
            "list\n");
}

TEST(Overrides, SetAppliesLastAndInOrder) {
  auto r =
      run({{"a.yaml", kBase}}, {"a.yaml"},
          {"--set", "training.learning_rate=3e-5", "--unset", "learning_rate", "--set", "seed=7"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("learning_rate"), Value(5e-5));
  EXPECT_EQ(r.config.origin(*r.config.index("learning_rate")).label(), "--unset");
  EXPECT_EQ(r.config.at("seed"), Value(std::int64_t{7}));
}

TEST(Overrides, SetListAsFlowValue) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "data.train_data=[a.jsonl,b/]"});
  EXPECT_EQ(r.config.at("train_data"), Value(StringList{"a.jsonl", "b/"}));
}

TEST(Overrides, StringValueIsVerbatim) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"},
               {"--set", "query_instruction_for_retrieval=Query: find this ", "--set",
                "run_name='quoted: yes'", "--set", "hub_model_id=1.10"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("query_instruction_for_retrieval"),
            Value(std::string("Query: find this ")));
  EXPECT_EQ(r.config.at("run_name"), Value(std::string("quoted: yes")));
  EXPECT_EQ(r.config.at("hub_model_id"), Value(std::string("1.10")));
}

TEST(Overrides, NullWordSetsStringFieldToNone) {
  auto r = run({{"a.yaml", kBase + "  run_name: x\n"}}, {"a.yaml"}, {"--set", "run_name=null"});
  EXPECT_EQ(r.config.at("run_name"), Value(None{}));
}

TEST(Overrides, BadValueIsReportedAtTheFlag) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.seed=abc"});
  EXPECT_EQ(r.problems,
            "--set training.seed=abc: error: expected an integer for 'training.seed', got 'abc'\n");
}

TEST(Overrides, SetWithoutEqualsIsAUsageError) {
  Diagnostics problems;
  EXPECT_FALSE(parse_set("training.seed", problems));
  EXPECT_TRUE(problems.has_usage_error());
  EXPECT_EQ(render(problems),
            "--set training.seed: error: expected KEY=VALUE\n"
            "note: for example: --set training.learning_rate=2e-5\n");
}

TEST(Overrides, UnknownUnsetKeyIsAConfigError) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--unset", "training.sed"});
  EXPECT_EQ(r.problems,
            "--unset training.sed: error: unknown key 'training.sed'\n"
            "--unset training.sed: note: did you mean 'seed'?\n");
}

TEST(Validate, UnknownKeyInWrongSectionNamesTheRightOne) {
  auto r = run({{"a.yaml", valid_layer("  train_group_size: 4\n")}}, {"a.yaml"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: unknown key 'training.train_group_size'\n"
            "a.yaml:6:3: note: 'train_group_size' is in section 'data': write "
            "'data.train_group_size'\n");
}

TEST(Validate, DottedKeyIntoAWholeValueSaysToSetItWhole) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.deepspeed.stage=3"});
  EXPECT_EQ(r.problems,
            "--set training.deepspeed.stage=3: error: unknown key 'training.deepspeed.stage'\n"
            "--set training.deepspeed.stage=3: note: 'training.deepspeed' is one value (mapping or "
            "string): set it whole, e.g. --set 'training.deepspeed={...}'\n");
}

TEST(Validate, RemovedTransformersKeysGetANote) {
  auto r = run({{"a.yaml", valid_layer("  warmup_ratio: 0.1\n  overwrite_output_dir: true\n")}},
               {"a.yaml"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: unknown key 'training.warmup_ratio'\n"
            "a.yaml:6:3: note: transformers 5 removed 'warmup_ratio': write the ratio as "
            "'warmup_steps' (a float below 1 is a ratio of the total steps, e.g. warmup_steps: "
            "0.1)\n"
            "a.yaml:7:3: error: unknown key 'training.overwrite_output_dir'\n"
            "a.yaml:7:3: note: transformers 5 removed 'overwrite_output_dir' with no replacement: "
            "delete the key\n");
}

TEST(Validate, RequiredFieldsUnsetAreReportedWithoutLocation) {
  auto r = run({{"a.yaml", "training:\n  seed: 1\n"}}, {"a.yaml"});
  EXPECT_EQ(r.problems,
            "expcfg: error: 'model.model_name_or_path' is required, but no layer sets it\n"
            "expcfg: error: 'data.train_data' is required, but no layer sets it\n");
}

TEST(Validate, RequiredFieldSetToNullIsReportedThere) {
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", "data:\n  train_data: null\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems, "b.yaml:2:3: error: 'data.train_data' is required and cannot be null\n");
}

TEST(Validate, RequiredStringSetToNullIsReportedOnceThere) {
  // Not nullable: the value is rejected where it is written, with no second error after it.
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", "model:\n  model_name_or_path:\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems,
            "b.yaml:2:3: error: 'model.model_name_or_path' is required and cannot be null\n");
}

TEST(Validate, RequiredStringSetEmptyIsReportedThere) {
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "model_name_or_path="});
  EXPECT_EQ(
      r.problems,
      "--set model_name_or_path=: error: 'model.model_name_or_path' is required and cannot be "
      "empty\n");
}

TEST(Validate, Fp16WithBf16BlamesTheLaterOne) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.bf16=true"});
  EXPECT_EQ(r.problems,
            "--set training.bf16=true: error: 'training.fp16' and 'training.bf16' are both true\n"
            "a.yaml:7:3: note: 'training.fp16' was set here\n");
}

TEST(Validate, LoadBestModelNeedsMatchingStrategies) {
  auto r =
      run({{"a.yaml", valid_layer("  load_best_model_at_end: true\n  eval_strategy: epoch\n")}},
          {"a.yaml"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: 'training.load_best_model_at_end' needs 'training.eval_strategy' "
            "and 'training.save_strategy' to match, got 'epoch' and 'steps'\n"
            "note: 'training.save_strategy' has its default value\n");
}

TEST(Validate, PrefetchFactorNeedsWorkers) {
  auto r = run({{"a.yaml", valid_layer("  dataloader_prefetch_factor: 2\n")}}, {"a.yaml"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: 'training.dataloader_prefetch_factor' needs "
            "'training.dataloader_num_workers' above 0\n"
            "note: 'training.dataloader_num_workers' has its default value\n");
}

TEST(Validate, EveryProblemIsReportedInOneRun) {
  auto r = run({{"a.yaml", "model:\n  model_name_or_pth: m\ntraining:\n  seed: x\n  fp16: 2\n"}},
               {"a.yaml"});
  EXPECT_EQ(std::count(r.problems.begin(), r.problems.end(), '\n'), 6) << r.problems;
}

TEST(Runner, UnknownRunnerListsTheSupportedOnes) {
  auto r = run({{"a.yaml", "runner: embedder.encoder_only.bas\n" + valid_layer()}}, {"a.yaml"});
  EXPECT_EQ(r.problems,
            "a.yaml:1:9: error: unknown runner 'embedder.encoder_only.bas'\n"
            "a.yaml:1:9: note: did you mean 'embedder.encoder_only.base'?\n"
            "a.yaml:1:9: note: supported runners: embedder.encoder_only.base, "
            "embedder.encoder_only.m3, embedder.decoder_only.base, embedder.decoder_only.icl, "
            "reranker.encoder_only.base, reranker.decoder_only.base, "
            "reranker.decoder_only.layerwise\n");
}

TEST(Runner, FieldOfAnotherRunnerNamesItsRunners) {
  auto r = run({{"a.yaml", valid_layer("  use_self_distill: true\n")}}, {"a.yaml"},
               {"--set", "lora_rank=8"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: 'training.use_self_distill' belongs to embedder.encoder_only.m3; "
            "this config's runner is embedder.encoder_only.base\n"
            "note: no layer sets 'runner', so it is the default; set 'runner:' to use these "
            "fields\n"
            "--set lora_rank=8: error: 'model.lora_rank' belongs to embedder.decoder_only.base, "
            "embedder.decoder_only.icl, reranker.decoder_only.base, "
            "reranker.decoder_only.layerwise; this config's runner is embedder.encoder_only.base\n"
            "note: no layer sets 'runner', so it is the default; set 'runner:' to use these "
            "fields\n");
}

TEST(Runner, LaterLayerChangesTheRunnerAndFieldsFollowIt) {
  auto r = run({{"base.yaml", "runner: embedder.encoder_only.base\n" + valid_layer()},
                {"m3.yaml", "runner: embedder.encoder_only.m3\nmodel:\n  colbert_dim: 128\n"}},
               {"base.yaml", "m3.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.runner->name, "embedder.encoder_only.m3");
  EXPECT_EQ(r.config.at("colbert_dim"), Value(std::int64_t{128}));
  const auto m3 = to_arguments<EmbedderEncoderOnlyM3>(r.config);
  EXPECT_EQ(m3.model.colbert_dim, 128);
  EXPECT_EQ(m3.model.model_name_or_path, "m");
  EXPECT_THROW(to_arguments<EmbedderEncoderOnlyBase>(r.config), std::invalid_argument);
}

TEST(Runner, RunnerSetOnTheCommandLine) {
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"},
               {"--set", "runner=reranker.decoder_only.layerwise", "--set", "start_layer=4"});
  ASSERT_EQ(r.problems, "");
  const auto layerwise = to_arguments<RerankerDecoderOnlyLayerwise>(r.config);
  EXPECT_EQ(layerwise.model.start_layer, 4);
  EXPECT_EQ(layerwise.model.model_type, "from_raw_model");
  EXPECT_EQ(layerwise.data.max_len, 512);
  EXPECT_EQ(r.config.origin(*r.config.index("start_layer")).where(), "--set start_layer=4");
}

TEST(Runner, RunnerFieldErrorPointsAtWhereTheRunnerWasSet) {
  auto r = run({{"a.yaml", "runner: reranker.encoder_only.base\n" + valid_layer()},
                {"b.yaml", "model:\n  colbert_dim: 8\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems,
            "b.yaml:2:3: error: 'model.colbert_dim' belongs to embedder.encoder_only.m3; this "
            "config's runner is reranker.encoder_only.base\n"
            "a.yaml:1:9: note: the runner was set here\n");
}

TEST(Arguments, TypedStructsCarryResolvedValues) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "temperature=null"});
  ASSERT_EQ(r.problems, "");
  const auto arguments = to_arguments<EmbedderEncoderOnlyBase>(r.config);
  EXPECT_EQ(arguments.model.model_name_or_path, "m");
  EXPECT_EQ(arguments.data.train_data, StringList{"a.jsonl"});
  EXPECT_EQ(arguments.training.learning_rate, 1e-5);
  EXPECT_TRUE(arguments.training.fp16);
  EXPECT_FALSE(arguments.training.temperature.has_value());
  ASSERT_TRUE(arguments.training.deepspeed.has_value());
  EXPECT_EQ(std::get<Json>(*arguments.training.deepspeed)["stage"], 2);
  EXPECT_EQ(arguments.training.report_to, StringOrList{"none"});
}

}  // namespace
}  // namespace expcfg

namespace expcfg {
namespace {}  // namespace
}  // namespace expcfg

namespace expcfg {
namespace {

TEST(Limits, DuplicateKeyInASetValueIsReportedAtTheFlag) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "deepspeed={a: 1, a: 2}"});
  EXPECT_EQ(r.problems,
            "--set deepspeed={a: 1, a: 2}: error: duplicate key 'training.deepspeed.a'\n"
            "--set deepspeed={a: 1, a: 2}: note: first written here\n");
}

TEST(Limits, BillionLaughsInAMappingValueStopsWithAnError) {
  std::string text =
      "training:\n  deepspeed:\n    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  std::string previous = "a";
  for (int level = 1; level < 10; ++level) {
    text += fmt::format("    l{0}: &l{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n",
                        level, previous);
    previous = fmt::format("l{}", level);
  }
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", text}}, {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems,
            "b.yaml:3:5: error: 'training.deepspeed' expands to more than 100000 values (through "
            "aliases?)\n");
}

TEST(Limits, MergeKeyBombStopsWithAnError) {
  std::string text = "training:\n  deepspeed:\n    m0: &m0 {a: 1}\n";
  for (int level = 1; level < 12; ++level) {
    text +=
        fmt::format("    m{0}: &m{0} {{<<: [*m{1}, *m{1}, *m{1}, *m{1}, *m{1}, *m{1}], k: 1}}\n",
                    level, level - 1);
  }
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", text}}, {"a.yaml", "b.yaml"});
  EXPECT_NE(r.problems.find("'<<' merge keys here pull in more than 10000 mappings"),
            std::string::npos)
      << r.problems;
}

}  // namespace
}  // namespace expcfg
