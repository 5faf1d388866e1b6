// Load: resolving many configurations in one process (a sweep, a long-lived service) must not
// grow memory. 1,000 different resolutions of a shipped experiment, through every stage that
// makes output, must leave the heap where the first ones did.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include "emit/argv.hpp"
#include "expcfg/diff.hpp"
#include "expcfg/emit.hpp"
#include "expcfg/resolve.hpp"
#include "resolve/secrets.hpp"

#if defined(__SANITIZE_ADDRESS__)  // GCC
#define EXPCFG_ASAN 1
#elif defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
#define EXPCFG_ASAN 1
#endif
#endif

namespace expcfg {
namespace {

/// One distinct resolution, through every stage; returns bytes of output made (so that the
/// work cannot be optimised away).
std::size_t resolve_and_emit(int i, const ResolvedConfig& baseline) {
  Diagnostics problems;
  std::vector<Entry> overrides;
  for (const std::string& flag :
       {fmt::format("training.seed={}", i), fmt::format("learning_rate={}e-6", i % 50 + 1),
        fmt::format("data.train_data+=[extra/{}.jsonl, more/{}]", i, i),
        fmt::format("run_name=run-{}", i), fmt::format("model.token=hf_{}", i),
        fmt::format("deepspeed={{zero_optimization: {{stage: {}}}, n: [{}, {}]}}", i % 4, i, i)}) {
    overrides.push_back(*parse_set(flag, problems));
  }
  const ResolvedConfig config =
      load_config({std::string(EXPCFG_CONFIGS_DIR) + "/experiments/bge-large-en-v1.5.yaml"},
                  std::move(overrides), disk_file_system(), problems);
  EXPECT_TRUE(problems.empty()) << render(problems);
  const ResolvedConfig shown = redact_secrets(config);
  std::size_t bytes =
      emit_yaml(shown, {false, true}).size() + emit_json(shown, {true, true}).size();
  bytes += render_diff_text(diff(baseline, config), {}).size();
  for (const auto& word : to_argv(config, {}, problems)) bytes += word.size();
  return bytes;
}

std::size_t heap_in_use() { return mallinfo2().uordblks; }

TEST(Memory, ThousandResolutionsDoNotGrowTheHeap) {
#if defined(EXPCFG_ASAN)
  GTEST_SKIP() << "AddressSanitizer replaces malloc; LeakSanitizer checks this build instead";
#endif
  Diagnostics problems;
  const ResolvedConfig baseline =
      load_config({std::string(EXPCFG_CONFIGS_DIR) + "/experiments/bge-large-en-v1.5.yaml"}, {},
                  disk_file_system(), problems);
  ASSERT_TRUE(problems.empty()) << render(problems);
  std::size_t output = 0;
  // Warm-up: static tables, yaml-cpp's and fmt's first-use allocations.
  for (int i = 0; i < 50; ++i) output += resolve_and_emit(i, baseline);
  const std::size_t before = heap_in_use();
  for (int i = 50; i < 1'050; ++i) output += resolve_and_emit(i, baseline);
  const std::size_t after = heap_in_use();
  EXPECT_GT(output, 1'000'000u);
  // One leaked string per resolution would already add more than 32 KB.
  EXPECT_LT(after, before + 16 * 1024)
      << "heap in use grew from " << before << " to " << after << " bytes over 1,000 resolutions";
}

}  // namespace
}  // namespace expcfg
