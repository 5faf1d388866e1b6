// libFuzzer target: `${...}` interpolation and `--set` over every kind of field. Each input
// line is one --set: its first byte picks the field (by index into the runner's fields, so
// ints, floats, bools, choices, lists, mappings and launch fields are all reached), the rest is
// the value, with references to other fields, to the token and to the environment.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "resolve/run_values.hpp"

namespace {

/// A deterministic environment: SET_* variables are set (to their name, or a number), the
/// rest are not.
std::optional<std::string> environment(const std::string& name) {
  if (name == "SET_INT") return "7";
  if (name == "HF_TOKEN") return "hf_FUZZSECRET";
  if (name.starts_with("SET_")) return name + "/" + name;
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace expcfg;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const RunnerSchema& runner = default_runner();
  Diagnostics problems;
  std::vector<Entry> overrides;
  if (auto token = parse_set("model.token=${env:HF_TOKEN}", problems)) overrides.push_back(*token);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const auto pick = static_cast<unsigned char>(text[start]);
    const std::string key = runner.fields[pick % runner.fields.size()].key();
    if (auto entry = parse_set(key + "=" + text.substr(start + 1, end - start - 1), problems)) {
      overrides.push_back(std::move(*entry));
    }
    start = end + 1;
  }
  ResolveOptions options;
  options.environment = environment;
  options.run_python = false;  // `launch.transformers: auto` must not start processes here
  // Nor may ${git:...}: a fixed start time and repository.
  static RunValues fixed(RunClock{1767322800, 3600, "CET"},
                         GitState{"/repo", std::string(40, 'a'), "main", true}, "");
  options.run_values = &fixed;
  testing::MemoryFileSystem files{{"base.yaml", testing::valid_layer()}};
  const ResolvedConfig config =
      load_config({"base.yaml"}, std::move(overrides), files, problems, options);
  const std::string messages = render(problems);
  // The token reaches the config only through ${env:HF_TOKEN}: no message, and no output
  // for people, may show it (unless the input spelled it out itself).
  const bool spelled = text.find("FUZZSECRET") != std::string::npos;
  if (!spelled && messages.find("FUZZSECRET") != std::string::npos) {
    expcfg::fuzz::finding("a message shows the token", messages);
  }
  if (!problems.empty()) return 0;
  const std::string shown = emit_yaml(redact_secrets(config), {false, true});
  if (!spelled && shown.find("FUZZSECRET") != std::string::npos) {
    expcfg::fuzz::finding("a redacted dump shows the token", shown);
  }
  expcfg::fuzz::exercise_outputs(config);
  return 0;
}
