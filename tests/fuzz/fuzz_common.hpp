#pragma once
// What every fuzz target checks once an input resolved without errors: each output stage
// runs, and the YAML dump loads back to the same configuration (a dump is a valid layer).

#include <cstdio>
#include <cstdlib>

#include "../memory_file_system.hpp"
#include "emit/argv.hpp"
#include "expcfg/diff.hpp"
#include "expcfg/emit.hpp"
#include "expcfg/resolve.hpp"
#include "resolve/secrets.hpp"
#include "run/launch.hpp"

namespace expcfg::fuzz {

/// Aborts (a finding for libFuzzer) with the reason and the text involved.
[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz finding: %s\n%s\n", what, detail.c_str());
  std::abort();
}

/// Whether every required field has a value (not null, not an empty string): `import` makes
/// configurations that lack some (the user fills them in), and those cannot load back as they are.
inline bool has_required_values(const ResolvedConfig& config) {
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    if (!config.runner->fields[i].required) continue;
    const Value& value = config.values[i];
    if (is_none(value) || value == Value(std::string())) return false;
  }
  return true;
}

inline void exercise_outputs(const ResolvedConfig& config) {
  const std::string dump = emit_yaml(config, {});
  emit_yaml(redact_secrets(config), {true, true});
  emit_json(config, {false, true});
  Diagnostics ignored;
  to_argv(config, {true}, ignored);
  shell_line(launch_command(config, ignored));

  // The dump must resolve to the same values: nothing lost, nothing re-typed.
  if (!has_required_values(config)) return;
  Diagnostics problems;
  const ResolvedConfig again = testing::resolve_with(testing::MemoryFileSystem{{"dump.yaml", dump}},
                                                     {"dump.yaml"}, {}, problems);
  if (!problems.empty()) finding("the dump does not load back", dump + "\n" + render(problems));
  if (again.runner != config.runner || !diff(config, again, {.redact_secrets = false}).empty()) {
    finding("the dump loads back to other values",
            dump + "\n" + render_diff_text(diff(config, again, {.redact_secrets = false}), {}));
  }
}

}  // namespace expcfg::fuzz
