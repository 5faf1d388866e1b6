#pragma once
// Config groups, Hydra's most used feature: `model=bge-m3` on the command line, or
// `use: [model/bge-m3]` in a layer file, picks `model/bge-m3.yaml` from a search path of
// folders, so an experiment names its parts instead of their paths.
//
//   configs/model/bge-m3.yaml      group "model", option "bge-m3"
//   configs/cluster/a100.yaml      group "cluster", option "a100"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/layer.hpp"

namespace expcfg {

/// One option of one group: `model=bge-m3`, `use: [model/bge-m3]`.
struct GroupChoice {
  std::string group;
  std::string option;

  /// "model=bge-m3", as origins show it.
  std::string label() const { return group + "=" + option; }
};

/// A command-line word `GROUP=OPTION` (GROUP of letters, digits, '_' and '-' only), or nullopt
/// for anything else, which is a file: `./a=b.yaml`, `configs/x=1.yaml`, `a.b=c`.
std::optional<GroupChoice> parse_group_word(std::string_view word);

/// "model/bge-m3" from a `use:` list; nullopt when it is not GROUP/OPTION.
std::optional<GroupChoice> parse_use_entry(std::string_view text);

/// Where the options of groups are looked for, first match wins: `config_dirs`, then for each
/// of `folders` that folder and the `configs/` folder in it and in every folder above it.
std::vector<std::string> group_search_path(const std::vector<std::string>& config_dirs,
                                           const std::vector<std::string>& folders);

/// The folder a layer file's own groups are found from ("." for a file in the current
/// folder, and for stdin).
std::string folder_of(const std::string& file);

/// The file of `choice` in `search_path` (`DIR/GROUP/OPTION.yaml`, `.yml` or `.json`), or
/// nullopt after an error at `origin` (a usage error when `usage`) that names the groups or
/// the group's options found there, with a did-you-mean. Names that could leave the group's
/// folder (`../x`, `/etc/passwd`) are errors, never looked up. `hint` is added to the error.
std::optional<std::string> find_group_option(const GroupChoice& choice,
                                             const std::vector<std::string>& search_path,
                                             FileSystem& file_system, const Origin& origin,
                                             bool usage, Diagnostics& diagnostics,
                                             const std::vector<Note>& hint = {});

}  // namespace expcfg
