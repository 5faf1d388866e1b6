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
#include "import/word.hpp"

namespace expcfg {

/// The words of the FlagEmbedding command a shell script runs, found without running it (shfmt
/// parses it; nothing of it is run): the script's variables, arrays, `${VAR:-default}`,
/// functions, `eval` and decidable `if`/`case` are followed as bash would; the caller's
/// environment stays `${env:NAME}` (`${env:NAME,default}`; `~` is `${env:HOME}`); `$(...)`,
/// `$RANDOM` and the script's own arguments become `${fill:...}`. The command is the first
/// launcher (torchrun, deepspeed, accelerate, python) that names a FlagEmbedding module,
/// current or 1.2's; the words are in template syntax. `exports` receives the exported
/// variables and `VAR=x` prefixes of the command (values in template syntax). Redirections,
/// pipes, `nohup` and `&` are reported in `warnings`. A missing shfmt, a script bash cannot
/// parse, or expansions past limits::kMaxScriptExpansion are errors in `warnings`.
using EnvList = std::vector<std::pair<std::string, std::string>>;
std::optional<std::vector<Word>> script_command(const std::string& text,
                                                const std::shared_ptr<const std::string>& file,
                                                EnvList& exports, Diagnostics& warnings);

/// Resolves a command line (`torchrun ... -m FlagEmbedding.finetune.<runner> --flag value ...`,
/// or only the runner's flags) the way HfArgumentParser reads it. `runner_name` picks the
/// runner when the words name no module. Flags the runner does not have are reported as
/// warnings and left out (once each); values that do not fit their field are errors.
/// FlagEmbedding 1.2 modules and flags are read by their current names. `transformers` is the
/// target release (default 4.57.6): flags it renamed are translated, flags it removed with no
/// replacement are left out, each with a warning. Values only the run knows are kept as written.
ResolvedConfig import_command(const std::vector<Word>& words,
                              const std::optional<std::string>& runner_name, const EnvList& env,
                              Diagnostics& warnings, Diagnostics& diagnostics,
                              const std::optional<std::string>& transformers = std::nullopt);

}  // namespace expcfg
