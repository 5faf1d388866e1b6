// libFuzzer target: `expcfg import`'s readers. The input is a shell script for the script
// reader; the same bytes split at NUL and newline are a command line for the argv reader.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "import/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace expcfg;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics warnings;
  Diagnostics problems;
  EnvList env;
  auto words = script_command(text, std::make_shared<const std::string>("run.sh"), env, warnings);
  if (!words) {
    words.emplace();
    std::string word;
    for (char c : text) {
      if (c == '\0' || c == '\n') {
        words->push_back(Word{word, Origin::argument(word)});
        word.clear();
      } else {
        word += c;
      }
    }
    words->push_back(Word{word, Origin::argument(word)});
  }
  const ResolvedConfig config =
      import_command(*words, std::string("embedder.encoder_only.base"), env, warnings, problems);
  render(warnings);
  render(problems);
  if (problems.empty()) fuzz::exercise_outputs(config);
  return 0;
}
