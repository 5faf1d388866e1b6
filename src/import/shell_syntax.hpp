#pragma once
// A shell script's syntax tree, from Debian's `shfmt --to-json` (the mvdan/sh parser): every
// bash construct a launch script uses (arrays, case/while, redirections, $(...), $((...)),
// parameter expansions and their defaults) is an explicit node with its line and column.
// shfmt only parses: nothing of the script is run.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace expcfg {

/// The syntax tree of `text` (a `File` node), or nullopt with `error` saying why: shfmt is
/// missing ("shfmt is not installed ..."), the script is not valid bash (shfmt's message,
/// "LINE:COL: ..."), or shfmt failed, hung (10 s) or answered more than 256 MiB.
/// `program` names shfmt (looked up on PATH). `tool_failed` says whether the fault is shfmt's
/// (missing, failed, hung) rather than the script's.
std::optional<nlohmann::json> shell_syntax_tree(const std::string& text, std::string& error,
                                                bool& tool_failed,
                                                const std::string& program = "shfmt");

/// shfmt's token numbers (mvdan.cc/sh/v3 syntax, as printed by 3.6).
namespace shell_op {
// Parameter expansion operators: ${a-x} ${a:-x} ${a+x} ${a:+x} ${a?x} ${a:?x} ${a=x} ${a:=x}
inline constexpr int kAltUnset = 68, kAltUnsetOrNull = 69, kDefUnset = 70, kDefUnsetOrNull = 71,
                     kErrUnset = 72, kErrUnsetOrNull = 73, kAssignUnset = 74,
                     kAssignUnsetOrNull = 75;
// Arithmetic: + - * / %
inline constexpr int kAdd = 68, kSub = 70, kMul = 38, kQuo = 85, kRem = 76;
// [[ -z WORD ]]
inline constexpr int kTestEmpty = 107;
// Lists: && || | |&
inline constexpr int kAndStmt = 10, kOrStmt = 11, kPipe = 12, kPipeAll = 13;
}  // namespace shell_op

}  // namespace expcfg
