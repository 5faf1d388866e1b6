// Limits (limits.hpp): hostile or broken input ends in an error with a location, never a
// crash, a hang or unbounded memory.

#include "base/limits.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "expcfg/resolve.hpp"
#include "memory_file_system.hpp"

namespace expcfg {
namespace {

using testing::MemoryFileSystem;
using testing::run;
using testing::valid_layer;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Limits, MessagesEscapeControlAndBidiCharacters) {
  EXPECT_EQ(printable("a\x1b[31mb\tc\x7f"), "a\\x1b[31mb\\tc\\x7f");
  EXPECT_EQ(printable("\xe2\x80\xae"
                      "evil \xc2\x85 \xe2\x81\xa6 caf\xc3\xa9"),
            "\\u202eevil \\u0085 \\u2066 caf\xc3\xa9");
  Diagnostics diagnostics;
  diagnostics.error(Origin::set("k=\x1b]0;x\x07"), "unknown key '\x1b[2J'");
  EXPECT_EQ(render(diagnostics), "--set k=\\x1b]0;x\\x07: error: unknown key '\\x1b[2J'\n");
}

TEST(Limits, ValueBytesCountsTextAndItems) {
  EXPECT_EQ(value_bytes(Value(std::string("abc"))), 3u);
  EXPECT_EQ(value_bytes(Value(StringList{"ab", "c"})), 19u);
  EXPECT_EQ(value_bytes(Value(IntList{1, 2})), 16u);
  EXPECT_EQ(value_bytes(Value(Json{{"k", "vv"}})), 11u);
}

TEST(Limits, HundredThousandDeepBracketsIsAParseErrorNotAStackOverflow) {
  const std::string deep(100'000, '[');
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", "training:\n  deepspeed: " + deep + "\n"}},
               {"a.yaml", "b.yaml"});
  EXPECT_TRUE(r.problems.starts_with("b.yaml:")) << r.problems;
  EXPECT_TRUE(contains(r.problems, "error: invalid YAML: nested too deeply")) << r.problems;
}

TEST(Limits, DeepSetValueIsAnErrorAtTheFlag) {
  const std::string value = std::string(100'000, '[') + std::string(100'000, ']');
  auto r = run({{"a.yaml", valid_layer()}}, {"a.yaml"}, {"--set", "deepspeed=" + value});
  EXPECT_TRUE(contains(r.problems, "--set deepspeed=[[[[[[[[")) << r.problems;
  EXPECT_TRUE(contains(r.problems,
                       "... (200010 bytes): error: invalid YAML value for "
                       "'training.deepspeed': nested too deeply"))
      << r.problems;
}

TEST(Limits, AliasesCannotNestAValueBeyondTheDepthLimit) {
  // Each anchor nests the previous one 400 levels deeper: yaml-cpp parses every line, the
  // expanded value is 24,000 levels deep.
  std::string text = "training:\n  deepspeed:\n    x0: &x0 1\n";
  for (int level = 1; level < 60; ++level) {
    text += fmt::format("    x{0}: &x{0} {1}*x{2}{3}\n", level, std::string(400, '['), level - 1,
                        std::string(400, ']'));
  }
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", text}}, {"a.yaml", "b.yaml"});
  EXPECT_EQ(r.problems, fmt::format("b.yaml:3:5: error: 'training.deepspeed' nests deeper than {} "
                                    "levels\n",
                                    limits::kMaxNestingDepth));
}

TEST(Limits, MergeChainsShareOneBudgetPerValue) {
  // 9,000 mappings, each merging the previous: quadratic work unless bounded across them.
  std::string text = "training:\n  deepspeed:\n    m0: &m0 {k0: 1}\n";
  for (int level = 1; level < 9'000; ++level) {
    text += fmt::format("    m{0}: &m{0} {{<<: *m{1}, k{0}: 1}}\n", level, level - 1);
  }
  auto r = run({{"a.yaml", valid_layer()}, {"b.yaml", text}}, {"a.yaml", "b.yaml"});
  EXPECT_TRUE(contains(r.problems, "error: '<<' merge keys here pull in more than")) << r.problems;
  EXPECT_EQ(std::count(r.problems.begin(), r.problems.end(), '\n'), 1) << r.problems;
}

TEST(Limits, ExtendsChainDeeperThanTheLimit) {
  std::map<std::string, std::string> files;
  const std::size_t length = limits::kMaxExtendsDepth + 10;
  for (std::size_t i = 0; i < length; ++i) {
    files[fmt::format("c{}.yaml", i)] = fmt::format("extends: c{}.yaml\n", i + 1);
  }
  files[fmt::format("c{}.yaml", length)] = valid_layer();
  auto r = run(MemoryFileSystem(files), {"c0.yaml"});
  EXPECT_EQ(r.problems,
            fmt::format("c{0}.yaml:1:10: error: 'extends' chain of 'c{1}.yaml' is deeper than {1} "
                        "files\nnote: the chain starts at 'c0.yaml'\n",
                        limits::kMaxExtendsDepth - 1, limits::kMaxExtendsDepth));
}

TEST(Limits, MoreLayerFilesThanTheLimit) {
  std::map<std::string, std::string> files{{"base.yaml", valid_layer()}};
  std::string extends = "extends: [base.yaml";
  for (std::size_t i = 0; i < limits::kMaxLayerFiles + 5; ++i) {
    files[fmt::format("l{}.yaml", i)] = "training: {seed: 3}\n";
    extends += fmt::format(", l{}.yaml", i);
  }
  files["top.yaml"] = extends + "]\n";
  auto r = run(MemoryFileSystem(files), {"top.yaml"});
  // top.yaml, base.yaml and l0 ... l997 make the 1,000 files.
  EXPECT_TRUE(contains(r.problems, fmt::format("error: more than {} layer files in one "
                                               "configuration (at 'l{}.yaml')",
                                               limits::kMaxLayerFiles, limits::kMaxLayerFiles - 2)))
      << r.problems;
  EXPECT_EQ(std::count(r.problems.begin(), r.problems.end(), '\n'), 1) << r.problems;
}

TEST(Limits, LongValuesAndKeysAreCutShortInMessages) {
  const std::string long_word(5'000, 'x');
  const std::string long_key(1'000, 'k');  // YAML's longest implicit key is 1024 characters
  auto r = run({{"a.yaml", valid_layer("  optim: " + long_word + "\n  " + long_key + ": 1\n")}},
               {"a.yaml"});
  EXPECT_LT(r.problems.size(), 1'500u) << r.problems;
  EXPECT_TRUE(contains(r.problems, "invalid value 'xxxx")) << r.problems;
  EXPECT_TRUE(contains(r.problems, "... (5000 bytes)' for 'training.optim'")) << r.problems;
  EXPECT_TRUE(contains(r.problems, "unknown key 'training.kkkk")) << r.problems;
  EXPECT_TRUE(contains(r.problems, "... (1009 bytes)'")) << r.problems;
  EXPECT_EQ(excerpt("short"), "short");
  EXPECT_EQ(excerpt(std::string(59, 'a') + "é" + std::string(30, 'b')),  // é is 2 bytes
            std::string(59, 'a') + "... (91 bytes)");
}

/// A folder of real files for the disk's reader.
class DiskLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              fmt::format("expcfg-limits-{}-{}", getpid(),
                          ::testing::UnitTest::GetInstance()->random_seed());
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string read_error(const std::filesystem::path& path) {
    std::string error;
    EXPECT_FALSE(disk_file_system().read(path.string(), error).has_value());
    return error;
  }

  std::filesystem::path folder_;
};

TEST_F(DiskLimits, AFifoIsRefusedWithoutWaitingForAWriter) {
  const auto fifo = folder_ / "layer.yaml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(read_error(fifo), "is a FIFO, not a regular file (use '-' to read standard input)");
}

TEST_F(DiskLimits, ADirectoryIsRefused) { EXPECT_EQ(read_error(folder_), "is a directory"); }

TEST_F(DiskLimits, AFileOverTheSizeLimitIsRefusedBeforeReading) {
  const auto big = folder_ / "big.yaml";
  { std::ofstream(big) << "training: {}\n"; }
  std::filesystem::resize_file(big, limits::kMaxFileBytes + 1);  // sparse: no disk used
  EXPECT_EQ(read_error(big),
            fmt::format("is {} bytes, larger than the 64 MiB limit of a layer file",
                        limits::kMaxFileBytes + 1));
}

TEST_F(DiskLimits, AFileAtTheSizeLimitIsRead) {
  const auto big = folder_ / "big.yaml";
  { std::ofstream(big) << "# comment\n"; }
  std::filesystem::resize_file(big, limits::kMaxFileBytes);
  std::string error;
  const auto text = disk_file_system().read(big.string(), error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_EQ(text->size(), limits::kMaxFileBytes);
}

}  // namespace
}  // namespace expcfg
