// libFuzzer target: one layer file's bytes through load, merge, validation and every output.
// The file may name `extends` bases: base.yaml exists (a valid experiment), others do not.

#include <cstdint>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace expcfg;
  const std::string text(reinterpret_cast<const char*>(data), size);
  testing::MemoryFileSystem files{{"layer.yaml", text}, {"base.yaml", testing::valid_layer()}};
  Diagnostics problems;
  const ResolvedConfig config = testing::resolve_with(files, {"layer.yaml"}, {}, problems);
  render(problems);
  if (problems.empty()) fuzz::exercise_outputs(config);
  return 0;
}
