#pragma once
/// `expcfg import`: an existing FlagEmbedding command line (a shell script like FlagEmbedding's
/// examples/finetune/*.sh, or a plain argv) as a sectioned experiment holding only the values
/// that differ from the defaults.
///
///   torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base
///       --model_name_or_path BAAI/bge-m3 --learning_rate 1e-5 --fp16   (one line)
///   ->  runner: embedder.encoder_only.base
///       model: {model_name_or_path: BAAI/bge-m3}
///       training: {learning_rate: 1e-05, fp16: true}
///       launch: {nproc_per_node: 2}

#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/resolve.hpp"

namespace expcfg {

/// One word of a command line and where its first character was written.
struct Word {
  std::string text;
  Origin origin;
};

/// The words of the FlagEmbedding command a shell script runs, found without running it:
/// assignments (`x=...`, `export X=...`) are remembered and expanded ($x, ${x}, unquoted
/// expansions split on blanks), quotes and line continuations are honoured, and `eval $cmd`
/// is parsed again. The command is the first one that names a `FlagEmbedding.finetune.*`
/// module. `exports` receives the script's exported variables. Expansions past
/// limits::kMaxScriptExpansion stop the reading with an error in `warnings`.
using EnvList = std::vector<std::pair<std::string, std::string>>;
std::optional<std::vector<Word>> script_command(const std::string& text,
                                                const std::shared_ptr<const std::string>& file,
                                                EnvList& exports, Diagnostics& warnings);

/// Resolves a command line (`torchrun ... -m FlagEmbedding.finetune.<runner> --flag value ...`,
/// or only the runner's flags) the way HfArgumentParser reads it. `runner_name` picks the
/// runner when the words name no module. Flags the runner does not have are reported as
/// warnings and left out; values that do not fit their field are errors.
ResolvedConfig import_command(const std::vector<Word>& words,
                              const std::optional<std::string>& runner_name, const EnvList& env,
                              Diagnostics& warnings, Diagnostics& diagnostics);

}  // namespace expcfg
