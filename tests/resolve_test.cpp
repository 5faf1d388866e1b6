// Merge and overrides: schema defaults <- layers in order <- --set/--unset.

#include "expcfg/resolve.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

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

TEST(Merge, MappingUpdatesEarlierMappingByKey) {
  auto r = run({{"a.yaml", kBase}, {"b.yaml", "training:\n  deepspeed: {stage: 3}\n"}},
               {"a.yaml", "b.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(to_json(r.config.at("deepspeed")).dump(), R"({"stage":3,"offload":true})");
  EXPECT_EQ(r.config.origin_label(*r.config.index("deepspeed")), "a.yaml:8 + b.yaml:2");
}

TEST(Merge, BangKeyReplacesMappingWhole) {
  auto r = run({{"a.yaml", kBase}, {"b.yaml", "training:\n  deepspeed!: {stage: 3}\n"}},
               {"a.yaml", "b.yaml"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(to_json(r.config.at("deepspeed")).dump(), R"({"stage":3})");
  EXPECT_EQ(r.config.origin_label(*r.config.index("deepspeed")), "b.yaml:2");
}

TEST(Merge, StringReplacesMappingWhole) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.deepspeed=ds.json"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("deepspeed"), Value(std::string("ds.json")));
}

TEST(Merge, SetAndUnsetOneKeyOfAMapping) {
  auto r =
      run({{"a.yaml", kBase}}, {"a.yaml"},
          {"--set", "training.deepspeed.zero.stage=1", "--unset", "training.deepspeed.offload"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(to_json(r.config.at("deepspeed")).dump(), R"({"stage":2,"zero":{"stage":1}})");
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

TEST(Validate, DottedKeyIntoAScalarSaysItHasNoKeys) {
  auto r = run({{"a.yaml", kBase}}, {"a.yaml"}, {"--set", "training.seed.x=3"});
  EXPECT_EQ(r.problems,
            "--set training.seed.x=3: error: unknown key 'training.seed.x'\n"
            "--set training.seed.x=3: note: 'training.seed' is one value (int), which has no "
            "keys\n");
}

TEST(Versions, RemovedFieldIsAnErrorWithTheReleaseNote) {
  auto r =
      run({{"a.yaml", valid_layer("  overwrite_output_dir: true\n  logging_first_step: true\n")}},
          {"a.yaml"}, {"--set", "launch.transformers=5.17.0"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: 'training.overwrite_output_dir' does not exist in transformers "
            "5.17.0\n"
            "a.yaml:6:3: note: 'overwrite_output_dir' was removed in transformers 5.0.0 with no "
            "replacement: delete the key\n");
}

TEST(Versions, RemovedFieldAtItsOldDefaultIsDropped) {
  auto r = run({{"a.yaml", valid_layer("  overwrite_output_dir: false\n")}}, {"a.yaml"},
               {"--set", "launch.transformers=5.17.0"});
  EXPECT_EQ(r.problems, "");
  EXPECT_FALSE(r.config.index("training.overwrite_output_dir").has_value());
}

TEST(Versions, FieldAddedLaterNamesTheRelease) {
  auto r = run({{"a.yaml", valid_layer("  use_cache: true\n")}}, {"a.yaml"},
               {"--set", "launch.transformers=4.44.2", "--set", "output_dir=o"});
  EXPECT_EQ(r.problems,
            "a.yaml:6:3: error: 'training.use_cache' does not exist in transformers 4.44.2\n"
            "a.yaml:6:3: note: 'use_cache' was added in transformers 5.0.0; set "
            "'launch.transformers' to that release or later to use it\n");
}

TEST(Versions, WarmupRatioAndStepsTranslateBothWays) {
  auto old_spelling = run({{"a.yaml", valid_layer("  warmup_ratio: 0.1\n")}}, {"a.yaml"},
                          {"--set", "launch.transformers=5.17.0"});
  ASSERT_EQ(old_spelling.problems, "");
  EXPECT_EQ(old_spelling.config.at("training.warmup_steps"), Value(0.1));
  EXPECT_EQ(old_spelling.config.origin_label(*old_spelling.config.index("warmup_steps")),
            "a.yaml:6 (written as warmup_ratio: 0.1)");
  auto new_spelling = run({{"a.yaml", valid_layer("  warmup_steps: 0.1\n")}}, {"a.yaml"},
                          {"--set", "launch.transformers=4.44.2", "--set", "output_dir=o"});
  ASSERT_EQ(new_spelling.problems, "");
  EXPECT_EQ(new_spelling.config.at("training.warmup_ratio"), Value(0.1));
  EXPECT_EQ(new_spelling.config.at("training.warmup_steps"), Value(0.0));
  auto steps = run({{"a.yaml", valid_layer("  warmup_steps: 100\n")}}, {"a.yaml"});
  ASSERT_EQ(steps.problems, "");
  EXPECT_EQ(steps.config.at("training.warmup_steps"), Value(100.0));
}

TEST(Versions, WarmupThatNoReleaseSpellingHolds) {
  EXPECT_EQ(run({{"a.yaml", valid_layer("  warmup_steps: 1.5\n")}}, {"a.yaml"}).problems,
            "a.yaml:6:3: error: transformers 4.57.6 reads 'training.warmup_steps' as a whole "
            "number of steps, got 1.5\n"
            "note: a value below 1 is a ratio of the total steps (warmup_ratio)\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer("  warmup_ratio: 1.0\n")}}, {"a.yaml"},
                {"--set", "launch.transformers=5.17.0"})
                .problems,
            "a.yaml:6:3: error: 'training.warmup_ratio: 1.0' has no equivalent in transformers "
            "5.17.0: there warmup_steps 1.0 means one step\n"
            "note: a ratio below 1 translates: warmup_steps: 0.99 is 99%\n");
  EXPECT_EQ(
      run({{"a.yaml", valid_layer("  warmup_ratio: 0.1\n  warmup_steps: 10\n")}}, {"a.yaml"})
          .problems,
      "a.yaml:6:3: error: set only one of 'training.warmup_steps' and 'training.warmup_ratio': "
      "when both are set, transformers 4 uses warmup_steps and 5.0 to 5.14 warmup_ratio\n"
      "a.yaml:7:3: note: 'training.warmup_steps' was set here\n");
}

TEST(Versions, WarmupValuesNoReleaseTakes) {
  // warmup_ratio: 0 is 4.x's "no ratio" (a 4.x dump holds it): warmup_steps decides, and the
  // ratio is not written for 5.0 to 5.14, which would copy it over warmup_steps.
  for (const char* release : {"4.57.6", "5.0.0", "5.17.0"}) {
    auto r = run({{"a.yaml", valid_layer("  warmup_ratio: 0\n  warmup_steps: 10\n")}}, {"a.yaml"},
                 {"--set", std::string("launch.transformers=") + release});
    ASSERT_EQ(r.problems, "") << release;
    EXPECT_EQ(r.config.at("training.warmup_steps"), Value(10.0));
    const auto ratio = r.config.index("training.warmup_ratio");
    if (ratio) {
      EXPECT_EQ(r.config.values[*ratio], r.config.runner->fields[*ratio].default_value);
    }
  }
  for (const char* release : {"4.44.2", "5.17.0"}) {
    EXPECT_EQ(run({{"a.yaml", valid_layer("  warmup_steps: -1\n  output_dir: o\n")}}, {"a.yaml"},
                  {"--set", std::string("launch.transformers=") + release})
                  .problems,
              "a.yaml:6:3: error: 'training.warmup_steps' must not be negative, got -1.0\n");
  }
  EXPECT_EQ(
      run({{"a.yaml", valid_layer("  warmup_steps: 1e19\n")}}, {"a.yaml"}).problems,
      "a.yaml:6:3: error: 'training.warmup_steps' is 1e+19: more steps than a run can have\n");
}

TEST(Versions, TranslationsThatCollide) {
  const std::vector<std::string> five = {"--set", "launch.transformers=5.17.0"};
  EXPECT_EQ(run({{"a.yaml", valid_layer("  adafactor: true\n  optim: sgd\n")}}, {"a.yaml"}, five)
                .problems,
            "a.yaml:6:3: error: 'training.adafactor: true' means 'training.optim: adafactor', but "
            "'training.optim' is set to sgd\n"
            "a.yaml:7:3: note: 'training.optim' was set here\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer("  logging_dir: ./logs\nlaunch:\n  env: "
                                        "{TENSORBOARD_LOGGING_DIR: ./other}\n")}},
                {"a.yaml"}, five)
                .problems,
            "a.yaml:6:3: error: 'training.logging_dir' goes into "
            "'launch.env.TENSORBOARD_LOGGING_DIR' on transformers 5, which already holds another "
            "folder\n"
            "a.yaml:8:3: note: 'launch.env' was set here\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer("  warmup_ratio: 1.5\n")}}, {"a.yaml"}).problems,
            "a.yaml:6:3: error: 'training.warmup_ratio' must be in [0, 1], got 1.5\n");
}

TEST(Versions, OldNameCountsForChecksInEveryRelease) {
  // 4.x copies evaluation_strategy into eval_strategy before it compares it with save_strategy.
  auto r = run({{"a.yaml", valid_layer("  load_best_model_at_end: true\n"
                                       "  evaluation_strategy: steps\n")}},
               {"a.yaml"}, {"--set", "launch.transformers=4.50.3"});
  EXPECT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.eval_strategy"), Value(std::string("steps")));
  // Its default (None) copies nothing: a 4.44.2 dump carries it, and moves to later releases.
  auto moved = run({{"a.yaml", valid_layer("  evaluation_strategy: null\n"
                                           "  per_gpu_train_batch_size: null\n")}},
                   {"a.yaml"}, {"--set", "launch.transformers=5.17.0"});
  EXPECT_EQ(moved.problems, "");
}

TEST(Versions, FlagEmbeddingReleasesExpcfgKnows) {
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.flagembedding=4.57.6"})
                .problems,
            "--set launch.flagembedding=4.57.6: error: FlagEmbedding 4.57.6 is not a release "
            "expcfg knows (1.3.0 to 1.4.x)\n"
            "note: is it the transformers release? that one goes in 'launch.transformers'\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.flagembedding=source"})
                .problems,
            "");
}

TEST(Versions, AutoNeedsPermissionToRunPython) {
  // The tests' resolve (like the fuzzers') does not start processes.
  EXPECT_EQ(
      run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.transformers=auto"}).problems,
      "--set launch.transformers=auto: error: 'launch.transformers: auto' needs to run "
      "Python, which is not allowed here\n");
}

TEST(Versions, RenamedFieldIsEmittedUnderTheTargetsName) {
  auto r = run({{"a.yaml", valid_layer("  evaluation_strategy: steps\n")}}, {"a.yaml"},
               {"--set", "launch.transformers=5.17.0"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.eval_strategy"), Value(std::string("steps")));
  EXPECT_EQ(r.config.origin_label(*r.config.index("eval_strategy")),
            "a.yaml:6 (written as evaluation_strategy)");
  auto conflict =
      run({{"a.yaml", valid_layer("  evaluation_strategy: steps\n  eval_strategy: epoch\n")}},
          {"a.yaml"}, {"--set", "launch.transformers=5.17.0"});
  EXPECT_EQ(conflict.problems,
            "a.yaml:6:3: error: 'training.evaluation_strategy' and 'training.eval_strategy' are "
            "the same setting with different values\n"
            "a.yaml:7:3: note: 'training.eval_strategy' was set here\n");
}

TEST(Versions, ChoicesAreTheTargetReleases) {
  EXPECT_EQ(run({{"a.yaml", valid_layer("  optim: adamw_torch_8bit\n")}}, {"a.yaml"},
                {"--set", "launch.transformers=4.44.2", "--set", "output_dir=o"})
                .problems,
            "a.yaml:6:3: error: 'adamw_torch_8bit' is not a choice of 'training.optim' in "
            "transformers 4.44.2\n"
            "note: transformers 4.49.0 has it\n");
  // adamw_hf left in 4.50: valid on 4.44.2, not on the default.
  EXPECT_EQ(run({{"a.yaml", valid_layer("  optim: adamw_hf\n")}}, {"a.yaml"},
                {"--set", "launch.transformers=4.44.2", "--set", "output_dir=o"})
                .problems,
            "");
}

TEST(Versions, DefaultsAreTheTargetReleases) {
  auto four = run({{"a.yaml", valid_layer()}}, {"a.yaml"},
                  {"--set", "launch.transformers=4.44.2", "--set", "output_dir=o"});
  ASSERT_EQ(four.problems, "");
  EXPECT_EQ(four.config.at("training.optim"), Value(std::string("adamw_torch")));
  EXPECT_EQ(four.config.at("training.save_safetensors"), Value(true));
  EXPECT_TRUE(is_none(four.config.at("training.report_to")));
  auto five = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.transformers=5.17.0"});
  ASSERT_EQ(five.problems, "");
  EXPECT_EQ(five.config.at("training.report_to"), Value(std::string("none")));
  EXPECT_FALSE(five.config.index("training.save_safetensors").has_value());
}

TEST(Versions, OutputDirIsRequiredBefore449) {
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.transformers=4.48.3"})
                .problems,
            "expcfg: error: 'training.output_dir' is required, but no layer sets it\n");
}

TEST(Versions, BadTargetsAreErrors) {
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.transformers=4.40.0"})
                .problems,
            "--set launch.transformers=4.40.0: error: transformers 4.40.0 is not supported: expcfg "
            "targets 4.44.2 up to 6.0.0 (not included)\n"
            "note: FlagEmbedding 1.3 and 1.4 need transformers 4.44.2 or later\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.transformers=latest"})
                .problems,
            "--set launch.transformers=latest: error: 'launch.transformers' must be a release such "
            "as 4.57.6, or auto; got 'latest'\n");
  EXPECT_EQ(run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "launch.flagembedding=1.2.9"})
                .problems,
            "--set launch.flagembedding=1.2.9: error: FlagEmbedding 1.2.9 has no "
            "FlagEmbedding.finetune runners (they came in 1.3)\n"
            "note: 'expcfg import' reads scripts written for earlier releases\n");
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
  EXPECT_EQ(r.problems,
            "b.yaml:2:3: error: 'data.train_data' is required, but it is left empty here\n"
            "note: fill it in here, in a later layer or with --set data.train_data=...\n");
}

TEST(Validate, RequiredStringLeftEmptyIsReportedOnceThere) {
  // Not nullable, but a blank to fill: judged once, on the merged result.
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", "model:\n  model_name_or_path:\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems,
            "b.yaml:2:3: error: 'model.model_name_or_path' is required, but it is left empty "
            "here\n"
            "note: fill it in here, in a later layer or with --set model.model_name_or_path=...\n");
}

TEST(Validate, RequiredFieldLeftEmptyIsFilledByALaterLayerOrSet) {
  // `expcfg init` writes `model_name_or_path:`; layering completes the template.
  const std::string blank = "model:\n  model_name_or_path:\ndata:\n  train_data:\n";
  EXPECT_EQ(run({{"a.yaml", blank}, {"b.yaml", valid_layer()}}, {"a.yaml", "b.yaml"}).problems, "");
  EXPECT_EQ(run({{"a.yaml", blank}}, {"a.yaml"},
                {"--set", "model_name_or_path=m", "--set", "train_data=[d]"})
                .problems,
            "");
}

TEST(Validate, RequiredStringSetEmptyIsReportedThere) {
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "model_name_or_path="});
  EXPECT_EQ(r.problems,
            "--set model_name_or_path=: error: 'model.model_name_or_path' is required, but it is "
            "left empty here\n"
            "note: fill it in here, in a later layer or with --set model.model_name_or_path=...\n");
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

// The run stages read the launch section and output_dir as typed values, not by key.
TEST(TypedAccess, LaunchSectionAndOutputDir) {
  auto r = run({{"a.yaml", valid_layer("  output_dir: out/${launch.nnodes}\n") +
                               "launch:\n  nnodes: 2\n  master_addr: node0\n"
                               "  env: {ZED: '1', ALPHA: two}\n"}},
               {"a.yaml"}, {"--set", "launch.master_port=${env:EXPCFG_TEST_UNSET_PORT,29501}"});
  ASSERT_EQ(r.problems, "");
  const LaunchArguments launch = launch_arguments(r.config);
  EXPECT_EQ(launch.nnodes, 2);
  EXPECT_EQ(launch.master_addr, "node0");
  EXPECT_EQ(launch.master_port, 29501);
  EXPECT_EQ(launch.launcher, "torchrun");  // the default
  // In the order written: the launch command sets them in that order.
  EXPECT_EQ(launch.env, (StringMap{{"ZED", "1"}, {"ALPHA", "two"}}));
  EXPECT_EQ(output_dir(r.config), "out/2");
  const TrainingArguments training = training_arguments(r.config);
  EXPECT_EQ(training.seed, 42);  // the default: valid_layer sets only output_dir here
  EXPECT_EQ(training.output_dir, "out/2");
  EXPECT_FALSE(training.fp16);

  auto unset = run({{"a.yaml", valid_layer("  output_dir: ''\n")}}, {"a.yaml"});
  ASSERT_EQ(unset.problems, "");
  EXPECT_EQ(output_dir(unset.config), std::nullopt);
}

// One value-to-text function: what references inside text, run names and messages show.
TEST(TypedAccess, ValueText) {
  EXPECT_EQ(value_text(Value(std::string("a b"))), "a b");
  EXPECT_EQ(value_text(Value(true)), "true");
  EXPECT_EQ(value_text(Value(std::int64_t{-3})), "-3");
  EXPECT_EQ(value_text(Value(2.0)), "2.0");
  EXPECT_EQ(value_text(Value(1e-05)), "1e-05");
  EXPECT_EQ(value_text(Value(None{})), "null");
  EXPECT_EQ(value_text(Value(StringList{"a", "b"})), R"(["a","b"])");
  EXPECT_EQ(value_text(Value(Json{{"stage", 2}})), R"({"stage":2})");
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
  EXPECT_FALSE(arguments.training.report_to.has_value());  // transformers 4: None means 'all'
  EXPECT_DOUBLE_EQ(arguments.training.warmup_ratio.value_or(-1), 0.0);
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

/// Everything a resolution produces, as text: values, history, notes and problems.
std::string describe(const ResolvedConfig& config, const Diagnostics& problems) {
  std::string text =
      fmt::format("runner {} from {}\n", config.runner->name, config.runner_origin.where());
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    text += fmt::format("{} = {} [{}]\n", config.runner->fields[i].key(),
                        to_json(config.values[i]).dump(), config.origin_label(i));
  }
  for (const Write& write : config.writes) {
    text += fmt::format("write {} {} {}\n", config.runner->fields[write.field].key(),
                        static_cast<int>(write.op), write.origin.where());
  }
  for (const auto& [field, interpolation] : config.interpolations) {
    text += fmt::format("interpolated {} from {}\n", field, to_json(interpolation.written).dump());
  }
  for (const auto& [field, note] : config.translations)
    text += fmt::format("{}: {}\n", field, note);
  for (const auto& key : config.referenced) text += "referenced " + key + "\n";
  for (const auto& [name, sha] : config.layer_files) text += "file " + name + "\n";
  return text + render(problems);
}

/// A stack resolved with a last layer of `sets`, once whole and once through StackResolver.
void expect_stack_resolver_agrees(const std::map<std::string, std::string>& files,
                                  const std::vector<std::string>& sets,
                                  bool loading_problem = false) {
  MemoryFileSystem fs(files);
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  Diagnostics loading;
  const std::vector<Layer> stack = load_layers(names, fs, loading);
  std::vector<Entry> entries;
  for (const auto& set : sets) {
    if (auto entry = parse_set(set, loading)) entries.push_back(*entry);
  }
  if (!loading_problem) {
    ASSERT_TRUE(loading.empty()) << render(loading);
  }
  const Layer last = override_layer(entries);
  ResolveOptions options;
  options.run_python = false;
  const StackResolver resolver(stack, options);
  for (int round = 0; round < 2; ++round) {  // the merged stack is not changed by a resolve
    Diagnostics whole_problems = loading;
    std::vector<Layer> layers = stack;
    layers.push_back(last);
    const ResolvedConfig whole = resolve(layers, whole_problems, options);
    Diagnostics stacked_problems = loading;
    const ResolvedConfig stacked = resolver.resolve(last, stacked_problems);
    EXPECT_EQ(describe(stacked, stacked_problems), describe(whole, whole_problems))
        << "sets: " << fmt::format("{}", fmt::join(sets, " "));
  }
}

TEST(StackResolver, GivesWhatResolvingTheWholeStackGives) {
  const std::string base = valid_layer(
      "  learning_rate: 1e-5\n"
      "  warmup_ratio: 0.1\n"
      "  logging_dir: ${training.output_dir}/logs\n"
      "  output_dir: out/${env:NO_SUCH_VARIABLE_FOR_TESTS,x}\n"
      "  deepspeed: {stage: 2}\n"
      "  report_to: [tensorboard]\n"
      "launch:\n  env: {WANDB_MODE: offline}\n");
  const std::map<std::string, std::string> files{{"a.yaml", base},
                                                 {"b.yaml", "training:\n  report_to+: [wandb]\n"}};
  expect_stack_resolver_agrees(files, {});
  expect_stack_resolver_agrees(files, {"training.learning_rate=2e-5", "training.seed=3"});
  expect_stack_resolver_agrees(files, {"training.deepspeed={offload: true}",
                                       "launch.env.HF_HOME=/x", "training.report_to+=[none]"});
  expect_stack_resolver_agrees(
      files, {"launch.transformers=4.44.2", "training.fp16=true", "training.bf16=true"});
  expect_stack_resolver_agrees(files, {"training.learning_rat=1", "training.seed=x"});
  expect_stack_resolver_agrees(files, {"runner=reranker.encoder_only.base"});
  expect_stack_resolver_agrees(files, {"training.output_dir=${training.logging_dir}"});
}

TEST(StackResolver, RepeatsTheStacksOwnProblemsEveryTime) {
  expect_stack_resolver_agrees({{"a.yaml", valid_layer("  seed: x\n  nope: 1\n")}}, {});
  expect_stack_resolver_agrees({{"a.yaml", "runner: nope\n" + valid_layer()}}, {"training.seed=2"});
  // Without model_name_or_path: required, unless loading already failed (the missing file
  // may hold it).
  expect_stack_resolver_agrees({{"a.yaml", "training:\n  seed: 1\n"}}, {});
  expect_stack_resolver_agrees({{"a.yaml", "training:\n  seed: 1\n"}}, {"=1"}, true);
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
