#include "base/output.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace expcfg {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(Output, WritesAndReplacesAtomically) {
  const auto folder = std::filesystem::temp_directory_path() / "expcfg_output_test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const auto target = folder / "out.yaml";
  std::string error;
  ASSERT_TRUE(write_file_atomically(target.string(), "one\n", error)) << error;
  ASSERT_TRUE(write_file_atomically(target.string(), "two\n", error)) << error;
  EXPECT_EQ(slurp(target), "two\n");
  // Nothing but the target is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder),
                          std::filesystem::directory_iterator()),
            1);
  std::filesystem::remove_all(folder);
}

TEST(Output, ReplacesOnlyRegularFilesAndMarkedFolders) {
  namespace fs = std::filesystem;
  const auto folder = fs::temp_directory_path() / "expcfg_output_kinds_test";
  fs::remove_all(folder);
  fs::create_directories(folder / "project");
  std::string error;
  EXPECT_FALSE(write_file_atomically(folder.string(), "x", error));
  EXPECT_EQ(error, "is a folder");
  fs::create_symlink("target.yaml", folder / "link.yaml");
  EXPECT_FALSE(write_file_atomically((folder / "link.yaml").string(), "x", error));
  EXPECT_EQ(error, "is a symbolic link to a missing file (not writing through it)");
  std::ofstream(folder / "target.yaml") << "old";
  ASSERT_TRUE(write_file_atomically((folder / "link.yaml").string(), "new", error)) << error;
  EXPECT_TRUE(fs::is_symlink(folder / "link.yaml"));
  EXPECT_EQ(slurp(folder / "target.yaml"), "new");
  std::ofstream(folder / "project" / "notes.txt") << "mine";
  EXPECT_FALSE(write_folder_atomically((folder / "project").string(), {{"a", "b"}}, error));
  EXPECT_EQ(slurp(folder / "project" / "notes.txt"), "mine");
  ASSERT_TRUE(write_folder_atomically((folder / "out").string(), {{"a", "1"}}, error)) << error;
  ASSERT_TRUE(write_folder_atomically((folder / "out").string(), {{"b", "2"}}, error)) << error;
  EXPECT_TRUE(fs::exists(folder / "out" / kOutputMarker));
  EXPECT_FALSE(fs::exists(folder / "out" / "a"));
  EXPECT_EQ(slurp(folder / "out" / "b"), "2");
  fs::remove_all(folder);
}

TEST(Output, MissingFolderFailsWithReason) {
  std::string error;
  EXPECT_FALSE(write_file_atomically("/nonexistent-folder/x.yaml", "x", error));
  EXPECT_EQ(error, "No such file or directory");
}

TEST(Output, OverwrittenInputIsFoundHoweverItIsSpelled) {
  namespace fs = std::filesystem;
  const auto folder = fs::temp_directory_path() / "expcfg_overwrite_test";
  fs::remove_all(folder);
  fs::create_directories(folder / "cfg");
  std::ofstream(folder / "cfg" / "base.yaml") << "training: {}\n";
  fs::create_hard_link(folder / "cfg" / "base.yaml", folder / "link.yaml");
  const std::vector<std::string> inputs{"-", (folder / "cfg" / "base.yaml").string()};

  EXPECT_EQ(overwritten_input((folder / "cfg" / ".." / "cfg" / "base.yaml").string(), inputs),
            inputs[1]);
  EXPECT_EQ(overwritten_input((folder / "link.yaml").string(), inputs), inputs[1]);
  EXPECT_EQ(overwritten_input((folder / "cfg").string(), inputs),
            inputs[1]);  // a folder replaced whole
  EXPECT_EQ(overwritten_input((folder / "other.yaml").string(), inputs), std::nullopt);
  EXPECT_EQ(overwritten_input((folder / "cf").string(), inputs),
            std::nullopt);  // a prefix, not a parent
  EXPECT_EQ(overwritten_input("-", {"-"}), std::nullopt);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace expcfg
