#include "load/config_groups.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace expcfg {
namespace {

constexpr std::string_view kExtensions[] = {".yaml", ".yml", ".json"};

/// A folder climb stops here at the latest, far above any real tree.
constexpr int kMaxFolderLevels = 64;

bool is_group_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/// A group or option name: no '/', and no leading '.', so `..` or a hidden file is never one;
/// the file it names always lies inside the group's folder.
bool is_safe_name(std::string_view name) {
  return !name.empty() && name.front() != '.' &&
         std::all_of(name.begin(), name.end(), [](char c) { return is_group_char(c) || c == '.'; });
}

std::string normal(const std::filesystem::path& path) {
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text.empty() ? "." : text;
}

std::string joined(const std::vector<std::string>& items) {
  return excerpt(fmt::format("{}", fmt::join(items, ", ")));
}

/// The names in `folder` that are subfolders (`folders`) or config files, without extension.
std::vector<std::string> names_in(FileSystem& file_system, const std::string& folder,
                                  bool folders) {
  std::vector<std::string> names;
  for (const std::string& name : file_system.list_folder(folder)) {
    if (name.starts_with('.')) continue;
    if (folders) {
      if (name.size() > 1 && name.back() == '/') names.push_back(name.substr(0, name.size() - 1));
      continue;
    }
    for (std::string_view extension : kExtensions) {
      if (name.size() > extension.size() && name.ends_with(extension)) {
        names.push_back(name.substr(0, name.size() - extension.size()));
      }
    }
  }
  return names;
}

}  // namespace

std::optional<GroupChoice> parse_group_word(std::string_view word) {
  const std::size_t equals = word.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::nullopt;
  const std::string_view group = word.substr(0, equals);
  if (!std::all_of(group.begin(), group.end(), is_group_char)) return std::nullopt;
  return GroupChoice{std::string(group), std::string(word.substr(equals + 1))};
}

std::optional<GroupChoice> parse_use_entry(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const std::string_view group = text.substr(0, slash);
  if (!std::all_of(group.begin(), group.end(), is_group_char)) return std::nullopt;
  return GroupChoice{std::string(group), std::string(text.substr(slash + 1))};
}

std::string folder_of(const std::string& file) {
  if (file == "-") return ".";
  return normal(std::filesystem::path(file).parent_path());
}

std::vector<std::string> group_search_path(const std::vector<std::string>& config_dirs,
                                           const std::vector<std::string>& folders) {
  std::vector<std::string> path;
  std::set<std::string> seen;
  auto add = [&](const std::string& folder) {
    if (seen.insert(folder).second) path.push_back(folder);
  };
  for (const auto& dir : config_dirs) add(normal(dir));
  for (const auto& folder : folders) {
    add(normal(folder));
    std::filesystem::path shown = folder;
    std::error_code error;
    std::filesystem::path real = std::filesystem::absolute(folder, error).lexically_normal();
    for (int level = 0; level < kMaxFolderLevels; ++level) {
      add(normal(shown / "configs"));
      if (error || real == real.parent_path() || real.parent_path().empty()) break;
      shown /= "..";
      real = real.parent_path();
    }
  }
  return path;
}

std::optional<std::string> find_group_option(const GroupChoice& choice,
                                             const std::vector<std::string>& search_path,
                                             FileSystem& file_system, const Origin& origin,
                                             bool usage, Diagnostics& diagnostics,
                                             const std::vector<Note>& hint) {
  auto fail = [&](std::string message) -> Diagnostic& {
    Diagnostic& error = usage ? diagnostics.usage_error(origin, "{}", message)
                              : diagnostics.error(origin, "{}", message);
    error.notes = hint;
    return error;
  };
  if (!is_safe_name(choice.option)) {
    fail(fmt::format("'{}' is not an option name of config group '{}'", excerpt(choice.option),
                     choice.group))
        .notes.push_back(Note{Origin::none(),
                              "an option is a file name without extension: letters, digits, "
                              "'_', '-' and '.', not starting with '.'"});
    return std::nullopt;
  }
  std::vector<std::string> group_folders;
  for (const auto& dir : search_path) {
    const std::string folder = normal(std::filesystem::path(dir) / choice.group);
    for (std::string_view extension : kExtensions) {
      const std::string file = folder + "/" + choice.option + std::string(extension);
      if (file_system.is_file(file)) return file;
    }
    if (!file_system.list_folder(folder).empty()) group_folders.push_back(folder);
  }
  if (group_folders.empty()) {
    std::set<std::string> groups;
    for (const auto& dir : search_path) {
      for (auto& name : names_in(file_system, dir, true)) {
        if (is_safe_name(name) && !names_in(file_system, dir + "/" + name, false).empty()) {
          groups.insert(name);
        }
      }
    }
    auto& error = fail(fmt::format("unknown config group '{}'", excerpt(choice.group)));
    const std::vector<std::string> names(groups.begin(), groups.end());
    suggest(error, choice.group, {names.begin(), names.end()});
    error.notes.push_back(
        Note{Origin::none(), names.empty() ? std::string("no config groups were found")
                                           : fmt::format("config groups: {}", joined(names))});
    error.notes.push_back(
        Note{Origin::none(), fmt::format("searched for '{}/{}.yaml' in: {}", choice.group,
                                         excerpt(choice.option), joined(search_path))});
    return std::nullopt;
  }
  std::set<std::string> options;
  for (const auto& folder : group_folders) {
    for (auto& name : names_in(file_system, folder, false)) options.insert(name);
  }
  const std::vector<std::string> names(options.begin(), options.end());
  auto& error = fail(
      fmt::format("config group '{}' has no option '{}'", choice.group, excerpt(choice.option)));
  suggest(error, choice.option, {names.begin(), names.end()});
  error.notes.push_back(Note{
      Origin::none(), fmt::format("options of '{}' (in {}): {}", choice.group,
                                  joined(group_folders), names.empty() ? "none" : joined(names))});
  return std::nullopt;
}

}  // namespace expcfg
