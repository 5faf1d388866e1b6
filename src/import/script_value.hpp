#pragma once
// What a script's word holds once its variables are expanded without running anything: pieces
// of literal text (each character remembering where the script wrote it), references to the
// caller's environment (`$HOME`, `${LR:-1e-5}` for a variable the script never sets), and
// values that only a run can know (`$(nvidia-smi ...)`, `$RANDOM`), kept as a value to fill.
//
//   --output_dir "$HOME/runs/$(date +%F)"
//   ->  [env HOME] [text "/runs/"] [fill "run.sh:7: $(date +%F)"]
//   ->  ${env:HOME}/runs/${fill:run.sh:7: $(date +%F)}       (expcfg's template syntax)

#include <optional>
#include <string>
#include <vector>

namespace expcfg {

/// Where a character of the script was written.
struct ScriptPos {
  int line = 1;
  int column = 1;
};

struct Piece {
  enum class Kind { Text, Env, Fill };
  Kind kind = Kind::Text;
  /// Text: the characters; Env: the variable's name; Fill: what to tell the user.
  std::string text;
  /// Text: where each character was written (parallel to `text`); others: one position.
  std::vector<ScriptPos> pos;
  /// Env: `${NAME:-fallback}`'s default, when the script gives one.
  std::optional<std::string> fallback;
  /// An unquoted expansion: its text splits into words at blanks.
  bool split = false;
  /// Fill: what the script wrote there ("the command substitution '$(date)'"), for the warning
  /// given when the value reaches the configuration.
  std::string what = {};
};

/// One string of the script: pieces in order.
using ScriptValue = std::vector<Piece>;

/// The text of a value made of literal text only; nullopt when it refers to the environment or
/// holds a value to fill.
std::optional<std::string> literal_text(const ScriptValue& value);

/// The value in expcfg's template syntax: literal `${` as `$${`, environment references as
/// `${env:NAME}` or `${env:NAME,default}`, values to fill as `${fill:...}`. nullopt when the
/// syntax cannot say it (a default holding `}`, a literal `$` right before a reference).
std::optional<std::string> template_text(const ScriptValue& value);

}  // namespace expcfg
