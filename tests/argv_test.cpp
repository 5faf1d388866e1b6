// The argv of FlagEmbedding's runner module: one test per argparse form, and quoting.

#include "emit/argv.hpp"

#include <gtest/gtest.h>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::resolve_with;

struct Args {
  std::string line;
  std::string problems;
};

/// `expcfg args` of a minimal valid layer plus `flags`.
Args args(const std::vector<std::string>& flags, bool all = false) {
  Diagnostics problems;
  const auto config = resolve_with(MemoryFileSystem{{"x.yaml",
                                                     "model:\n  model_name_or_path: m\n"
                                                     "data:\n  train_data: a.jsonl\n"}},
                                   {"x.yaml"}, flags, problems);
  EXPECT_EQ(render(problems), "");
  const auto argv = to_argv(config, {all}, problems);
  return {shell_join(argv), render(problems)};
}

constexpr const char* kMinimal = "--model_name_or_path m --train_data a.jsonl";

TEST(Argv, OnlyFieldsThatDifferFromDefaults) { EXPECT_EQ(args({}).line, kMinimal); }

TEST(Argv, BoolsAreWrittenAsTrueOrFalse) {
  EXPECT_EQ(args({"--set", "fp16=true"}).line, std::string(kMinimal) + " --fp16 True");
  // A default-True bool set to false: `--normalize_embeddings False`, not --no_...
  EXPECT_EQ(args({"--set", "normalize_embeddings=false"}).line,
            std::string(kMinimal) + " --normalize_embeddings False");
}

TEST(Argv, ListsAreSeparateValues) {
  EXPECT_EQ(args({"--set", "train_data=[a.jsonl, b/]", "--set", "mrl_dims=[64,128]"}).line,
            "--model_name_or_path m --train_data a.jsonl b/ --mrl_dims 64 128");
}

TEST(Argv, OptionalAndChoiceFields) {
  EXPECT_EQ(args({"--set", "sub_batch_size=4", "--set", "optim=adafactor"}).line,
            std::string(kMinimal) + " --optim adafactor --sub_batch_size 4");
}

TEST(Argv, DictFieldsArePathsOrCompactJson) {
  EXPECT_EQ(args({"--set", "deepspeed=ds.json"}).line,
            std::string(kMinimal) + " --deepspeed ds.json");
  EXPECT_EQ(args({"--set", "deepspeed={stage: 2, x: [1.5, yes]}"}).line,
            std::string(kMinimal) + " --deepspeed '{\"stage\":2,\"x\":[1.5,\"yes\"]}'");
}

TEST(Argv, DebugWordsAreSeparateValues) {
  EXPECT_EQ(args({"--set", "debug=underflow_overflow tpu_metrics_debug"}).line,
            std::string(kMinimal) + " --debug underflow_overflow tpu_metrics_debug");
}

TEST(Argv, ValueThatLooksLikeAnOptionUsesEquals) {
  EXPECT_EQ(args({"--set", "learning_rate=-1e-5", "--set", "seed=-3"}).line,
            std::string(kMinimal) + " --learning_rate=-1e-05 --seed -3");
}

TEST(Argv, WhatACommandLineCannotHoldIsAnError) {
  EXPECT_EQ(args({"--set", "temperature=null"}).problems,
            "--set temperature=null: error: 'training.temperature' cannot be written on a command "
            "line: argparse has no None for it; leave it out for its default 0.02\n");
  EXPECT_EQ(args({"--set", "label_names=[]"}).problems,
            "--set label_names=[]: error: 'training.label_names' cannot be written on a command "
            "line: argparse needs at least one value after the option (nargs='+')\n");
  EXPECT_EQ(args({"--set", "liger_kernel_config={rope: true}"}).problems,
            "--set liger_kernel_config={rope: true}: error: 'training.liger_kernel_config' cannot "
            "be written on a command line: argparse takes no value of its type (FlagEmbedding "
            "reads it only from code)\n");
  EXPECT_EQ(args({"--set", "report_to=[wandb, tensorboard]"}).problems,
            "--set report_to=[wandb, tensorboard]: error: 'training.report_to' cannot be written "
            "on a command line: argparse takes one value for it\n");
  EXPECT_EQ(args({"--set", "include_num_input_tokens_seen=all"}).problems,
            "--set include_num_input_tokens_seen=all: error: "
            "'training.include_num_input_tokens_seen' cannot be written on a command line: "
            "argparse reads it as a bool (True or False)\n");
  EXPECT_EQ(args({"--set", "train_data=[-x]"}).problems,
            "--set train_data=[-x]: error: 'data.train_data' cannot be written on a command line: "
            "argparse would read the entry '-x' as an option\n");
}

TEST(Argv, AllWritesEveryWritableField) {
  const Args all = args({}, true);
  EXPECT_EQ(all.problems, "");
  EXPECT_NE(all.line.find("--use_fast_tokenizer True"), std::string::npos);
  EXPECT_NE(all.line.find("--learning_rate 5e-05"), std::string::npos);
  // transformers 4.57.6 (the default target): report_to's default None is left out.
  EXPECT_EQ(all.line.find("--report_to"), std::string::npos);
  EXPECT_NE(args({"--set", "launch.transformers=5.17.0"}, true).line.find("--report_to none"),
            std::string::npos);
  EXPECT_EQ(all.line.find("--config_name"), std::string::npos);  // None: left out
  // A bool default False on 4.x; from 5.0 "no", which a command line cannot write (argparse's
  // own default False means the same).
  EXPECT_NE(all.line.find("--include_num_input_tokens_seen False"), std::string::npos);
  EXPECT_EQ(args({"--set", "launch.transformers=5.17.0"}, true)
                .line.find("--include_num_input_tokens_seen"),
            std::string::npos);
  EXPECT_EQ(all.line.find("--mrl_dims"), std::string::npos);  // [] is what leaving it out gives
}

TEST(ShellQuote, SafeWordsStayBare) {
  EXPECT_EQ(shell_quote("./data/a-b_c.jsonl"), "./data/a-b_c.jsonl");
  EXPECT_EQ(shell_quote("BAAI/bge-m3"), "BAAI/bge-m3");
}

TEST(ShellQuote, EverythingElseIsQuoted) {
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("$HOME `id` \"x\""), "'$HOME `id` \"x\"'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("a\nb\tc'"), "$'a\\nb\\tc\\''");
}

TEST(CliForm, DerivedFromTheDeclaration) {
  const RunnerSchema& runner = default_runner();
  auto form = [&](std::string_view name) { return cli_form(runner.fields[*runner.find(name)]); };
  EXPECT_EQ(form("fp16"), CliForm::Bool);
  EXPECT_EQ(form("train_data"), CliForm::Several);
  EXPECT_EQ(form("debug"), CliForm::Several);
  EXPECT_EQ(form("report_to"), CliForm::One);
  EXPECT_EQ(form("deepspeed"), CliForm::JsonValue);
  EXPECT_EQ(form("liger_kernel_config"), CliForm::Impossible);
  EXPECT_EQ(form("include_num_input_tokens_seen"), CliForm::BoolWord);
  EXPECT_EQ(form("trackio_static_space_id"), CliForm::One);
}

}  // namespace
}  // namespace expcfg
