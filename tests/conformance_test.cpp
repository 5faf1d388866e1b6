// Holds every runner's field tables against tests/reference/flagembedding-args.json, read off
// the real Python classes: a renamed field, a changed default or a lost choice fails here.

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "emit/argv.hpp"
#include "expcfg/schema.hpp"

namespace expcfg {
namespace {

/// The sections the reference describes (`launch` is expcfg's own).
constexpr Section kFlagEmbeddingSections[] = {Section::Model, Section::Data, Section::Training};

const Json& reference() {
  static const Json json = [] {
    std::ifstream in(EXPCFG_REFERENCE_JSON);
    return Json::parse(in);
  }();
  return json;
}

/// A field's Python annotation as first read. HfArgumentParser rewrites the annotations of the
/// classes it parses (`Optional[float]` becomes `float`), and the reference was read runner by
/// runner, so a class shared with an earlier runner shows rewritten types in later runners
/// (fields.tsv then calls m3's `temperature` not nullable). The first reading is the source.
std::string declared_type(const Json& field) {
  static const std::map<std::pair<std::string, std::string>, std::string> first = [] {
    std::map<std::pair<std::string, std::string>, std::string> types;
    for (const auto& [name, runner] : reference()["runners"].items()) {
      for (Section section : kFlagEmbeddingSections) {
        for (const auto& f : runner[std::string(section_name(section))]["fields"]) {
          types.emplace(
              std::pair{f["declared_in"].get<std::string>(), f["name"].get<std::string>()},
              f["type"].get<std::string>());
        }
      }
    }
    return types;
  }();
  return first.at({field["declared_in"], field["name"]});
}

/// The argparse action HfArgumentParser registered for a field (not its --no_ twin).
const Json& argparse_action(const Json& runner, const std::string& name) {
  for (const auto& action : runner["argparse"]) {
    if (action["dest"] == name && action["action"] != "_StoreFalseAction") return action;
  }
  throw std::runtime_error("no argparse action for " + name);
}

/// How the reference's argparse action takes a value, in expcfg's terms.
CliForm expected_cli_form(const Json& action, Kind kind) {
  const std::string type = action["type"].is_null() ? "" : action["type"].get<std::string>();
  if (type == "dict" || type == "ParallelismConfig") return CliForm::Impossible;
  if (action["nargs"] == "+") return CliForm::Several;
  if (type == "string_to_bool") return kind == Kind::Bool ? CliForm::Bool : CliForm::BoolWord;
  return kind == Kind::MappingOrString ? CliForm::JsonValue : CliForm::One;
}

/// The kind a Python annotation calls for, written independently of the tables.
Kind expected_kind(const std::string& type, bool nargs_plus) {
  auto has = [&](std::string_view part) { return type.find(part) != std::string::npos; };
  if (has("Literal[False]") || type == "str | bool") return Kind::BoolOrText;
  if (has("DebugOption") || type == "None | str | list[str]") return Kind::StringOrStrings;
  if (has("dict") && has("| str")) return Kind::MappingOrString;
  if (has("dict") || has("ParallelismConfig")) return Kind::Mapping;
  if (has("List[int]")) return Kind::Ints;
  if (has("list[str]") || has("List[str]") ||
      ((type == "<class 'str'>" || type == "typing.Optional[str]") && nargs_plus)) {
    return Kind::Strings;
  }
  if (has("bool")) return Kind::Bool;
  if (has("int")) return Kind::Int;
  if (has("float")) return Kind::Float;
  return Kind::String;  // str, Optional[str] and the `SomeEnum | str` choice fields
}

std::vector<std::string> expected_choices(const Json& field, const Json& action) {
  if (action["choices"].is_array()) return action["choices"].get<std::vector<std::string>>();
  if (field["choices"].is_array()) return field["choices"].get<std::vector<std::string>>();
  // transformers.debug_utils.DebugOption: argparse converts each word to the enum, so the
  // reference shows no list; its README names the two values.
  if (field["name"] == "debug") return {"underflow_overflow", "tpu_metrics_debug"};
  return {};
}

void expect_default(const FieldSpec& spec, const Json& expected) {
  if (expected == "<required>") {
    EXPECT_TRUE(spec.required) << spec.key() << " has no default, so it must be required";
    return;
  }
  const Json actual = to_json(spec.default_value);
  if (expected.is_number() && actual.is_number()) {
    EXPECT_DOUBLE_EQ(actual.get<double>(), expected.get<double>()) << spec.key();
  } else {
    EXPECT_EQ(actual, expected) << spec.key();
  }
}

std::vector<std::string> runner_names() {
  std::vector<std::string> names;
  for (const RunnerSchema* runner : all_runners()) names.emplace_back(runner->name);
  return names;
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, EveryFieldMatchesTheReference) {
  // The reference was read with transformers 5.17.0.
  const RunnerSchema& runner = runner_for(*find_runner(GetParam()), Version{5, 17, 0});
  ASSERT_TRUE(reference()["runners"].contains(std::string(runner.name)));
  const Json& expected_runner = reference()["runners"][std::string(runner.name)];
  std::size_t index = 0;
  for (Section section : kFlagEmbeddingSections) {
    for (const auto& field : expected_runner[std::string(section_name(section))]["fields"]) {
      const std::string name = field["name"];
      ASSERT_LT(index, runner.fields.size()) << "missing " << name;
      const FieldSpec& spec = runner.fields[index++];
      SCOPED_TRACE(spec.key());
      EXPECT_EQ(spec.section, section);
      ASSERT_EQ(spec.name, name) << "fields out of declaration order";

      const Json& action = argparse_action(expected_runner, name);
      const std::string type = declared_type(field);
      const bool nargs_plus = field["nargs"] == "+" || action["nargs"] == "+";
      EXPECT_EQ(kind_name(spec.kind), kind_name(expected_kind(type, nargs_plus))) << type;

      const bool nullable = field["default"].is_null() || type.find("None") != std::string::npos ||
                            type.find("Optional") != std::string::npos;
      EXPECT_EQ(spec.nullable, nullable);
      expect_default(spec, field["default"]);
      EXPECT_EQ(std::vector<std::string>(spec.choices.begin(), spec.choices.end()),
                expected_choices(field, action));
      EXPECT_EQ(spec.help, field["help"].is_null() ? "" : field["help"].get<std::string>());
      EXPECT_EQ(static_cast<int>(cli_form(spec)),
                static_cast<int>(expected_cli_form(action, spec.kind)))
          << action.dump();
    }
  }
  const auto launch_fields =
      std::count_if(runner.fields.begin(), runner.fields.end(),
                    [](const FieldSpec& f) { return f.section == Section::Launch; });
  EXPECT_EQ(index + static_cast<std::size_t>(launch_fields), runner.fields.size())
      << "the table has fields the reference lacks";
}

INSTANTIATE_TEST_SUITE_P(AllRunners, Conformance, ::testing::ValuesIn(runner_names()),
                         [](const auto& test) {
                           std::string name = test.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

/// TrainingArguments of every pinned transformers release, read from its source
/// (tests/reference/transformers-versions.json).
const Json& releases() {
  static const Json json = [] {
    std::ifstream in(EXPCFG_VERSIONS_JSON);
    return Json::parse(in);
  }();
  return json;
}

class ReleaseConformance : public ::testing::TestWithParam<Version> {};

TEST_P(ReleaseConformance, TrainingFieldsMatchTheRelease) {
  const Version version = GetParam();
  const Json* release = nullptr;
  for (const auto& each : releases()["versions"]) {
    if (parse_version(each["version"].get<std::string>()) == version) release = &each;
  }
  ASSERT_NE(release, nullptr);
  const RunnerSchema& all = default_runner();
  const RunnerSchema& runner = runner_for(all, version);
  std::set<std::string> expected_names;
  for (const auto& field : (*release)["fields"]) {
    const std::string name = field["name"];
    if (field["argparse"].empty()) continue;  // init=False (_n_gpu): never set from outside
    expected_names.insert(name);
    SCOPED_TRACE(name + " in transformers " + version.text());
    const auto index = runner.find(Section::Training, name);
    ASSERT_TRUE(index.has_value()) << "missing";
    const FieldSpec& spec = runner.fields[*index];
    expect_default(spec, field["default"]);
    const Json& action = field["argparse"][0];
    if (!spec.choices.empty() || action["choices"].is_array()) {
      EXPECT_EQ(std::vector<std::string>(spec.choices.begin(), spec.choices.end()),
                expected_choices(field, action));
    }
    EXPECT_EQ(static_cast<int>(cli_form(spec)),
              static_cast<int>(expected_cli_form(action, spec.kind)))
        << action.dump();
    // A float member read with int() must be written as a whole number.
    if (spec.kind == Kind::Float) {
      EXPECT_EQ(spec.cli_type == "int", action["type"] == "int");
    }
  }
  // Every training field of the view that TrainingArguments declares is in the release.
  const auto& flagembedding_runner = reference()["runners"][std::string(all.name)];
  std::set<std::string> flagembedding_own;
  for (const auto& field : flagembedding_runner["training"]["fields"]) {
    if (field["declared_in"] != "TrainingArguments") flagembedding_own.insert(field["name"]);
  }
  for (const auto& spec : runner.fields) {
    if (spec.section != Section::Training || flagembedding_own.count(std::string(spec.name)))
      continue;
    EXPECT_TRUE(expected_names.count(std::string(spec.name)))
        << spec.name << " is not a field of transformers " << version.text();
  }
}

INSTANTIATE_TEST_SUITE_P(PinnedReleases, ReleaseConformance,
                         ::testing::ValuesIn(kPinnedTransformers), [](const auto& test) {
                           std::string name = test.param.text();
                           std::replace(name.begin(), name.end(), '.', '_');
                           return "transformers_" + name;
                         });

TEST(Conformance, SeedRunnerHasTheIssuesFieldCounts) {
  const RunnerSchema& runner = runner_for(default_runner(), Version{5, 17, 0});
  EXPECT_EQ(runner.name, "embedder.encoder_only.base");
  std::map<Section, int> counts;
  for (const auto& field : runner.fields) ++counts[field.section];
  EXPECT_EQ(counts[Section::Model], 7);
  EXPECT_EQ(counts[Section::Data], 16);
  EXPECT_EQ(counts[Section::Training], 121);
}

TEST(Conformance, FieldNamesAreUniqueAcrossSections) {
  for (const RunnerSchema* runner : all_runners()) {
    std::set<std::string_view> names;
    for (const auto& field : runner->fields)
      EXPECT_TRUE(names.insert(field.name).second) << field.name;
  }
}

}  // namespace
}  // namespace expcfg
