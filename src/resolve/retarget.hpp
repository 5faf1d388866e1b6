#pragma once
// Retargeting: the merged configuration (every release's fields) moved onto the fields of the
// transformers release it targets, so that every later stage sees only what that release has.
//
//   warmup_steps: 0.1 (a ratio, 5.x)   --4.57.6-->   warmup_ratio: 0.1
//   warmup_ratio: 0.1 (4.x)            --5.17.0-->   warmup_steps: 0.1
//   evaluation_strategy: steps         --4.51+--->   eval_strategy: steps

#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// Reads the targets (`launch.transformers`, `launch.flagembedding`; `auto` asks
/// `launch.python`, never a Python a file names), translates what the target release spells
/// differently, reports what it cannot take (a field it lacks, a choice it does not know), and
/// switches `config` to the target's fields. `written` (some layer set field i) is remapped with
/// the values.
void retarget(ResolvedConfig& config, std::vector<bool>& written, const ResolveOptions& options,
              Diagnostics& diagnostics);

}  // namespace expcfg
