// Reading a launch script without running it: what reaches the command, in template syntax.

#include <gtest/gtest.h>

#include "import/import.hpp"
#include "import/launch_words.hpp"

namespace expcfg {
namespace {

struct Read {
  std::vector<std::string> words;  // after the module
  EnvList env;
  std::string warnings;
  bool found = false;
};

Read read(const std::string& script) {
  Read out;
  Diagnostics warnings;
  auto words =
      script_command(script, std::make_shared<const std::string>("run.sh"), out.env, warnings);
  out.warnings = render(warnings);
  if (!words) return out;
  out.found = true;
  bool after_module = false;
  for (const Word& word : *words) {
    if (after_module) out.words.push_back(word.text);
    if (is_flagembedding_module(word.text)) after_module = true;
  }
  return out;
}

constexpr std::string_view kRun = "torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base ";

std::vector<std::string> words_of(const std::string& prelude, const std::string& args) {
  return read(prelude + "\n" + std::string(kRun) + args + "\n").words;
}

TEST(ScriptReader, ScriptVariablesExpandAndUnquotedValuesSplit) {
  EXPECT_EQ(words_of("d='a b'; x=\"$d c\"", "--train_data $x \"$d\""),
            (std::vector<std::string>{"--train_data", "a", "b", "c", "a b"}));
}

TEST(ScriptReader, TheCallersEnvironmentStaysAReference) {
  EXPECT_EQ(words_of("", "--cache_dir ~/.cache --output_dir $HOME/o --seed ${SEED:-7}"),
            (std::vector<std::string>{"--cache_dir", "${env:HOME}/.cache", "--output_dir",
                                      "${env:HOME}/o", "--seed", "${env:SEED,7}"}));
}

TEST(ScriptReader, ColonEqualsSetsADefaultTheCallerMayOverride) {
  EXPECT_EQ(words_of(": ${LR:=2e-5}", "--learning_rate $LR"),
            (std::vector<std::string>{"--learning_rate", "${env:LR,2e-5}"}));
}

TEST(ScriptReader, WhatOnlyARunKnowsIsAValueToFill) {
  auto got = read(std::string(kRun) + "--seed $RANDOM --output_dir o/$(date +%F)\n");
  ASSERT_EQ(got.words.size(), 4u);
  EXPECT_EQ(got.words[1], "${fill:run.sh:1: $RANDOM}");
  EXPECT_EQ(got.words[3], "o/${fill:run.sh:1: $(date +%F)}");
  EXPECT_NE(got.warnings.find("run.sh:1:"), std::string::npos) << got.warnings;
}

TEST(ScriptReader, ArithmeticOverTheScriptsNumbersIsExact) {
  EXPECT_EQ(
      words_of("N=4; B=128", "--per_device_train_batch_size $((B / N)) --seed $(( (N+1)*2 ))"),
      (std::vector<std::string>{"--per_device_train_batch_size", "32", "--seed", "10"}));
}

TEST(ScriptReader, ArraysKeepTheirItems) {
  EXPECT_EQ(words_of("a=(--train_data 'x y' z); a+=(--fp16)", "\"${a[@]}\""),
            (std::vector<std::string>{"--train_data", "x y", "z", "--fp16"}));
}

TEST(ScriptReader, TheScriptIsReadAsRunWithoutArguments) {
  EXPECT_EQ(words_of("M=${1:-m}; while [ $# -gt 0 ]; do M=$1; shift; done",
                     "--model_name_or_path $M \"$@\""),
            (std::vector<std::string>{"--model_name_or_path", "m"}));
}

TEST(ScriptReader, EvalAndFunctionsAreFollowed) {
  EXPECT_EQ(read("f() { eval \"$1 --seed $2\"; }\nf '" + std::string(kRun) + "' 3\n").words,
            (std::vector<std::string>{"--seed", "3"}));
}

TEST(ScriptReader, AFunctionAnEvalDefinedIsCalledLater) {
  EXPECT_EQ(read("eval \"f() { " + std::string(kRun) + "--seed \\$1; }\"\nf 5\n").words,
            (std::vector<std::string>{"--seed", "5"}));
}

TEST(ScriptReader, PatternRemovalOnTheScriptsValues) {
  EXPECT_EQ(
      words_of("M=BAAI/bge-m3.v2", "--output_dir out/${M##*/} --run_name ${M%.*}"),
      (std::vector<std::string>{"--output_dir", "out/bge-m3.v2", "--run_name", "BAAI/bge-m3"}));
}

TEST(ScriptReader, ExportsAndCommandPrefixesAreTheRunsEnvironment) {
  auto got = read("export WANDB_MODE=offline\nCUDA_VISIBLE_DEVICES=0,1 " + std::string(kRun) +
                  "--seed 1\n");
  EXPECT_EQ(got.env, (EnvList{{"WANDB_MODE", "offline"}, {"CUDA_VISIBLE_DEVICES", "0,1"}}));
}

TEST(ScriptReader, ALiteralDollarBraceStaysLiteral) {
  EXPECT_EQ(words_of("", "--run_name '${x}'"), (std::vector<std::string>{"--run_name", "$${x}"}));
}

TEST(ScriptReader, RedirectionsPipesAndBackgroundAreReported) {
  auto got = read("nohup " + std::string(kRun) + "--seed 1 > log 2>&1 &\n");
  EXPECT_EQ(got.words, (std::vector<std::string>{"--seed", "1"}));
  EXPECT_NE(got.warnings.find("'nohup' is not part"), std::string::npos) << got.warnings;
  EXPECT_NE(got.warnings.find("'2>&1'"), std::string::npos) << got.warnings;
  EXPECT_NE(got.warnings.find("background"), std::string::npos) << got.warnings;
}

TEST(ScriptReader, FlagEmbedding12ModulesAreLaunches) {
  auto got = read("python -m torch.distributed.run -m FlagEmbedding.BGE_M3.run --normlized True\n");
  EXPECT_TRUE(got.found);
  EXPECT_EQ(got.words, (std::vector<std::string>{"--normlized", "True"}));
}

TEST(ScriptReader, AnEchoedCommandIsNoLaunch) {
  EXPECT_FALSE(read("echo " + std::string(kRun) + "\n").found);
}

}  // namespace
}  // namespace expcfg
