#pragma once
// The launch line of a FlagEmbedding run, as scripts write it: the launcher (torchrun in any
// spelling, `python -m torch.distributed.run`, deepspeed, `accelerate launch`, plain
// `python -m`), its options, and the runner module, current or as FlagEmbedding 1.2 named it.
//
//   exec /opt/py/bin/python -m torch.distributed.run --nproc-per-node=4
//       -m FlagEmbedding.BGE_M3.run --normlized True ...
//   ->  launcher torchrun, options [--nproc-per-node=4], runner embedder.encoder_only.m3
//       (renamed in FlagEmbedding 1.3.0), runner flags from `--normlized`

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "import/word.hpp"

namespace expcfg {

/// A module FlagEmbedding renamed, and the runner that replaced it.
struct ModuleRename {
  std::string_view module;
  std::string_view runner;
  std::string_view renamed_in;  ///< the FlagEmbedding release that renamed it
};
std::span<const ModuleRename> module_renames();

/// A flag of an old module and its current spelling (empty: no current runner has it).
struct FlagRename {
  std::string_view family;  ///< "embedder" or "reranker": the runners it applies to
  std::string_view flag;
  std::string_view replacement;
  std::string_view renamed_in;
  std::string_view note;  ///< what to do when there is no replacement
};
std::span<const FlagRename> flag_renames();

/// torchrun, deepspeed, accelerate, python, python3, python3.11, ... (any folder).
bool is_launch_program(std::string_view word);
/// `FlagEmbedding.finetune.<runner>` or an old module of module_renames().
bool is_flagembedding_module(std::string_view word);

/// Where the parts of a launch command are in its words.
struct LaunchLine {
  /// "torchrun", "deepspeed", "accelerate" or "python".
  std::string launcher;
  /// The launcher's own options: words [options_begin, options_end).
  std::size_t options_begin = 0;
  std::size_t options_end = 0;
  /// The module word; the runner's flags follow it.
  std::size_t module = 0;
  /// The runner it names, and the rename when the module is an old one.
  std::string runner;
  const ModuleRename* renamed = nullptr;
};

/// Finds the launcher and the FlagEmbedding module in `words` (words[0] is the program);
/// nullopt when no module is named.
std::optional<LaunchLine> find_launch_line(const std::vector<Word>& words);

}  // namespace expcfg
