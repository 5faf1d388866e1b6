// libFuzzer target: `--set` / `--unset` arguments (one per line of the input) applied over a
// valid experiment, then every output of the result.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace expcfg;
  const std::string text(reinterpret_cast<const char*>(data), size);
  // Lines starting with '-' are --unset KEY; the others are --set KEY=VALUE.
  std::vector<std::string> flags;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.starts_with('-')) {
      flags.insert(flags.end(), {"--unset", line.substr(1)});
    } else {
      flags.insert(flags.end(), {"--set", line});
    }
    start = end + 1;
  }
  Diagnostics problems;
  const ResolvedConfig config =
      testing::resolve_with(testing::MemoryFileSystem{{"base.yaml", testing::valid_layer()}},
                            {"base.yaml"}, flags, problems);
  render(problems);
  if (problems.empty()) fuzz::exercise_outputs(config);
  return 0;
}
