#pragma once
// The script reader's parts (script_expand.cpp: positions and word expansion;
// script_reader.cpp: commands, assignments, eval, functions): a walk over shfmt's syntax tree
// (shell_syntax.hpp) the way bash would run the script, with nothing of it run.

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "import/import.hpp"
#include "import/script_value.hpp"

namespace expcfg::script_reading {

using Json = nlohmann::json;

inline constexpr int kMaxDepth = 16;               // eval and function calls inside each other
inline constexpr std::size_t kMaxSteps = 100'000;  // statements read, counting repeats
inline constexpr int kMaxEvals = 64;               // evals read (each starts shfmt)
inline constexpr std::size_t kMaxSnippet = 60;

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

inline const Json& member(const Json& node, const char* key) {
  static const Json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}
inline std::string string_of(const Json& node, const char* key) {
  const Json& value = member(node, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}
inline bool flag_of(const Json& node, const char* key) {
  const Json& value = member(node, key);
  return value.is_boolean() && value.get<bool>();
}
inline std::string type_of(const Json& node) { return string_of(node, "Type"); }
inline const Json& list_of(const Json& node, const char* key) {
  static const Json kEmpty = Json::array();
  const Json& value = member(node, key);
  return value.is_array() ? value : kEmpty;
}

/// Names bash sets by itself, whose value only a run knows.
inline bool is_run_time_name(std::string_view name) {
  for (std::string_view known : {"RANDOM", "SRANDOM", "$", "!", "?", "-", "_", "0", "SECONDS",
                                 "EPOCHSECONDS", "EPOCHREALTIME", "BASHPID", "PPID", "LINENO"}) {
    if (name == known) return true;
  }
  return false;
}

/// Programs that start another program given later on their command line.
inline bool is_wrapper(std::string_view word) {
  const auto slash = word.rfind('/');
  if (slash != std::string_view::npos) word.remove_prefix(slash + 1);
  for (std::string_view known :
       {"srun", "mpirun", "mpiexec", "conda", "mamba", "micromamba", "singularity", "apptainer",
        "timeout", "taskset", "numactl", "stdbuf", "nice", "ionice", "xargs"}) {
    if (word == known) return true;
  }
  return false;
}

inline bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Var {
  std::vector<ScriptValue> items;  // one for a plain variable
  bool array = false;
  bool exported = false;
};

/// The text shfmt parsed: the script, or an `eval`'s string made of the script's characters.
struct Source {
  std::string text;
  std::vector<ScriptPos> by_offset;  // empty: the script itself (shfmt's line and column)
};

/// A call's positional parameters: the script's own (unknown: it is read as run without
/// arguments) or a function's.
struct Frame {
  std::vector<ScriptValue> args;
  bool script = true;
};

/// Fields under construction while expanding one word.
struct Builder {
  std::vector<ScriptValue> fields{ScriptValue{}};
  std::vector<bool> anchored{false};  // holds quoted text: kept even when empty
  void add(Piece piece) { fields.back().push_back(std::move(piece)); }
  void anchor() { anchored.back() = true; }
  void next_field() {
    fields.emplace_back();
    anchored.push_back(true);
  }
};

inline void append_char(ScriptValue& value, char c, ScriptPos pos) {
  if (value.empty() || value.back().kind != Piece::Kind::Text || value.back().split) {
    value.push_back(Piece{Piece::Kind::Text, {}, {}, std::nullopt, false});
  }
  value.back().text += c;
  value.back().pos.push_back(pos);
}

/// Word splitting: unquoted expansions break at blanks; a field with no text and no quotes goes.
std::vector<ScriptValue> split_fields(Builder& builder);

/// Reads one script: `read` walks its tree and returns the launch command's words.
class ScriptReader {
 public:
  ScriptReader(std::string text, std::shared_ptr<const std::string> file, EnvList& exports,
               Diagnostics& warnings)
      : file_(std::move(file)), exports_(exports), warnings_(warnings) {
    source_ = std::make_shared<const Source>(Source{std::move(text), {}});
    frames_.push_back(Frame{});
  }

  std::optional<std::vector<Word>> read(const Json& tree);

  bool too_long() const { return too_long_; }

 private:
  // ---- positions ----
  ScriptPos pos_at(const Json& position, std::size_t plus = 0) const;
  Origin origin_of(ScriptPos pos) const {
    return Origin::file(SourceLoc{file_, pos.line, pos.column});
  }
  Origin origin_of(const Json& node) const { return origin_of(pos_at(member(node, "Pos"))); }
  Origin stmt_origin(const Json& stmt) const { return origin_of(pos_at(member(stmt, "Position"))); }

  /// The script's text of `node`, shortened, with no `{`/`}` (it goes inside `${fill:...}`).
  std::string snippet(const Json& node) const;

  /// A value only a run knows, to be filled in by the user (reported when it reaches the
  /// configuration: a `$(...)` in a command import skips is no concern).
  Piece fill(const Json& node, std::string_view why);

  /// Warnings for the environment references and values to fill that reached the command or
  /// the exported variables, once each.
  void report_pieces(const ScriptValue& value);

  // ---- expansion ----
  /// Counts text an expansion makes; past limits::kMaxScriptExpansion, an error and false.
  bool charge(std::size_t bytes, ScriptPos pos, const std::string& name);

  /// Literal characters of a Lit node's value, with their positions.
  void add_literal(const Json& lit, bool quoted, bool first_part, Builder& out);

  /// $'...': the escapes bash decodes.
  static std::string ansi_c(std::string_view raw);

  /// A word's parts (Lit, quotes, $x, $(...), ...) into `out`; `quoted`: inside "...".
  void expand_parts(const Json& parts, bool quoted, Builder& out);
  void expand_part(const Json& part, bool quoted, bool first, Builder& out);

  /// Adds `items` (a variable's values) as an expansion: quoted `${a[@]}` keeps one field per
  /// item, unquoted values split.
  void add_items(const std::vector<ScriptValue>& items, bool quoted, bool each_field, Builder& out,
                 const std::string& name = "", ScriptPos at = {});

  /// An assignment's value or an expansion's word: unquoted rules (`x=~/a` is the home) but no
  /// splitting.
  ScriptValue single(const Json& word);

  /// $x, ${x}, ${x:-d}, ${x:=d}, ${x:+w}, ${x%p}, ${a[@]}, $1, $@, $#: the script's value,
  /// the caller's (a reference), or a value to fill.
  void param(const Json& part, bool quoted, Builder& out);

  /// $((...)) over numbers and the script's numeric variables; nullopt for anything else.
  std::optional<long long> arithmetic(const Json& node, int depth = 0);

  /// The words a command word becomes (after splitting), and those of several.
  std::vector<ScriptValue> fields_of(const Json& word);
  std::vector<ScriptValue> fields_of_all(const Json& words);

  // ---- assignments ----
  void assign(const Json& node, bool exported);

  // ---- commands ----
  /// Whether `node` holds a command that could be the launch (to walk a loop or branch once).
  bool mentions_launch(const Json& node, int depth = 0) const;

  /// Runs statements in order, as far as reading goes, until the launch is found.
  bool walk(const Json& stmts);
  void statement(const Json& stmt);

  /// Redirections and `&` of the statement that starts the run.
  void report_stmt(const Json& stmt);

  std::string snippet_between(const Json& from, const Json& to) const;

  /// `if [ -z "$NAME" ]; then NAME=value; fi` for a NAME the script does not set: the caller's
  /// NAME with a default, ${env:NAME,value}, as `${NAME:-value}` would say.
  bool default_when_empty(const Json& clause);

  /// The branch a decidable condition picks, or the one that starts the run.
  void if_clause(const Json& clause);

  /// `[ -z X ]`, `[ -n X ]`, `[ A = B ]`, `[ A != B ]` over literal text; nullopt otherwise.
  std::optional<bool> condition(const Json& stmts);

  /// The item whose pattern matches a literal word, or the one that starts the run.
  void case_clause(const Json& cmd, const Json& stmt);

  /// A simple command: assignments, eval, shift, source, a function call, or the launch.
  void call(const Json& cmd, const Json& stmt);

  /// Whether `-m`/`--module` names a FlagEmbedding module after word `first`.
  bool names_flagembedding_module(const std::vector<ScriptValue>& words, std::size_t first);

  /// `eval WORDS`: the words joined by spaces, parsed and read again. References and values to
  /// fill survive as `${NAME...}` of variables the script does not set.
  void eval(const std::vector<ScriptValue>& words, const Json& stmt);

  std::shared_ptr<const std::string> file_;
  EnvList& exports_;
  Diagnostics& warnings_;
  std::shared_ptr<const Source> source_;
  std::vector<std::shared_ptr<const Json>> trees_;
  std::vector<Frame> frames_;
  std::map<std::string, Var> variables_;
  struct Function {
    const Json* body;
    std::shared_ptr<const Source> source;  // the text the body's positions are in
  };
  std::map<std::string, Function> functions_;
  std::set<std::string> reported_env_;
  std::set<std::string> reported_fill_;
  std::optional<std::vector<Word>> found_;
  std::vector<ScriptValue> found_values_;  // the command's words as values
  EnvList command_env_;
  std::size_t expanded_ = 0;
  bool too_long_ = false;
  bool piped_ = false;
  bool launch_stmt_reported_ = false;
  int depth_ = 0;
  int hidden_ = 0;
  int evals_ = 0;
  std::size_t steps_ = 0;
};

}  // namespace expcfg::script_reading
