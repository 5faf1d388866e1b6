// Interpolation: ${section.field}, ${env:NAME[,default]} and $${, resolved after the merge.
#include "resolve/interpolate.hpp"

#include <gtest/gtest.h>

#include "expcfg/emit.hpp"
#include "memory_file_system.hpp"
#include "resolve/run_values.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::valid_layer;

/// A run that started at 2026-01-02T03:04:05Z in a zone one hour east (CET), in a repository
/// with local changes.
RunValues& fixed_run_values() {
  static RunValues values(
      RunClock{1767323045, 3600, "CET"},
      GitState{"/repo", "0123456789abcdef0123456789abcdef01234567", "main", true}, "");
  return values;
}

/// Resolves x.yaml (and --set words) with a fixed environment: HOME=/home/me, TOKEN=hf_secret;
/// and fixed run-time values (fixed_run_values).
testing::Run resolve_env(const std::string& text, const std::vector<std::string>& sets = {},
                         RunValues* run_values = &fixed_run_values()) {
  MemoryFileSystem fs{{"x.yaml", text}};
  Diagnostics problems;
  std::vector<Entry> overrides;
  for (const auto& set : sets) {
    if (auto entry = parse_set(set, problems)) overrides.push_back(*entry);
  }
  ResolveOptions options;
  options.environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") return "/home/me";
    if (name == "TOKEN") return "hf_secret";
    if (name == "BINARY") return std::string("a\xff\x01");
    return std::nullopt;
  };
  options.run_values = run_values;
  testing::Run result{load_config({"x.yaml"}, std::move(overrides), fs, problems, options), ""};
  result.problems = render(problems);
  return result;
}

TEST(Template, PiecesReferencesAndEscapes) {
  std::string error;
  auto pieces = parse_template("out/${training.seed}-$${x}-${env:A,b,c}$$", error);
  ASSERT_TRUE(pieces) << error;
  ASSERT_EQ(pieces->size(), 3u);
  EXPECT_EQ((*pieces)[0].literal, "out/");
  EXPECT_EQ((*pieces)[0].reference->name, "training.seed");
  EXPECT_EQ((*pieces)[1].literal, "-${x}-");
  EXPECT_TRUE((*pieces)[1].reference->environment);
  EXPECT_EQ((*pieces)[1].reference->fallback, "b,c");  // the default is the rest
  EXPECT_EQ((*pieces)[2].literal, "$$");
  EXPECT_FALSE((*pieces)[2].reference);
}

TEST(Template, MalformedReferencesAreErrors) {
  for (const char* text : {"${training.seed", "${}", "${a b}", "${env:1X}", "${x${y}}"}) {
    std::string error;
    EXPECT_FALSE(parse_template(text, error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
}

TEST(Template, EscapeReadsBackAsItself) {
  for (const std::string text : {"a${b}", "$${", "$$${x}", "plain $5", "${"}) {
    std::string error;
    auto pieces = parse_template(escape_template(text), error);
    ASSERT_TRUE(pieces) << text;
    ASSERT_EQ(pieces->size(), 1u) << text;
    EXPECT_EQ(pieces->front().literal, text);
  }
}

TEST(Interpolate, WholeReferenceKeepsTheType) {
  auto r = resolve_env(
      valid_layer("  per_device_train_batch_size: 16\n"
                  "  per_device_eval_batch_size: ${training.per_device_train_batch_size}\n"
                  "  warmup_steps: ${training.seed}\n"));
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.per_device_eval_batch_size"), Value(std::int64_t{16}));
  EXPECT_EQ(r.config.at("training.warmup_steps"), Value(0.0 + 42));  // int -> float field
}

TEST(Interpolate, TextReferencesEnvironmentAndEscapes) {
  auto r = resolve_env(valid_layer(
      "  learning_rate: 2e-5\n"
      "  output_dir: ${env:HOME}/runs/${model.model_name_or_path}-lr${training.learning_rate}\n"
      "  run_name: \"cost $${HOME}\"\n"
      "  hub_model_id: ${env:NOPE,me/model}\n"));
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.output_dir"), Value(std::string("/home/me/runs/m-lr2e-05")));
  EXPECT_EQ(r.config.at("training.run_name"), Value(std::string("cost ${HOME}")));
  EXPECT_EQ(r.config.at("training.hub_model_id"), Value(std::string("me/model")));
  const std::size_t out = *r.config.index("training.output_dir");
  EXPECT_EQ(r.config.origin_label(out),
            "x.yaml:7, ${env:HOME} from the environment, ${model.model_name_or_path} from "
            "x.yaml:2, ${training.learning_rate} from x.yaml:6");
}

TEST(Interpolate, ListItemsAndSetValues) {
  auto r =
      resolve_env(valid_layer(), {"data.train_data=[\"${env:HOME}/a.jsonl\", b.jsonl]",
                                  "training.seed=${training.data_seed}", "training.data_seed=7"});
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("data.train_data"), Value(StringList{"/home/me/a.jsonl", "b.jsonl"}));
  EXPECT_EQ(r.config.at("training.seed"), Value(std::int64_t{7}));  // resolved after the merge
}

TEST(Interpolate, UnknownKeyUnsetVariableAndCycleAreErrorsAtTheValue) {
  EXPECT_EQ(resolve_env(valid_layer("  output_dir: ${training.learnig_rate}\n")).problems,
            "x.yaml:6:3: error: 'training.output_dir' refers to unknown key "
            "'training.learnig_rate'\n"
            "x.yaml:6:3: note: did you mean 'training.learning_rate'?\n");
  EXPECT_EQ(resolve_env(valid_layer("  output_dir: ${env:NOPE}\n")).problems,
            "x.yaml:6:3: error: 'training.output_dir' refers to ${env:NOPE}, which is not set\n"
            "x.yaml:6:3: note: export NOPE, or give a default: ${env:NOPE,default}\n");
  EXPECT_EQ(resolve_env(valid_layer("  output_dir: ${env:BINARY}\n")).problems,
            "x.yaml:6:3: error: 'training.output_dir' refers to ${env:BINARY}, whose value is not "
            "UTF-8 text (or holds a control character)\n");
  EXPECT_EQ(resolve_env(valid_layer("  seed: ${training.data_seed}\n"
                                    "  data_seed: ${seed}\n"))
                .problems,
            "x.yaml:7:3: error: 'training.seed' refers to itself: training.seed -> "
            "training.data_seed -> training.seed\n");
}

TEST(Interpolate, WrongTypeAfterInterpolationSaysWhatWasWritten) {
  EXPECT_EQ(resolve_env(valid_layer("  seed: ${env:HOME}\n")).problems,
            "x.yaml:6:3: error: expected an integer for 'training.seed', got '/home/me'\n"
            "x.yaml:6:3: note: the value as written: '${env:HOME}'\n");
  EXPECT_NE(resolve_env(valid_layer("  output_dir: ${data.train_data}/x\n"))
                .problems.find("refers to ${data.train_data}, which is a list or a mapping"),
            std::string::npos);
}

TEST(Interpolate, NullDefaultLeavesANullableFieldNone) {
  auto r = resolve_env(
      "model:\n  model_name_or_path: m\n  cache_dir: ${env:NOPE,null}\n"
      "data:\n  train_data: [a]\n");
  ASSERT_EQ(r.problems, "");
  EXPECT_TRUE(is_none(r.config.at("model.cache_dir")));
}

TEST(Interpolate, DumpEscapesLiteralsAndReadsBack) {
  auto r = resolve_env(valid_layer("  run_name: \"$${literal} ${env:HOME}\"\n"));
  ASSERT_EQ(r.problems, "");
  const std::string dump = emit_yaml(r.config, {});
  EXPECT_NE(dump.find("run_name: \"$${literal} /home/me\""), std::string::npos) << dump;
  auto again = resolve_env(dump);
  ASSERT_EQ(again.problems, "");
  EXPECT_EQ(again.config.values, r.config.values);
  EXPECT_EQ(config_hash(again.config), config_hash(r.config));
}

TEST(Interpolate, NoResolveShowsTheValueAsWritten) {
  auto r = resolve_env(valid_layer("  output_dir: ${env:HOME}/out\n"));
  EmitOptions unresolved;
  unresolved.resolve = false;
  EXPECT_NE(emit_yaml(r.config, unresolved).find("output_dir: \"${env:HOME}/out\""),
            std::string::npos);
  EXPECT_NE(emit_yaml(r.config, {}).find("output_dir: /home/me/out"), std::string::npos);
}

TEST(Interpolate, TokenFromTheEnvironmentShowsAsItsReference) {
  auto r = resolve_env(
      "model:\n  model_name_or_path: m\n  token: ${env:TOKEN}\ndata:\n  train_data: [a]\n");
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("model.token"), Value(std::string("hf_secret")));
  const std::string dump = emit_yaml(redact_secrets(r.config), {});
  EXPECT_NE(dump.find("token: \"${env:TOKEN}\""), std::string::npos) << dump;
  EXPECT_EQ(dump.find("hf_secret"), std::string::npos);
  // A token partly written out stays hidden, even unresolved.
  auto partial = resolve_env(
      "model:\n  model_name_or_path: m\n  token: hf_${env:HOME}\ndata:\n  train_data: [a]\n");
  EmitOptions unresolved;
  unresolved.resolve = false;
  const std::string hidden = emit_yaml(redact_secrets(partial.config), unresolved);
  EXPECT_NE(hidden.find("token: <redacted>"), std::string::npos) << hidden;
}

TEST(Interpolate, AFailedReferenceLeavesTheFieldItsTypeAndDefault) {
  auto r = resolve_env(valid_layer() + "launch:\n  node_rank: ${env:UNSET}\n");
  EXPECT_EQ(r.problems,
            "x.yaml:8:3: error: 'launch.node_rank' refers to ${env:UNSET}, which is not set\n"
            "x.yaml:8:3: note: export UNSET, or give a default: ${env:UNSET,default}\n");
  EXPECT_EQ(r.config.at("launch.node_rank"), Value(std::int64_t{0}));
}

TEST(Interpolate, DoublingReferencesStopAtTheLimitOnOneValue) {
  std::string text = valid_layer(
      "  run_name: ${model.model_name_or_path}${model.model_name_or_path}\n"
      "  hub_model_id: ${training.run_name}${training.run_name}\n");
  text.replace(text.find("name_or_path: m"), 15, "name_or_path: " + std::string(300'000, 'm'));
  EXPECT_EQ(resolve_env(text).problems,
            "x.yaml:7:3: error: 'training.hub_model_id' grows past 1048576 bytes, the limit on one "
            "interpolated value (limits::kMaxInterpolatedBytes)\n"
            "note: do its references refer to values that refer to others several times over?\n");
}

TEST(Interpolate, AValueMadeFromACredentialIsOne) {
  auto r = resolve_env(valid_layer("  run_name: run-${model.token}\n  seed: ${env:TOKEN}\n") +
                       "  hub_model_id: ${training.run_name}\n");
  EXPECT_EQ(r.problems.find("hf_secret"), std::string::npos) << r.problems;
  EXPECT_NE(r.problems.find("'training.seed' (int) gets a value from a credential that it cannot "
                            "take"),
            std::string::npos)
      << r.problems;
  auto copy = resolve_env(
      "model:\n  model_name_or_path: m\n  token: ${env:TOKEN}\ndata:\n  train_data: [a]\n"
      "training:\n  run_name: run-${model.token}\n  hub_model_id: ${training.run_name}\n");
  ASSERT_EQ(copy.problems, "");
  const std::string dump = emit_yaml(redact_secrets(copy.config), {});
  EXPECT_EQ(dump.find("hf_secret"), std::string::npos) << dump;
  EXPECT_NE(dump.find("run_name: \"run-${model.token}\""), std::string::npos) << dump;
  const std::size_t hub = *copy.config.index("training.hub_model_id");
  EXPECT_EQ(redacted_value(copy.config, hub), Value(std::string(kRedacted)));
}

TEST(Interpolate, NowFormatsTheRunsStartInItsLocalZone) {
  auto r =
      resolve_env(valid_layer("  output_dir: runs/${now:%Y-%m-%d_%H-%M-%S}\n") +
                  "  run_name: ${now:%H%M %Z %z}\n  logging_dir: ${training.output_dir}/logs\n");
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.output_dir"), Value(std::string("runs/2026-01-02_04-04-05")));
  EXPECT_EQ(r.config.at("training.run_name"), Value(std::string("0404 CET +0100")));
  EXPECT_EQ(r.config.at("training.logging_dir"),
            Value(std::string("runs/2026-01-02_04-04-05/logs")));
  EXPECT_NE(r.config.origin_label(*r.config.index("training.output_dir"))
                .find("${now:%Y-%m-%d_%H-%M-%S} from the start time 2026-01-02T03:04:05Z"),
            std::string::npos);
}

TEST(Interpolate, GitValuesDescribeTheRepository) {
  auto r = resolve_env(valid_layer("  run_name: ${git:branch}-${git:short}\n") +
                       "  hub_model_id: ${git:commit}\n  push_to_hub: ${git:dirty}\n");
  ASSERT_EQ(r.problems, "");
  EXPECT_EQ(r.config.at("training.run_name"), Value(std::string("main-0123456")));
  EXPECT_EQ(r.config.at("training.hub_model_id"),
            Value(std::string("0123456789abcdef0123456789abcdef01234567")));
  EXPECT_EQ(r.config.at("training.push_to_hub"), Value(true));  // read by the field's type
}

TEST(Interpolate, RunTimeValueErrorsSayWhatToWrite) {
  auto bad = resolve_env(valid_layer("  run_name: ${now:%Y%n}\n  output_dir: ${git:tag}\n"));
  EXPECT_NE(bad.problems.find("'%n' in ${now:%Y%n} is not a supported strftime directive"),
            std::string::npos)
      << bad.problems;
  EXPECT_NE(bad.problems.find("unknown git value 'tag': write ${git:commit}, ${git:short}, "
                              "${git:branch} or ${git:dirty}"),
            std::string::npos)
      << bad.problems;
  RunValues no_repository(RunClock{}, std::nullopt, "'/x' is not in a git repository");
  auto outside = resolve_env(valid_layer("  run_name: r-${git:short}\n"), {}, &no_repository);
  EXPECT_NE(outside.problems.find("'training.run_name' refers to ${git:short}, but '/x' is not in "
                                  "a git repository"),
            std::string::npos)
      << outside.problems;
}

TEST(Hash, RunTimeValuesEnterAsTheirTemplate) {
  const std::string layer =
      valid_layer("  output_dir: runs/${now:%Y-%m-%d}\n") + "  run_name: ${training.output_dir}\n";
  RunValues later(RunClock{1893456000, 0, "UTC"}, std::nullopt, "none");
  const auto today = resolve_env(layer);
  const auto tomorrow = resolve_env(layer, {}, &later);
  ASSERT_EQ(today.problems, "");
  ASSERT_EQ(tomorrow.problems, "");
  EXPECT_NE(today.config.at("training.output_dir"), tomorrow.config.at("training.output_dir"));
  EXPECT_EQ(config_hash(today.config), config_hash(tomorrow.config));
  // The template itself counts; so does the resolved text written out.
  EXPECT_NE(config_hash(today.config),
            config_hash(resolve_env(valid_layer("  output_dir: runs/${now:%Y}\n")).config));
  EXPECT_NE(config_hash(today.config),
            config_hash(resolve_env(valid_layer("  output_dir: runs/2026-01-02\n") +
                                    "  run_name: runs/2026-01-02\n")
                            .config));
}

TEST(RunValues, UtcTimestampsReadBackAndRejectTheRest) {
  EXPECT_EQ(parse_utc_timestamp("2026-01-02T03:04:05Z"), 1767323045);
  EXPECT_EQ(utc_timestamp(1767323045), "2026-01-02T03:04:05Z");
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-01-02 03:04:05Z", "2026-01-02T03:04:05",
                          "2026-01-02T03:04:05+01:00", "yesterday", ""}) {
    EXPECT_EQ(parse_utc_timestamp(bad), std::nullopt) << bad;
  }
}

TEST(Hash, SameEffectiveConfigSameHash) {
  const std::string a = config_hash(resolve_env(valid_layer("  learning_rate: 1e-5\n")).config);
  const std::string b =
      config_hash(resolve_env(valid_layer("  learning_rate: 0.00001\n  seed: 42\n")).config);
  const std::string c = config_hash(resolve_env(valid_layer("  learning_rate: 2e-5\n")).config);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, b);  // float spelling; an explicit default
  EXPECT_NE(a, c);
  const std::string with_token =
      config_hash(resolve_env(valid_layer("  learning_rate: 1e-5\n  hub_token: x\n")).config);
  const std::string other_token =
      config_hash(resolve_env(valid_layer("  learning_rate: 1e-5\n  hub_token: y\n")).config);
  EXPECT_EQ(with_token, other_token);  // credentials are left out
}

}  // namespace
}  // namespace expcfg
