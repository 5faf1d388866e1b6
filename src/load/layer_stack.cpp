// The command line's files, each after its `extends` chain and its `use` list, in merge order.

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "base/limits.hpp"
#include "base/sha256.hpp"
#include "expcfg/layer.hpp"
#include "load/config_groups.hpp"

namespace expcfg {
namespace {

bool is_config_name(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

/// A command-line choice of a config group's option (`model=bge-m3`).
struct CommandLineChoice {
  GroupChoice choice;
  std::string word;
};

class StackLoader {
 public:
  StackLoader(FileSystem& file_system, Diagnostics& diagnostics,
              std::vector<std::string> config_dirs, std::vector<std::string> command_line_path,
              std::map<std::string, CommandLineChoice> choices)
      : file_system_(file_system),
        diagnostics_(diagnostics),
        config_dirs_(std::move(config_dirs)),
        command_line_path_(std::move(command_line_path)),
        choices_(std::move(choices)) {}

  /// Loads a command-line choice `model=bge-m3` (unless a `use:` entry already did).
  void load_choice(const CommandLineChoice& choice) {
    // Once: at the first `use:` of its group, or at its place on the command line.
    if (!chosen_.insert(choice.choice.group).second) return;
    const Origin origin = Origin::argument(choice.word);
    // `a=b.yaml` is a choice by its form; a file by that name is read as `./a=b.yaml`.
    std::vector<Note> hint;
    if (file_system_.is_file(choice.word)) {
      hint.push_back(Note{Origin::none(), fmt::format("to read the file '{}', write './{}'",
                                                      choice.word, choice.word)});
    }
    if (auto path = find_group_option(choice.choice, command_line_path_, file_system_, origin, true,
                                      diagnostics_, hint)) {
      load(*path, origin, choice.choice.label());
    }
  }

  /// Loads `path` after its bases and the group options it uses. `referenced_at` is the
  /// `extends` or `use` entry (or command-line choice) naming it, or nullopt for a file named
  /// on the command line; `group` the choice ("model=bge-m3") that picked it.
  void load(const std::string& path, const std::optional<Origin>& referenced_at,
            const std::string& group = {}) {
    const std::string canonical = file_system_.canonical(path);
    if (auto cycle = std::find(chain_.begin(), chain_.end(), canonical); cycle != chain_.end()) {
      report_cycle(path, cycle, *referenced_at);
      return;
    }
    // Each file once per resolution: a base shared by two files applies at its first use.
    if (loaded_.contains(canonical)) return;
    if (!within_limits(path, referenced_at)) return;
    // A base is a config file: never read (nor quote in an error) /etc/shadow or ~/.netrc.
    if (referenced_at && (!is_config_name(path) || !is_config_name(canonical))) {
      diagnostics_
          .error(*referenced_at, "'{}' names '{}', which is not a .yaml, .yml or .json file",
                 group.empty() ? "extends" : group, path)
          .notes.push_back(Note{Origin::none(), "expcfg reads only configuration files as bases"});
      return;
    }
    loaded_.insert(canonical);

    std::string error;
    std::optional<std::string> text = file_system_.read(path, error);
    if (!text) {
      if (referenced_at) {
        diagnostics_.error(*referenced_at, "cannot read {} '{}': {}",
                           group.empty() ? "extends target" : "config group option", path, error);
      } else {
        diagnostics_.usage_error(Origin::none(), "cannot read '{}': {}", path, error);
      }
      return;
    }
    const std::string name = path == "-" ? "<stdin>" : path;
    ParsedFile parsed = parse_layer(*text, std::make_shared<const std::string>(name), diagnostics_);
    parsed.layer.sha256 = sha256_hex(*text);
    if (!group.empty()) {
      // Origins say which choice set a value: "model=bge-m3 (configs/model/bge-m3.yaml:3)".
      for (auto& entry : parsed.layer.entries) entry.origin.group = group;
      if (parsed.layer.runner) parsed.layer.runner->origin.group = group;
    }

    chain_.push_back(canonical);
    names_.push_back(name);
    for (const auto& [base, origin] : parsed.extends) load(relative_to(path, base), origin);
    // A file's parts come after its bases and before its own values, which win over both.
    for (const auto& [entry, origin] : parsed.uses) load_use(path, entry, origin);
    chain_.pop_back();
    names_.pop_back();
    layers_.push_back(std::move(parsed.layer));
  }

  std::vector<Layer> take() { return std::move(layers_); }

 private:
  /// `use: [model/bge-m3]`: the option from the search path of the file naming it, unless
  /// the command line chose another option of that group (which is then loaded here).
  void load_use(const std::string& file, const std::string& text, const Origin& origin) {
    auto choice = parse_use_entry(text);
    if (!choice) {
      diagnostics_.error(origin, "expected GROUP/OPTION in 'use', got '{}'", excerpt(text))
          .notes.push_back(Note{Origin::none(), "for example: use: [model/bge-m3, cluster/a100]"});
      return;
    }
    if (auto chosen = choices_.find(choice->group); chosen != choices_.end()) {
      load_choice(chosen->second);
      return;
    }
    std::vector<std::string> search = group_search_path(config_dirs_, {folder_of(file)});
    if (auto path = find_group_option(*choice, search, file_system_, origin, false, diagnostics_)) {
      load(*path, origin, choice->label());
    }
  }

  /// `extends` paths are relative to the file that names them (stdin: the current folder).
  static std::string relative_to(const std::string& file, const std::string& base) {
    const std::filesystem::path base_path(base);
    if (base_path.is_absolute() || file == "-") return base;
    return (std::filesystem::path(file).parent_path() / base_path).lexically_normal().string();
  }

  /// Reports (once) a stack with more files, or a chain of more `extends`, than limits.hpp allows.
  bool within_limits(const std::string& path, const std::optional<Origin>& referenced_at) {
    if (chain_.size() >= limits::kMaxExtendsDepth) {
      // Only an `extends` entry can make the chain this long, so referenced_at is set.
      diagnostics_
          .error(*referenced_at, "'extends' chain of '{}' is deeper than {} files", path,
                 limits::kMaxExtendsDepth)
          .notes.push_back(
              Note{Origin::none(), fmt::format("the chain starts at '{}'", names_.front())});
      return false;
    }
    if (loaded_.size() >= limits::kMaxLayerFiles) {
      if (!reported_too_many_) {
        diagnostics_.error(referenced_at.value_or(Origin::none()),
                           "more than {} layer files in one configuration (at '{}')",
                           limits::kMaxLayerFiles, path);
      }
      reported_too_many_ = true;
      return false;
    }
    return true;
  }

  void report_cycle(const std::string& path, std::vector<std::string>::iterator cycle_start,
                    const Origin& referenced_at) {
    std::string chain;
    for (auto i = static_cast<std::size_t>(cycle_start - chain_.begin()); i < names_.size(); ++i) {
      chain += names_[i] + " -> ";
    }
    diagnostics_.error(referenced_at, "'extends' cycle: {}{}", chain, path);
  }

  FileSystem& file_system_;
  Diagnostics& diagnostics_;
  std::vector<std::string> config_dirs_;              // --config-dir, searched first
  std::vector<std::string> command_line_path_;        // where command-line choices are found
  std::map<std::string, CommandLineChoice> choices_;  // by group
  std::set<std::string> chosen_;                      // groups whose choice was loaded
  std::vector<std::string> chain_;                    // canonical paths of the files being loaded
  std::vector<std::string> names_;                    // the same files, as the user named them
  std::set<std::string> loaded_;
  bool reported_too_many_ = false;
  std::vector<Layer> layers_;
};

}  // namespace

std::vector<Layer> load_layers(const std::vector<std::string>& files, FileSystem& file_system,
                               Diagnostics& diagnostics,
                               const std::vector<std::string>& config_dirs) {
  // Command-line choices are known before any file loads: they replace `use:` entries.
  std::map<std::string, CommandLineChoice> choices;
  std::vector<std::string> folders;
  bool chosen_twice = false;
  for (const auto& word : files) {
    if (auto choice = parse_group_word(word)) {
      auto [at, added] = choices.emplace(choice->group, CommandLineChoice{*choice, word});
      if (!added) {
        chosen_twice = true;
        diagnostics
            .usage_error(Origin::argument(word), "config group '{}' is chosen twice", choice->group)
            .notes.push_back(Note{Origin::argument(at->second.word), "first chosen here"});
      }
    } else {
      folders.push_back(folder_of(word));
    }
  }
  if (chosen_twice) return {};
  // The layer files' folders, then the current folder's (the only one without files).
  folders.push_back(".");
  StackLoader loader(file_system, diagnostics, config_dirs, group_search_path(config_dirs, folders),
                     choices);
  for (const auto& word : files) {
    if (auto choice = parse_group_word(word)) {
      loader.load_choice(choices.at(choice->group));
    } else {
      loader.load(word, std::nullopt);
    }
  }
  return loader.take();
}

}  // namespace expcfg
