// Emitting: a dump is valid input that loads back to the identical configuration.

#include "expcfg/emit.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::resolve_with;
using testing::valid_layer;

ResolvedConfig resolve_text(const std::string& text, std::string* problems = nullptr) {
  Diagnostics diagnostics;
  auto config = resolve_with(MemoryFileSystem{{"x.yaml", text}}, {"x.yaml"}, {}, diagnostics);
  if (problems) *problems = render(diagnostics);
  return config;
}

const std::vector<std::string> kTrickyStrings = {
    "1.10",       "no",         "yes",         "y",
    "on",         "{}{}",       "null",        "~",
    "",           " lead",      "trail ",      "a: b",
    "#x",         "a #b",       "line\nbreak", "tab\there",
    "quote\"s",   "'single'",   "back\\slash", "- dash",
    "0x1F",       ".inf",       "-.5",         "+1",
    "1e3",        "2024-01-01", "ünïcode",     "[a]",
    "a,b",        "*alias",     "&anchor",     "!tag",
    "%x",         "@x",         "`x",          "|",
    ">",          "?",          ":",           "path/to/x.jsonl",
    "\x01control"};

TEST(Emit, TrickyStringsRoundTrip) {
  for (const auto& text : kTrickyStrings) {
    std::string problems;
    auto config = resolve_text(valid_layer("  run_name: " + yaml_string(text) + "\n"), &problems);
    ASSERT_EQ(problems, "") << text;
    EXPECT_EQ(config.at("run_name"), Value(text)) << yaml_string(text);
  }
}

TEST(Emit, PlainWhereSafeQuotedOtherwise) {
  EXPECT_EQ(yaml_string("BAAI/bge-large-en-v1.5"), "BAAI/bge-large-en-v1.5");
  EXPECT_EQ(yaml_string("./example_data/retrieval"), "./example_data/retrieval");
  EXPECT_EQ(yaml_string("1.10"), "\"1.10\"");
  EXPECT_EQ(yaml_string("no"), "\"no\"");
  EXPECT_EQ(yaml_string("{}{}"), "\"{}{}\"");
  EXPECT_EQ(yaml_string("Query: "), "\"Query: \"");
}

TEST(Emit, FloatsInShortestRoundTripForm) {
  EXPECT_EQ(format_float(1e-5), "1e-05");
  EXPECT_EQ(format_float(3.0), "3.0");
  EXPECT_EQ(format_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_float(5e-5), "5e-05");
}

/// A value unlike the default for every kind, with the awkward cases of each.
Value unusual_value(const FieldSpec& field) {
  switch (field.kind) {
    case Kind::Bool:
      return !std::get<bool>(is_none(field.default_value) ? Value(false) : field.default_value);
    case Kind::Int: return std::int64_t{-9223372036854775807 - 1};
    // A float that the target release reads with int() (warmup_steps before 5.0) holds steps.
    case Kind::Float: return field.cli_type == "int" ? 3.0 : 0.1 + 0.2;
    case Kind::String:
      if (!field.choices.empty()) return std::string(field.choices.back());
      return std::string("1.10: {}{} \"x\" ");
    case Kind::Strings: return StringList{"no", "1.10", "a b", "#c"};
    case Kind::Ints: return IntList{0, -1, 4096};
    case Kind::Mapping:
    case Kind::MappingOrString:
      return Json::parse(R"({"stage": 2, "lr": 1e-05, "on": "yes", "x": [true, null, "a: b"]})");
    case Kind::StringOrStrings:
      if (!field.choices.empty()) return StringList{std::string(field.choices.back())};
      return StringList{"wandb", "no"};
    case Kind::BoolOrText: return std::string("no");
    case Kind::Environment: return Json::parse(R"({"WANDB_MODE": "no", "N": "1.10", "E": ""})");
  }
  return None{};
}

TEST(Emit, DumpRoundTripsEveryField) {
  const ResolvedConfig base = resolve_text(valid_layer());
  for (std::size_t i = 0; i < base.values.size(); ++i) {
    const FieldSpec& field = base.runner->fields[i];
    // The target releases choose the fields themselves (Versions tests cover them).
    if (field.key() == "launch.transformers" || field.key() == "launch.flagembedding") continue;
    // Old names that resolving always moves to the new ones: a resolved configuration never
    // holds a value under them (Versions tests cover them).
    if (std::set<std::string_view>{"evaluation_strategy", "per_gpu_train_batch_size",
                                   "per_gpu_eval_batch_size", "no_cuda", "push_to_hub_token",
                                   "torchdynamo"}
            .count(field.name)) {
      continue;
    }
    ResolvedConfig changed = base;
    changed.values[i] = unusual_value(field);
    // Keep the combinations TrainingArguments rejects out of the picture.
    if (field.name == "load_best_model_at_end") {
      changed.values[*changed.index("save_strategy")] = std::string("no");
    }
    if (field.name == "dataloader_prefetch_factor") {
      changed.values[*changed.index("dataloader_num_workers")] = std::int64_t{2};
    }
    if (field.section == Section::Launch && field.kind == Kind::Int) {
      // Counts and ranks a launcher accepts: four nodes, this one the last.
      changed.values[*changed.index("launch.nnodes")] = std::int64_t{4};
      changed.values[*changed.index("launch.node_rank")] = std::int64_t{3};
      changed.values[*changed.index("launch.master_addr")] = std::string("node0");
      if (field.name == "nproc_per_node") changed.values[i] = std::int64_t{8};
      if (field.name == "master_port") changed.values[i] = std::int64_t{29500};
    }
    // Slurm's own formats: a time limit, a memory size, a GPU request, counts from 1.
    const std::map<std::string_view, Value> slurm_values = {
        {"slurm.time", std::string("1-00:00:00")},
        {"slurm.mem", std::string("500G")},
        {"slurm.gpus_per_node", std::string("a100:8")},
        {"slurm.cpus_per_task", std::int64_t{64}},
        {"slurm.array_throttle", std::int64_t{2}},
        {"slurm.extra", StringList{"--mail-type=END", "--comment=a b #c"}}};
    if (const auto value = slurm_values.find(field.name); value != slurm_values.end()) {
      changed.values[i] = value->second;
    }
    for (bool show_origin : {false, true}) {
      const std::string dump = emit_yaml(changed, {false, show_origin});
      std::string problems;
      const ResolvedConfig reloaded = resolve_text(dump, &problems);
      ASSERT_EQ(problems, "") << field.key() << "\n" << dump;
      EXPECT_EQ(reloaded.values, changed.values) << field.key();
    }
  }
}

TEST(Emit, NoneRoundTripsForEveryNullableField) {
  const ResolvedConfig base = resolve_text(valid_layer("  deepspeed: x\n  temperature: 0.5\n"));
  ResolvedConfig changed = base;
  for (std::size_t i = 0; i < changed.values.size(); ++i) {
    if (changed.runner->fields[i].nullable && !changed.runner->fields[i].required) {
      changed.values[i] = None{};
    }
  }
  std::string problems;
  const ResolvedConfig reloaded = resolve_text(emit_yaml(changed, {}), &problems);
  ASSERT_EQ(problems, "");
  EXPECT_EQ(reloaded.values, changed.values);
}

TEST(Emit, ChangedOnlyKeepsFieldsThatDifferFromDefaults) {
  const auto config = resolve_text(valid_layer("  seed: 42\n  learning_rate: 2e-5\n"));
  EXPECT_EQ(emit_yaml(config, {true, false}),
            "# expcfg resolved configuration (FlagEmbedding.finetune.embedder.encoder_only.base)\n"
            "# targets: transformers 4.57.6, FlagEmbedding 1.4.0\n"
            "# config hash: " +
                config_hash(config) +
                "\n"
                "runner: embedder.encoder_only.base\n"
                "model:\n  model_name_or_path: m\n"
                "data:\n  train_data:\n    - a.jsonl\n"
                "training:\n  learning_rate: 2e-05\n"
                "launch: {}\n");
}

TEST(Emit, ShowOriginAnnotatesEachValue) {
  const auto config = resolve_text(valid_layer("  learning_rate: 2e-5\n"));
  const std::string dump = emit_yaml(config, {false, true});
  EXPECT_NE(dump.find("runner: embedder.encoder_only.base  # default\n"), std::string::npos);
  EXPECT_NE(dump.find("  model_name_or_path: m  # x.yaml:2\n"), std::string::npos);
  EXPECT_NE(dump.find("  train_data:  # x.yaml:4\n    - a.jsonl\n"), std::string::npos);
  EXPECT_NE(dump.find("  learning_rate: 2e-05  # x.yaml:6\n"), std::string::npos);
  EXPECT_NE(dump.find("  seed: 42  # default\n"), std::string::npos);
}

TEST(Emit, EmptySectionIsAnEmptyMapping) {
  const auto config = resolve_text(valid_layer("  seed: 42\n"));
  EXPECT_NE(emit_yaml(config, {true, false}).find("training: {}\n"), std::string::npos);
}

TEST(EmitJson, ObjectWithRunnerAndSections) {
  const auto config = resolve_text(valid_layer("  learning_rate: 2e-5\n  deepspeed: {stage: 2}\n"));
  const Json json = Json::parse(emit_json(config, {}));
  EXPECT_EQ(json["runner"], "embedder.encoder_only.base");
  EXPECT_EQ(json["model"]["model_name_or_path"], "m");
  EXPECT_EQ(json["training"]["learning_rate"], 2e-5);
  EXPECT_EQ(json["training"]["deepspeed"]["stage"], 2);
  EXPECT_TRUE(json["training"]["temperature"].is_number());
  EXPECT_TRUE(json["training"]["tf32"].is_null());
  // transformers 4.57.6 (the default target): 132 TrainingArguments fields and FlagEmbedding's 9.
  EXPECT_EQ(json["training"].size(), 141u);
  EXPECT_FALSE(json.contains("origins"));
}

TEST(EmitJson, ShowOriginAddsAnOriginsObject) {
  const auto config = resolve_text(valid_layer());
  const Json json = Json::parse(emit_json(config, {true, true}));
  EXPECT_EQ(json["origins"]["model.model_name_or_path"], "x.yaml:2");
  EXPECT_EQ(json["origins"]["training.seed"], "x.yaml:6");
  EXPECT_EQ(json["origins"].size(), 3u);  // only the fields shown
}

}  // namespace
}  // namespace expcfg
