// Sweeps: the points of a grid, run names, and every point validated.
#include "run/sweep.hpp"

#include <gtest/gtest.h>

#include "expcfg/emit.hpp"
#include "memory_file_system.hpp"
#include "run/slurm_script.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::valid_layer;

SweepAxis axis(const std::string& argument) {
  Diagnostics problems;
  auto parsed = parse_sweep_axis(argument, "--grid", problems);
  EXPECT_TRUE(parsed) << render(problems);
  return parsed.value_or(SweepAxis{});
}

struct Sweep {
  std::vector<SweepRun> runs;
  std::string problems;
};

Sweep sweep(const SweepSpec& spec, const std::string& extra = "  output_dir: out\n") {
  MemoryFileSystem fs{{"x.yaml", valid_layer(extra)}};
  Diagnostics problems;
  const auto layers = load_layers({"x.yaml"}, fs, problems);
  Sweep result;
  for_each_sweep_run(
      layers, {}, spec, [&](const SweepRun& run) { result.runs.push_back(run); }, problems);
  result.problems = render(problems);
  return result;
}

TEST(SweepAxis, ValuesSplitAtTopLevelCommas) {
  const SweepAxis parsed = axis("data.train_data=[a, b],\"x,y\",c");
  EXPECT_EQ(parsed.key, "data.train_data");
  EXPECT_EQ(parsed.values, (std::vector<std::string>{"[a, b]", "\"x,y\"", "c"}));
  Diagnostics problems;
  EXPECT_FALSE(parse_sweep_axis("training.seed", "--grid", problems));
  EXPECT_FALSE(parse_sweep_axis("data.train_data+=a,b", "--grid", problems));
  EXPECT_EQ(problems.size(), 2u);
}

TEST(SweepPoints, ProductWithTheLastAxisFastestThenTheZip) {
  SweepSpec spec;
  spec.grid = {axis("a=1,2"), axis("b=x,y")};
  spec.zip = {axis("c=p,q"), axis("d=P,Q")};
  Diagnostics problems;
  ASSERT_EQ(sweep_size(spec, problems), 8u);
  EXPECT_EQ(sweep_point(spec, 0), (std::vector<std::string>{"a=1", "b=x", "c=p", "d=P"}));
  EXPECT_EQ(sweep_point(spec, 1), (std::vector<std::string>{"a=1", "b=x", "c=q", "d=Q"}));
  EXPECT_EQ(sweep_point(spec, 2), (std::vector<std::string>{"a=1", "b=y", "c=p", "d=P"}));
  EXPECT_EQ(sweep_point(spec, 7), (std::vector<std::string>{"a=2", "b=y", "c=q", "d=Q"}));
}

TEST(SweepPoints, CountIsCheckedForOverflowBeforeAnyWork) {
  SweepSpec spec;
  for (int key = 0; key < 16; ++key) {
    spec.grid.push_back(axis(fmt::format("k{}=0,1,2,3,4,5,6,7,8,9,a,b,c,d,e,f", key)));
  }
  Diagnostics problems;
  EXPECT_EQ(sweep_size(spec, problems), 0u);  // 16^16 wraps a 64-bit product to 0
  EXPECT_EQ(render(problems),
            "expcfg: error: the sweep has more than 100000 runs, the limit "
            "(limits::kMaxSweepRuns)\n");
}

TEST(SweepPoints, ZipLengthsAndRepeatedKeysAreUsageErrors) {
  SweepSpec spec;
  spec.zip = {axis("a=1,2"), axis("b=1")};
  spec.grid = {axis("a=3")};
  Diagnostics problems;
  EXPECT_EQ(sweep_size(spec, problems), 0u);
  EXPECT_EQ(render(problems),
            "expcfg: error: 'a' is swept twice\n"
            "expcfg: error: --zip lists must have one length: 'a' has 2 values, 'b' 1\n");
  EXPECT_TRUE(problems.has_usage_error());
}

TEST(ResolveSweep, EachRunIsNamedAndWritesUnderItsOwnFolder) {
  SweepSpec spec;
  spec.grid = {axis("training.learning_rate=1e-5,2e-5"), axis("training.seed=1,2")};
  const Sweep result = sweep(spec);
  ASSERT_EQ(result.problems, "");
  ASSERT_EQ(result.runs.size(), 4u);
  EXPECT_EQ(result.runs[1].name, "learning_rate=1e-05,seed=2");
  EXPECT_EQ(result.runs[1].config.at("training.output_dir"),
            Value(std::string("out/learning_rate=1e-05,seed=2")));
  EXPECT_EQ(result.runs[1].config.at("training.seed"), Value(std::int64_t{2}));
  EXPECT_NE(result.runs[0].hash, result.runs[1].hash);
}

TEST(ResolveSweep, TemplateWithBasenameAndReferencesToOutputDir) {
  SweepSpec spec;
  spec.grid = {axis("model.model_name_or_path=org/a,org/b")};
  spec.name_template = "{model.model_name_or_path|basename}-{index}";
  const Sweep result = sweep(spec, "  output_dir: out\n  run_name: ${training.output_dir}\n");
  ASSERT_EQ(result.problems, "");
  EXPECT_EQ(result.runs[1].name, "b-1");
  // References see the run's own output_dir.
  EXPECT_EQ(result.runs[1].config.at("training.run_name"), Value(std::string("out/b-1")));
}

TEST(ResolveSweep, RunFolderIsWhatALastSetOfOutputDirGives) {
  // Set in place when nothing reads output_dir; resolved again when something does, even a
  // value that transformers 5 moves into launch.env (logging_dir). A parent made by ${...}
  // keeps its references.
  const std::string from_env = "  output_dir: out/${env:NO_SUCH_VARIABLE_FOR_TESTS,x}\n";
  const std::string logs = "  output_dir: out\n  logging_dir: ${training.output_dir}/logs\n";
  const std::pair<std::string, std::string> cases[] = {
      {from_env, "out/${env:NO_SUCH_VARIABLE_FOR_TESTS,x}/seed=2"},
      {from_env + "  run_name: ${training.output_dir}\n",
       "out/${env:NO_SUCH_VARIABLE_FOR_TESTS,x}/seed=2"},
      {logs, "out/seed=2"},
      {logs + "launch:\n  transformers: '5.17'\n", "out/seed=2"},
  };
  for (const auto& [extra, written] : cases) {
    SweepSpec spec;
    spec.grid = {axis("training.seed=1,2")};
    const Sweep result = sweep(spec, extra);
    ASSERT_EQ(result.problems, "");
    ASSERT_EQ(result.runs.size(), 2u);
    const SweepRun& run = result.runs[1];
    MemoryFileSystem fs{{"x.yaml", valid_layer(extra)}};
    Diagnostics problems;
    std::vector<Entry> sets;
    for (const std::string& set :
         {std::string("training.seed=2"), "training.output_dir=" + written}) {
      sets.push_back(*parse_set(set, problems));
    }
    const ResolvedConfig whole = load_config({"x.yaml"}, sets, fs, problems);
    ASSERT_TRUE(problems.empty()) << render(problems);
    EXPECT_EQ(run.config.values, whole.values) << extra;
    EXPECT_EQ(run.hash, config_hash(whole));
    for (std::size_t i = 0; i < whole.values.size(); ++i) {
      EXPECT_EQ(run.config.origin_label(i), whole.origin_label(i)) << i;
    }
  }
  const Sweep moved =
      sweep({{axis("training.seed=1,2")}, {}, ""}, logs + "launch:\n  transformers: '5.17'\n");
  ASSERT_EQ(moved.problems, "");
  EXPECT_EQ(moved.runs.at(1).config.at("launch.env"),
            Value(Json{{"TENSORBOARD_LOGGING_DIR", "out/seed=2/logs"}}));
}

TEST(ResolveSweep, RunFolderIsLiteralAndKeepsItsSecrecy) {
  // With no parent folder the folder is the name, as it is: not a null word, not YAML in quotes,
  // whether it is set in place or resolved again.
  for (const std::string extra : {"  seed: 1\n", "  run_name: ${training.output_dir}\n"}) {
    SweepSpec spec;
    spec.grid = {axis("training.seed=1")};
    spec.name_template = "null";
    Sweep result = sweep(spec, extra);
    ASSERT_EQ(result.problems, "") << extra;
    EXPECT_EQ(result.runs.at(0).config.at("training.output_dir"), Value(std::string("null")));
    spec.name_template = "'{training.seed}'x'";
    result = sweep(spec, extra);
    ASSERT_EQ(result.problems, "") << extra;
    EXPECT_EQ(result.runs.at(0).config.at("training.output_dir"), Value(std::string("'1'x'")));
  }
  // A folder made from a credential is one: shown as written, never with the token.
  for (const std::string extra : {"  output_dir: /runs/${training.hub_token}\n",
                                  "  output_dir: /runs/${training.hub_token}\n"
                                  "  run_name: ${training.output_dir}\n"}) {
    SweepSpec spec;
    spec.grid = {axis("training.seed=1,2")};
    const Sweep result = sweep(spec, "  hub_token: hf_SECRETSECRET\n" + extra);
    ASSERT_EQ(result.problems, "") << extra;
    const SweepRun& run = result.runs.at(1);
    EXPECT_EQ(run.config.at("training.output_dir"),
              Value(std::string("/runs/hf_SECRETSECRET/seed=2")));
    EXPECT_EQ(manifest_line(run).find("hf_SECRET"), std::string::npos) << manifest_line(run);
    EXPECT_NE(manifest_line(run).find("\"output_dir\":\"<redacted>\""), std::string::npos)
        << manifest_line(run);
    const std::string yaml = emit_yaml(redact_secrets(run.config), {});
    EXPECT_EQ(yaml.find("hf_SECRET"), std::string::npos) << yaml;
    Diagnostics problems;
    EXPECT_FALSE(slurm_run_file(run.config, run.name, problems));
    EXPECT_NE(render(problems).find("'training.output_dir' is made from a credential"),
              std::string::npos)
        << render(problems);
  }
}

TEST(ResolveSweep, CollidingNamesAndBadTemplatesAreErrors) {
  SweepSpec spec;
  spec.grid = {axis("training.seed=1,2")};
  spec.name_template = "same";
  EXPECT_EQ(sweep(spec).problems,
            "expcfg: error: sweep runs 0 and 1 are both named 'same'\n"
            "note: run names must differ: put every swept key (or {index}) in --name\n");
  spec.name_template = "{training.sed}";
  EXPECT_EQ(sweep(spec).problems,
            "expcfg: error: in --name '{training.sed}': unknown key 'training.sed'\n"
            "note: did you mean 'training.seed'?\n");
  spec.name_template = "{model.model_name_or_path}";  // "m" is fine; a path is not
  spec.grid = {axis("model.model_name_or_path=org/a,org/b")};
  EXPECT_NE(sweep(spec).problems.find("run name 'org/a' cannot be a file name: it contains '/'"),
            std::string::npos);
}

TEST(ResolveSweep, EveryBadPointIsReportedWithItsRun) {
  SweepSpec spec;
  spec.grid = {axis("training.seed=1,x,y")};
  const Sweep result = sweep(spec);
  EXPECT_EQ(result.problems,
            "--set training.seed=x: error: expected an integer for 'training.seed', got 'x'\n"
            "note: in sweep run 1 (training.seed=x)\n"
            "--set training.seed=y: error: expected an integer for 'training.seed', got 'y'\n"
            "note: in sweep run 2 (training.seed=y)\n");
}

TEST(SweepOutputs, ManifestLineAndSlurmScript) {
  SweepSpec spec;
  spec.grid = {axis("training.seed=1,2")};
  const Sweep result = sweep(spec);
  ASSERT_EQ(result.problems, "");
  EXPECT_EQ(manifest_line(result.runs[0]),
            fmt::format("{{\"name\":\"seed=1\",\"overrides\":[\"training.seed=1\"],"
                        "\"output_dir\":\"out/seed=1\",\"config_hash\":\"{}\","
                        "\"file\":\"seed=1.yaml\"}}\n",
                        result.runs[0].hash));
  const SlurmPlace place{"/home/me/it's here; rm -rf ~", "/sweeps/x/logs/%A_%a.out",
                         "/sweeps/it's here; rm -rf ~"};
  const std::string script =
      slurm_array_script(result.runs[0].config, 2, "/sweeps/it's here; rm -rf ~", place);
  EXPECT_NE(script.find("#SBATCH --array=0-1\n"), std::string::npos) << script;
  EXPECT_NE(script.find("#SBATCH --job-name=it_s_here__rm_-rf__\n"), std::string::npos) << script;
  EXPECT_NE(script.find("sweep='/sweeps/it'\\''s here; rm -rf ~'\n"), std::string::npos) << script;
  EXPECT_NE(script.find("cd '/home/me/it'\\''s here; rm -rf ~'\n"), std::string::npos) << script;
  EXPECT_NE(script.find("source \"$sweep/${run%.yaml}.run.sh\"\n"), std::string::npos) << script;
}

TEST(SweepOutputs, RunFileHoldsTheEnvironmentAndTheRunnerArguments) {
  SweepSpec spec;
  spec.grid = {axis("training.seed=1,2")};
  const Sweep result = sweep(spec);
  ASSERT_EQ(result.problems, "");
  Diagnostics diagnostics;
  const auto file = slurm_run_file(result.runs[1].config, "seed=2", diagnostics);
  ASSERT_TRUE(file) << render(diagnostics);
  EXPECT_NE(file->find("runner_args=(\n  -m FlagEmbedding.finetune."), std::string::npos) << *file;
  EXPECT_NE(file->find("\n  --seed 2\n"), std::string::npos) << *file;
}

TEST(SweepOutputs, CredentialsNeverNameARunNorShowInTheManifest) {
  SweepSpec spec;
  spec.grid = {axis("model.token=hf_first,hf_second")};
  const Sweep result = sweep(spec);
  ASSERT_EQ(result.problems, "");
  EXPECT_EQ(result.runs[1].name, "token=secret1");
  EXPECT_EQ(manifest_line(result.runs[1]).find("hf_second"), std::string::npos);
  EXPECT_NE(manifest_line(result.runs[1]).find("\"model.token=<redacted>\""), std::string::npos);
  spec.name_template = "{model.token}";
  EXPECT_NE(sweep(spec).problems.find("'model.token' is a credential (or made from one): a run "
                                      "name cannot show it"),
            std::string::npos);
}

}  // namespace
}  // namespace expcfg
