// Reading the FlagEmbedding command out of a shell script without running it: shfmt parses the
// script (shell_syntax.hpp) and this file walks the tree the way bash would run it, with the
// script's own variables expanded and everything else kept symbolic (script_value.hpp).
//
// What a run alone can know is never guessed: the caller's environment stays a reference
// (`$HOME` -> ${env:HOME}, `${LR:-1e-5}` -> ${env:LR,1e-5}), and command substitutions,
// `$RANDOM` and the script's own arguments become values to fill (${fill:...}), which `check`
// rejects until someone does.

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "expcfg/import.hpp"
#include "expcfg/limits.hpp"
#include "import/launch_words.hpp"
#include "import/script_value.hpp"
#include "import/shell_syntax.hpp"

namespace expcfg {
namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 16;               // eval and function calls inside each other
constexpr std::size_t kMaxSteps = 100'000;  // statements read, counting repeats
constexpr int kMaxEvals = 64;               // evals read (each starts shfmt)
constexpr std::size_t kMaxSnippet = 60;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

const Json& member(const Json& node, const char* key) {
  static const Json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}
std::string string_of(const Json& node, const char* key) {
  const Json& value = member(node, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}
bool flag_of(const Json& node, const char* key) {
  const Json& value = member(node, key);
  return value.is_boolean() && value.get<bool>();
}
std::string type_of(const Json& node) { return string_of(node, "Type"); }
const Json& list_of(const Json& node, const char* key) {
  static const Json kEmpty = Json::array();
  const Json& value = member(node, key);
  return value.is_array() ? value : kEmpty;
}

/// Names bash sets by itself, whose value only a run knows.
bool is_run_time_name(std::string_view name) {
  for (std::string_view known : {"RANDOM", "SRANDOM", "$", "!", "?", "-", "_", "0", "SECONDS",
                                 "EPOCHSECONDS", "EPOCHREALTIME", "BASHPID", "PPID", "LINENO"}) {
    if (name == known) return true;
  }
  return false;
}

/// Programs that start another program given later on their command line.
bool is_wrapper(std::string_view word) {
  const auto slash = word.rfind('/');
  if (slash != std::string_view::npos) word.remove_prefix(slash + 1);
  for (std::string_view known :
       {"srun", "mpirun", "mpiexec", "conda", "mamba", "micromamba", "singularity", "apptainer",
        "timeout", "taskset", "numactl", "stdbuf", "nice", "ionice", "xargs"}) {
    if (word == known) return true;
  }
  return false;
}

bool is_digits(std::string_view text) {
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

void append_char(ScriptValue& value, char c, ScriptPos pos) {
  if (value.empty() || value.back().kind != Piece::Kind::Text || value.back().split) {
    value.push_back(Piece{Piece::Kind::Text, {}, {}, std::nullopt, false});
  }
  value.back().text += c;
  value.back().pos.push_back(pos);
}

/// Word splitting: unquoted expansions break at blanks; a field with no text and no quotes goes.
std::vector<ScriptValue> split_fields(Builder& builder) {
  std::vector<ScriptValue> out;
  for (std::size_t i = 0; i < builder.fields.size(); ++i) {
    ScriptValue current;
    bool keep = builder.anchored[i];
    for (Piece& piece : builder.fields[i]) {
      if (piece.kind == Piece::Kind::Text && piece.split) {
        for (std::size_t k = 0; k < piece.text.size(); ++k) {
          if (is_blank(piece.text[k])) {
            if (!current.empty() || keep) out.push_back(std::move(current));
            current.clear();
            keep = false;
          } else {
            append_char(current, piece.text[k], piece.pos[k]);
          }
        }
        continue;
      }
      piece.split = false;
      if (piece.kind == Piece::Kind::Text && piece.text.empty()) continue;
      if (piece.kind == Piece::Kind::Text && !current.empty() &&
          current.back().kind == Piece::Kind::Text) {
        current.back().text += piece.text;
        current.back().pos.insert(current.back().pos.end(), piece.pos.begin(), piece.pos.end());
      } else {
        current.push_back(std::move(piece));
      }
    }
    if (!current.empty() || keep) out.push_back(std::move(current));
  }
  return out;
}

class ScriptReader {
 public:
  ScriptReader(std::string text, std::shared_ptr<const std::string> file, EnvList& exports,
               Diagnostics& warnings)
      : file_(std::move(file)), exports_(exports), warnings_(warnings) {
    source_ = std::make_shared<const Source>(Source{std::move(text), {}});
    frames_.push_back(Frame{});
  }

  std::optional<std::vector<Word>> read(const Json& tree) {
    walk(list_of(tree, "Stmts"));
    if (!found_) return std::nullopt;
    for (const auto& value : found_values_) report_pieces(value);
    for (const auto& [name, var] : variables_) {
      if (!var.exported || var.items.empty() || name.starts_with("__expcfg_")) continue;
      report_pieces(var.items[0]);
      if (auto text = template_text(var.items[0])) exports_.emplace_back(name, *text);
    }
    for (auto& [name, value] : command_env_) exports_.emplace_back(name, value);
    return found_;
  }

  bool too_long() const { return too_long_; }

 private:
  // ---- positions ----
  ScriptPos pos_at(const Json& position, std::size_t plus = 0) const {
    if (!source_->by_offset.empty()) {
      const auto offset = member(position, "Offset");
      std::size_t at = offset.is_number_unsigned() ? offset.get<std::size_t>() + plus : 0;
      return source_->by_offset[std::min(at, source_->by_offset.size() - 1)];
    }
    const auto line = member(position, "Line");
    const auto col = member(position, "Col");
    return ScriptPos{line.is_number() ? line.get<int>() : 1,
                     (col.is_number() ? col.get<int>() : 1) + static_cast<int>(plus)};
  }
  Origin origin_of(ScriptPos pos) const {
    return Origin::file(SourceLoc{file_, pos.line, pos.column});
  }
  Origin origin_of(const Json& node) const { return origin_of(pos_at(member(node, "Pos"))); }
  Origin stmt_origin(const Json& stmt) const { return origin_of(pos_at(member(stmt, "Position"))); }

  /// The script's text of `node`, shortened, with no `{`/`}` (it goes inside `${fill:...}`).
  std::string snippet(const Json& node) const {
    const Json& begin = member(member(node, "Pos"), "Offset");
    const Json& end = member(member(node, "End"), "Offset");
    std::string text;
    if (begin.is_number_unsigned() && end.is_number_unsigned()) {
      const auto b = begin.get<std::size_t>();
      const auto e = end.get<std::size_t>();
      if (b < e && e <= source_->text.size()) text = source_->text.substr(b, e - b);
    }
    for (char& c : text) {
      if (c == '{') c = '(';
      if (c == '}') c = ')';
      if (c == '\n' || c == '\t') c = ' ';
      if (static_cast<unsigned char>(c) < 0x20) c = '?';
    }
    if (text.size() > kMaxSnippet) text = text.substr(0, kMaxSnippet) + "...";
    return text;
  }

  /// A value only a run knows, to be filled in by the user (reported when it reaches the
  /// configuration: a `$(...)` in a command import skips is no concern).
  Piece fill(const Json& node, std::string_view why) {
    const ScriptPos pos = pos_at(member(node, "Pos"));
    const std::string shown = snippet(node);
    std::string name = *file_;
    std::replace(name.begin(), name.end(), '{', '(');
    std::replace(name.begin(), name.end(), '}', ')');
    return Piece{Piece::Kind::Fill,
                 fmt::format("{}:{}: {}", name, pos.line, shown),
                 {pos},
                 std::nullopt,
                 false,
                 fmt::format("{} '{}'", why, shown)};
  }

  /// Warnings for the environment references and values to fill that reached the command or
  /// the exported variables, once each.
  void report_pieces(const ScriptValue& value) {
    for (const Piece& piece : value) {
      const ScriptPos pos = piece.pos.empty() ? ScriptPos{} : piece.pos[0];
      if (piece.kind == Piece::Kind::Env && reported_env_.insert(piece.text).second) {
        warnings_.warning(origin_of(pos),
                          "'${}' is not set in the script: written as ${{env:{}{}}}, read from "
                          "the environment the run starts in",
                          piece.text, piece.text, piece.fallback ? "," + *piece.fallback : "");
      } else if (piece.kind == Piece::Kind::Fill && reported_fill_.insert(piece.text).second) {
        warnings_
            .warning(origin_of(pos),
                     "{} is known only when the script runs: written as a value to fill in "
                     "(${{fill:...}}), which 'expcfg check' rejects until it is",
                     piece.what)
            .notes.push_back(Note{Origin::none(),
                                  "write the value there, or a reference such "
                                  "as ${env:NAME}"});
      }
    }
  }

  // ---- expansion ----
  bool charge(std::size_t bytes, ScriptPos pos, const std::string& name) {
    expanded_ += bytes;
    if (expanded_ <= limits::kMaxScriptExpansion) return true;
    if (!too_long_) {
      warnings_.error(origin_of(pos),
                      "expanding '${}' makes more than {} bytes of text, the limit on a "
                      "script's variable expansion",
                      name, limits::kMaxScriptExpansion);
    }
    too_long_ = true;
    return false;
  }

  /// Literal characters of a Lit node's value, with their positions.
  void add_literal(const Json& lit, bool quoted, bool first_part, Builder& out) {
    const std::string value = string_of(lit, "Value");
    const Json& start =
        member(lit, "ValuePos").is_null() ? member(lit, "Pos") : member(lit, "ValuePos");
    ScriptValue text;
    ScriptPos pos = pos_at(start);
    std::size_t k = 0;
    auto advance = [&](char c) {
      if (!source_->by_offset.empty()) {
        pos = pos_at(start, k + 1);
      } else if (c == '\n') {
        ++pos.line;
        pos.column = 1;
      } else {
        ++pos.column;
      }
      ++k;
    };
    // `~` or `~/...` at the start of an unquoted word is the caller's home.
    if (!quoted && first_part && (value == "~" || value.starts_with("~/"))) {
      out.add(Piece{Piece::Kind::Env, "HOME", {pos}, std::nullopt, false});
      out.anchor();
      advance('~');
    }
    while (k < value.size()) {
      const char c = value[k];
      if (c == '\\' && k + 1 < value.size()) {
        const char next = value[k + 1];
        const bool escapes =
            !quoted || std::string_view("$`\"\\\n").find(next) != std::string_view::npos;
        if (escapes) {
          advance(c);
          if (next != '\n') append_char(text, next, pos);
          advance(next);
          continue;
        }
      }
      append_char(text, c, pos);
      advance(c);
    }
    for (auto& piece : text) out.add(std::move(piece));
    out.anchor();
  }

  /// $'...': the escapes bash decodes.
  static std::string ansi_c(std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 == raw.size()) {
        out += raw[i];
        continue;
      }
      const char c = raw[++i];
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'e': out += '\x1b'; break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        default: out += '\\'; out += c;
      }
    }
    return out;
  }

  void expand_parts(const Json& parts, bool quoted, Builder& out) {
    bool first = true;
    for (const Json& part : parts) {
      if (too_long_) return;
      expand_part(part, quoted, first, out);
      first = false;
    }
  }

  void expand_part(const Json& part, bool quoted, bool first, Builder& out) {
    const std::string type = type_of(part);
    if (type == "Lit") {
      add_literal(part, quoted, first, out);
    } else if (type == "SglQuoted") {
      const std::string raw = string_of(part, "Value");
      const bool dollar = flag_of(part, "Dollar");
      ScriptPos pos = pos_at(member(part, "Pos"), dollar ? 2 : 1);
      if (dollar) {
        out.add(Piece{Piece::Kind::Text, ansi_c(raw),
                      std::vector<ScriptPos>(ansi_c(raw).size(), pos), std::nullopt, false});
      } else {
        // Each character where it was written (a quote may span lines).
        ScriptValue text;
        ScriptPos at = pos_at(member(part, "Pos"), 1);
        for (std::size_t k = 0; k < raw.size(); ++k) {
          if (!source_->by_offset.empty()) at = pos_at(member(part, "Pos"), 1 + k);
          append_char(text, raw[k], at);
          if (raw[k] == '\n') {
            ++at.line;
            at.column = 1;
          } else {
            ++at.column;
          }
        }
        for (auto& piece : text) out.add(std::move(piece));
      }
      out.anchor();
    } else if (type == "DblQuoted") {
      const Json& inner = list_of(part, "Parts");
      // "$@" and "${a[@]}" alone make one word per item: none for no items.
      const bool all_items = inner.size() == 1 && type_of(inner[0]) == "ParamExp" &&
                             (string_of(member(inner[0], "Param"), "Value") == "@" ||
                              member(inner[0], "Index").dump().find("\"@\"") != std::string::npos);
      if (!all_items) out.anchor();
      for (const Json& p : inner) expand_part(p, true, false, out);
    } else if (type == "ParamExp") {
      param(part, quoted, out);
    } else if (type == "CmdSubst") {
      out.add(fill(part, "the command substitution"));
    } else if (type == "ArithmExp") {
      if (auto number = arithmetic(member(part, "X"))) {
        const std::string text = std::to_string(*number);
        const ScriptPos pos = pos_at(member(part, "Pos"));
        out.add(Piece{Piece::Kind::Text, text, std::vector<ScriptPos>(text.size(), pos),
                      std::nullopt, !quoted});
      } else {
        out.add(fill(part, "the arithmetic"));
      }
    } else {
      out.add(fill(part, "the expansion"));
    }
  }

  /// Adds `items` (a variable's values) as an expansion: quoted `${a[@]}` keeps one field per
  /// item, unquoted values split.
  void add_items(const std::vector<ScriptValue>& items, bool quoted, bool each_field, Builder& out,
                 const std::string& name = "", ScriptPos at = {}) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) {
        if (quoted && each_field) {
          out.next_field();
        } else {
          const ScriptPos pos =
              items[i].empty() || items[i][0].pos.empty() ? ScriptPos{} : items[i][0].pos[0];
          out.add(Piece{Piece::Kind::Text, " ", {pos}, std::nullopt, !quoted});
        }
      }
      for (Piece piece : items[i]) {
        // Counted before the copy: `x=$x$x` doubles at each line.
        if (!charge(piece.text.size(), at, name)) return;
        piece.split = !quoted && piece.kind == Piece::Kind::Text;
        out.add(std::move(piece));
      }
      if (quoted) out.anchor();
    }
  }

  /// The word after `${x:-` etc., as one value.
  /// An assignment's value or an expansion's word: unquoted rules (`x=~/a` is the home) but no
  /// splitting.
  ScriptValue single(const Json& word) {
    Builder builder;
    expand_parts(list_of(word, "Parts"), false, builder);
    ScriptValue joined;
    for (std::size_t i = 0; i < builder.fields.size(); ++i) {
      if (i > 0) append_char(joined, ' ', ScriptPos{});
      for (auto& piece : builder.fields[i]) {
        piece.split = false;
        joined.push_back(std::move(piece));
      }
    }
    return joined;
  }

  void param(const Json& part, bool quoted, Builder& out) {
    const std::string name = string_of(member(part, "Param"), "Value");
    const ScriptPos pos = pos_at(member(part, "Pos"));
    if (flag_of(part, "Length") || !member(part, "Slice").is_null() ||
        !member(part, "Repl").is_null() || flag_of(part, "Excl") ||
        !member(part, "Names").is_null()) {
      out.add(fill(part, "the expansion"));
      return;
    }
    const Json& exp = member(part, "Exp");
    const int op = member(exp, "Op").is_number() ? member(exp, "Op").get<int>() : 0;
    const Json& index = member(part, "Index");

    // What the name holds: script variable, positional parameter, or the environment.
    std::optional<std::vector<ScriptValue>> items;
    bool each_field = false;
    bool script_argument = false;
    if (name == "@" || name == "*") {
      items = frames_.back().args;
      each_field = name == "@";
      if (frames_.back().script) script_argument = true;
    } else if (name == "#") {
      const std::string count = std::to_string(frames_.back().args.size());
      items = std::vector<ScriptValue>{
          {Piece{Piece::Kind::Text, count, std::vector<ScriptPos>(count.size(), pos), std::nullopt,
                 false}}};
    } else if (is_digits(name) && name != "0") {
      const std::size_t n = static_cast<std::size_t>(std::stoul(name.substr(0, 6)));
      if (frames_.back().script) {
        script_argument = true;
      } else if (n <= frames_.back().args.size()) {
        items = std::vector<ScriptValue>{frames_.back().args[n - 1]};
      } else {
        items = std::vector<ScriptValue>{};
      }
    } else if (is_run_time_name(name)) {
      out.add(fill(part, "the shell's"));
      return;
    } else if (auto it = variables_.find(name); it != variables_.end()) {
      const Var& var = it->second;
      const std::string at = type_of(index) == "Word" || index.is_object()
                                 ? literal_text(single(index)).value_or("?")
                                 : std::string();
      if (at.empty()) {
        items =
            var.items.empty() ? std::vector<ScriptValue>{} : std::vector<ScriptValue>{var.items[0]};
      } else if (at == "@" || at == "*") {
        items = var.items;
        each_field = at == "@";
      } else if (is_digits(at)) {
        const auto n = static_cast<std::size_t>(std::stoul(at.substr(0, 6)));
        items = n < var.items.size() ? std::vector<ScriptValue>{var.items[n]}
                                     : std::vector<ScriptValue>{};
      } else {
        out.add(fill(part, "the array index"));
        return;
      }
    }

    const bool has_value = items && !items->empty() &&
                           !(items->size() == 1 && literal_text((*items)[0]) == std::string());
    auto word_of_exp = [&] { return single(member(exp, "Word")); };

    if (op == shell_op::kDefUnset || op == shell_op::kDefUnsetOrNull ||
        op == shell_op::kAssignUnset || op == shell_op::kAssignUnsetOrNull) {
      const bool use_value = op == shell_op::kDefUnset || op == shell_op::kAssignUnset
                                 ? items.has_value() && !script_argument
                                 : has_value;
      if (use_value) {
        add_items(*items, quoted, each_field, out, name, pos);
        return;
      }
      ScriptValue fallback = word_of_exp();
      if (script_argument || items) {
        // The script's argument (read as run without arguments), or a variable it emptied.
        if (script_argument) {
          warnings_.warning(origin_of(pos),
                            "'${}' is the script's argument: the script is read as run without "
                            "arguments, so its default is taken",
                            name);
        }
        if (op == shell_op::kAssignUnset || op == shell_op::kAssignUnsetOrNull) {
          variables_[name] = Var{{fallback}, false, false};
        }
        add_items({fallback}, quoted, false, out);
        return;
      }
      // The caller's environment, with the script's default.
      Piece reference{Piece::Kind::Env, name, {pos}, std::nullopt, false};
      if (auto text = literal_text(fallback)) {
        reference.fallback = *text;
      } else {
        out.add(fill(part, "the default that is not plain text in"));
        return;
      }
      if (op == shell_op::kAssignUnset || op == shell_op::kAssignUnsetOrNull) {
        variables_[name] = Var{{ScriptValue{reference}}, false, false};
      }
      out.add(std::move(reference));
      out.anchor();
      return;
    }
    if (op == shell_op::kAltUnset || op == shell_op::kAltUnsetOrNull) {
      if (items && !script_argument) {
        if (has_value || op == shell_op::kAltUnset) add_items({word_of_exp()}, quoted, false, out);
        return;
      }
      out.add(fill(part, "the alternative value of"));
      return;
    }
    if (op == 76 || op == 77 || op == 78 || op == 79) {  // % %% # ##: pattern removal
      auto value = items && items->size() == 1 ? literal_text((*items)[0]) : std::nullopt;
      auto pattern = literal_text(word_of_exp());
      if (!value || !pattern) {
        out.add(fill(part, "the pattern removal"));
        return;
      }
      std::string result = *value;
      const bool suffix = op == 76 || op == 77;
      const bool longest = op == 77 || op == 79;
      std::optional<std::string> best;
      for (std::size_t cut = 0; cut <= value->size(); ++cut) {
        const std::size_t n =
            longest ? (suffix ? cut : value->size() - cut) : (suffix ? value->size() - cut : cut);
        const std::string part_text = suffix ? value->substr(n) : value->substr(0, n);
        if (fnmatch(pattern->c_str(), part_text.c_str(), 0) == 0) {
          best = suffix ? value->substr(0, n) : value->substr(n);
          break;
        }
      }
      if (best) result = *best;
      out.add(Piece{Piece::Kind::Text, result, std::vector<ScriptPos>(result.size(), pos),
                    std::nullopt, !quoted});
      if (quoted) out.anchor();
      return;
    }
    if (op != 0 && op != shell_op::kErrUnset && op != shell_op::kErrUnsetOrNull) {
      out.add(fill(part, "the expansion"));
      return;
    }
    if (script_argument) {
      if (name == "@" || name == "*") {
        warnings_.warning(origin_of(pos),
                          "'${}' passes the script's arguments: the script is read as run "
                          "without arguments",
                          name);
        return;
      }
      out.add(fill(part, "the script's argument"));
      return;
    }
    if (items) {
      add_items(*items, quoted, each_field, out, name, pos);
      return;
    }
    out.add(Piece{Piece::Kind::Env, name, {pos}, std::nullopt, false});
    out.anchor();
  }

  /// $((...)) over numbers and the script's numeric variables; nullopt for anything else.
  std::optional<long long> arithmetic(const Json& node, int depth = 0) {
    if (depth > 64) return std::nullopt;
    const std::string type = type_of(node);
    if (type == "Word") {
      auto text = literal_text(single(node));
      if (!text) return std::nullopt;
      std::string value = *text;
      for (int hop = 0; hop < 4 && !value.empty() && !is_digits(value); ++hop) {
        auto it = variables_.find(value);
        if (it == variables_.end() || it->second.items.empty()) return std::nullopt;
        auto inner = literal_text(it->second.items[0]);
        if (!inner) return std::nullopt;
        value = *inner;
      }
      long long number = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
      return number;
    }
    if (type == "ParenArithm") return arithmetic(member(node, "X"), depth + 1);
    if (type == "UnaryArithm") {
      auto x = arithmetic(member(node, "X"), depth + 1);
      const int op = member(node, "Op").is_number() ? member(node, "Op").get<int>() : 0;
      if (!x) return std::nullopt;
      if (op == shell_op::kSub) return -*x;
      if (op == shell_op::kAdd) return *x;
      return std::nullopt;
    }
    if (type == "BinaryArithm") {
      auto x = arithmetic(member(node, "X"), depth + 1);
      auto y = arithmetic(member(node, "Y"), depth + 1);
      const int op = member(node, "Op").is_number() ? member(node, "Op").get<int>() : 0;
      if (!x || !y) return std::nullopt;
      const auto big = 1LL << 40;
      if (*x > big || *x < -big || *y > big || *y < -big) return std::nullopt;
      switch (op) {
        case shell_op::kAdd: return *x + *y;
        case shell_op::kSub: return *x - *y;
        case shell_op::kMul: return *x * *y;
        case shell_op::kQuo: return *y == 0 ? std::nullopt : std::optional(*x / *y);
        case shell_op::kRem: return *y == 0 ? std::nullopt : std::optional(*x % *y);
        default: return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::vector<ScriptValue> fields_of(const Json& word) {
    Builder builder;
    expand_parts(list_of(word, "Parts"), false, builder);
    return split_fields(builder);
  }

  std::vector<ScriptValue> fields_of_all(const Json& words) {
    std::vector<ScriptValue> out;
    for (const Json& word : words) {
      auto fields = fields_of(word);
      out.insert(out.end(), std::make_move_iterator(fields.begin()),
                 std::make_move_iterator(fields.end()));
    }
    return out;
  }

  // ---- assignments ----
  void assign(const Json& node, bool exported) {
    const std::string name = string_of(member(node, "Name"), "Value");
    if (name.empty()) return;
    if (flag_of(node, "Naked")) {
      if (exported) variables_[name].exported = true;
      if (exported && !variables_[name].items.size()) {
        variables_.erase(name);  // `export X` of a variable the caller sets: stays the caller's
      }
      return;
    }
    Var var;
    if (const Json& array = member(node, "Array"); array.is_object()) {
      var.array = true;
      for (const Json& element : list_of(array, "Elems")) {
        auto fields = fields_of(member(element, "Value"));
        var.items.insert(var.items.end(), fields.begin(), fields.end());
      }
    } else {
      var.items.push_back(single(member(node, "Value")));
    }
    auto& slot = variables_[name];
    const bool was_exported = slot.exported;
    if (flag_of(node, "Append") && slot.items.size() > 0) {
      if (var.array) {
        slot.items.insert(slot.items.end(), var.items.begin(), var.items.end());
      } else {
        slot.items[0].insert(slot.items[0].end(), var.items[0].begin(), var.items[0].end());
      }
    } else {
      slot = std::move(var);
    }
    slot.exported = was_exported || exported;
  }

  // ---- commands ----
  /// Whether `node` holds a command that could be the launch (to walk a loop or branch once).
  bool mentions_launch(const Json& node, int depth = 0) const {
    if (depth > 200) return false;
    if (node.is_object()) {
      if (type_of(node) == "CallExpr") {
        const Json& args = list_of(node, "Args");
        if (!args.empty()) {
          const Json& parts = list_of(args[0], "Parts");
          if (parts.size() == 1 && type_of(parts[0]) == "Lit") {
            const std::string word = string_of(parts[0], "Value");
            if (word == "eval" || functions_.count(word) || is_launch_program(word) ||
                word == "exec" || word == "nohup") {
              return true;
            }
          }
        }
      }
      for (const auto& [key, value] : node.items()) {
        if (mentions_launch(value, depth + 1)) return true;
      }
    } else if (node.is_array()) {
      for (const Json& item : node) {
        if (mentions_launch(item, depth + 1)) return true;
      }
    }
    return false;
  }

  bool walk(const Json& stmts) {
    for (const Json& stmt : stmts) {
      if (found_ || too_long_) return true;
      statement(stmt);
    }
    return found_.has_value();
  }

  void statement(const Json& stmt) {
    // Functions that call themselves twice, evals of evals: a budget, like a resolution's.
    if (++steps_ > kMaxSteps) {
      if (!too_long_) {
        warnings_.error(stmt_origin(stmt),
                        "reading the script takes more than {} steps (functions or eval calling "
                        "themselves?); import stops here",
                        kMaxSteps);
      }
      too_long_ = true;
      return;
    }
    const Json& cmd = member(stmt, "Cmd");
    const std::string type = type_of(cmd);
    if (type == "CallExpr") {
      call(cmd, stmt);
    } else if (type == "DeclClause") {
      const std::string variant = string_of(member(cmd, "Variant"), "Value");
      bool exported = variant == "export";
      for (const Json& arg : list_of(cmd, "Args")) {
        if (flag_of(arg, "Naked") && member(arg, "Name").is_null()) {
          // `declare -x`: the flags; `export -n`: unexport (rare; ignored)
          if (literal_text(single(member(arg, "Value"))) == std::string("-x")) exported = true;
          continue;
        }
        assign(arg, exported);
      }
    } else if (type == "BinaryCmd") {
      const int op = member(cmd, "Op").is_number() ? member(cmd, "Op").get<int>() : 0;
      statement(member(cmd, "X"));
      if (found_ && (op == shell_op::kPipe || op == shell_op::kPipeAll)) {
        if (!piped_) {
          piped_ = true;
          warnings_.warning(stmt_origin(member(cmd, "Y")),
                            "the run's output is piped to '{}': not part of the configuration "
                            "(expcfg launch writes the output where it is started)",
                            snippet(member(cmd, "Y")));
        }
        return;
      }
      if (!found_) statement(member(cmd, "Y"));
    } else if (type == "Block" || type == "Subshell") {
      walk(list_of(cmd, "Stmts"));
    } else if (type == "TimeClause") {
      statement(member(cmd, "Stmt"));
    } else if (type == "FuncDecl") {
      // The body stays where it was parsed: the script's tree, or an eval's (kept in trees_).
      functions_[string_of(member(cmd, "Name"), "Value")] = Function{&member(cmd, "Body"), source_};
    } else if (type == "IfClause") {
      if_clause(cmd);
    } else if (type == "WhileClause") {
      const bool arguments =
          member(cmd, "Cond").dump().find("\"Value\":\"#\"") != std::string::npos;
      if (arguments) {
        warnings_.warning(stmt_origin(stmt),
                          "the script reads its own arguments here: it is read as run without "
                          "arguments, so the loop is not entered");
      } else if (mentions_launch(member(cmd, "Do"))) {
        warnings_.warning(stmt_origin(stmt), "a loop starts the run: its body is read once");
        walk(list_of(cmd, "Do"));
      }
    } else if (type == "ForClause") {
      const Json& loop = member(cmd, "Loop");
      if (!mentions_launch(member(cmd, "Do"))) return;
      if (type_of(loop) == "WordIter") {
        auto items = fields_of_all(list_of(loop, "Items"));
        if (!items.empty()) {
          variables_[string_of(member(loop, "Name"), "Value")] = Var{{items[0]}, false, false};
        }
        warnings_.warning(stmt_origin(stmt),
                          "a loop starts one run per item: the run of its first item is "
                          "imported");
      } else {
        warnings_.warning(stmt_origin(stmt), "a loop starts the run: its body is read once");
      }
      walk(list_of(cmd, "Do"));
    } else if (type == "CaseClause") {
      case_clause(cmd, stmt);
    }
    if (found_ && !launch_stmt_reported_) report_stmt(stmt);
  }

  /// Redirections and `&` of the statement that starts the run.
  void report_stmt(const Json& stmt) {
    launch_stmt_reported_ = true;
    for (const Json& redirect : list_of(stmt, "Redirs")) {
      // `2>&1`: the descriptor's number comes before the operator.
      const Json& number = member(redirect, "N");
      const Json& from =
          number.is_object() ? member(number, "ValuePos") : member(redirect, "OpPos");
      warnings_.warning(origin_of(pos_at(from)),
                        "the redirection '{}' is not part of the configuration; left out",
                        snippet_between(from, member(member(redirect, "Word"), "End")));
    }
    if (flag_of(stmt, "Background")) {
      warnings_.warning(stmt_origin(stmt),
                        "the run is started in the background ('&'): not part of the "
                        "configuration; left out");
    }
  }

  std::string snippet_between(const Json& from, const Json& to) const {
    Json node;
    node["Pos"] = from;
    node["End"] = to;
    return snippet(node);
  }

  /// `if [ -z "$NAME" ]; then NAME=value; fi` for a NAME the script does not set: the caller's
  /// NAME with a default, ${env:NAME,value}, as `${NAME:-value}` would say.
  bool default_when_empty(const Json& clause) {
    const Json& cond = list_of(clause, "Cond");
    const Json& then = list_of(clause, "Then");
    if (cond.size() != 1 || then.size() != 1 || !member(clause, "Else").is_null()) return false;
    const Json& test = member(cond[0], "Cmd");
    std::string dump;                     // the tested word
    if (type_of(test) == "TestClause") {  // [[ -z "$NAME" ]]
      const Json& x = member(test, "X");
      if (type_of(x) != "UnaryTest" || member(x, "Op") != Json(shell_op::kTestEmpty)) return false;
      dump = member(x, "X").dump();
    } else {  // [ -z "$NAME" ]
      const Json& args = list_of(test, "Args");
      if (type_of(test) != "CallExpr" || args.size() != 4) return false;
      auto word = [&](std::size_t i) { return literal_text(single(args[i])); };
      if (word(0) != std::string("[") || word(1) != std::string("-z") ||
          word(3) != std::string("]")) {
        return false;
      }
      dump = args[2].dump();
    }
    const Json& assign_cmd = member(then[0], "Cmd");
    const Json& assigns = list_of(assign_cmd, "Assigns");
    if (type_of(assign_cmd) != "CallExpr" || !list_of(assign_cmd, "Args").empty() ||
        assigns.size() != 1) {
      return false;
    }
    const std::string name = string_of(member(assigns[0], "Name"), "Value");
    if (name.empty() || variables_.count(name) || is_run_time_name(name) ||
        dump.find("\"ParamExp\"") == std::string::npos ||
        dump.find("\"Value\":\"" + name + "\"") == std::string::npos ||
        !member(assigns[0], "Array").is_null()) {
      return false;
    }
    auto value = literal_text(single(member(assigns[0], "Value")));
    if (!value) return false;
    const ScriptPos pos = pos_at(member(assigns[0], "Pos"));
    variables_[name] =
        Var{{ScriptValue{Piece{Piece::Kind::Env, name, {pos}, *value, false}}}, false, false};
    return true;
  }

  void if_clause(const Json& clause) {
    if (default_when_empty(clause)) return;
    // Decidable conditions pick their branch; otherwise the branch that starts the run is read.
    for (const Json* branch = &clause; branch->is_object(); branch = &member(*branch, "Else")) {
      const Json& cond = member(*branch, "Cond");
      if (cond.is_null() || list_of(*branch, "Cond").empty()) {  // else
        walk(list_of(*branch, "Then"));
        return;
      }
      auto decided = condition(list_of(*branch, "Cond"));
      if (decided && *decided) {
        walk(list_of(*branch, "Then"));
        return;
      }
      if (decided) continue;
      if (mentions_launch(member(*branch, "Then"))) {
        warnings_.warning(origin_of(pos_at(member(clause, "Position"))),
                          "the run starts under a condition import cannot decide: that branch "
                          "is read");
        walk(list_of(*branch, "Then"));
        return;
      }
    }
  }

  /// `[ -z X ]`, `[ -n X ]`, `[ A = B ]`, `[ A != B ]` over literal text; nullopt otherwise.
  std::optional<bool> condition(const Json& stmts) {
    if (stmts.size() != 1) return std::nullopt;
    const Json& cmd = member(stmts[0], "Cmd");
    if (type_of(cmd) != "CallExpr") return std::nullopt;
    auto words = fields_of_all(list_of(cmd, "Args"));
    std::vector<std::string> text;
    for (auto& word : words) {
      auto literal = literal_text(word);
      if (!literal) return std::nullopt;
      text.push_back(*literal);
    }
    if (text.empty() || (text[0] != "[" && text[0] != "test")) return std::nullopt;
    if (text[0] == "[") {
      if (text.back() != "]") return std::nullopt;
      text.pop_back();
    }
    text.erase(text.begin());
    bool negate = false;
    if (!text.empty() && text[0] == "!") {
      negate = true;
      text.erase(text.begin());
    }
    std::optional<bool> result;
    if (text.size() == 2 && text[0] == "-z") result = text[1].empty();
    if (text.size() == 2 && text[0] == "-n") result = !text[1].empty();
    if (text.size() == 1 && text[0] != "-z" && text[0] != "-n") result = !text[0].empty();
    if (text.size() == 3 && (text[1] == "=" || text[1] == "==")) result = text[0] == text[2];
    if (text.size() == 3 && text[1] == "!=") result = text[0] != text[2];
    if (result && negate) result = !*result;
    return result;
  }

  void case_clause(const Json& cmd, const Json& stmt) {
    auto word = literal_text(single(member(cmd, "Word")));
    if (!word) {
      if (mentions_launch(cmd)) {
        warnings_.warning(stmt_origin(stmt),
                          "the run starts in a 'case' import cannot decide: its first branch "
                          "that starts a run is read");
        for (const Json& item : list_of(cmd, "Items")) {
          if (mentions_launch(member(item, "Stmts"))) {
            walk(list_of(item, "Stmts"));
            return;
          }
        }
      }
      return;
    }
    for (const Json& item : list_of(cmd, "Items")) {
      for (const Json& pattern : list_of(item, "Patterns")) {
        auto text = literal_text(single(pattern));
        if (text && fnmatch(text->c_str(), word->c_str(), 0) == 0) {
          walk(list_of(item, "Stmts"));
          return;
        }
      }
    }
  }

  void call(const Json& cmd, const Json& stmt) {
    const Json& assigns = list_of(cmd, "Assigns");
    const Json& args = list_of(cmd, "Args");
    if (args.empty()) {
      for (const Json& node : assigns) assign(node, false);
      return;
    }
    auto words = fields_of_all(args);
    if (too_long_ || words.empty()) return;
    auto program = literal_text(words[0]);
    if (!program) return;
    if (*program == "eval") {
      eval(words, stmt);
      return;
    }
    if (*program == "shift") {
      std::size_t n = 1;
      if (words.size() > 1) {
        auto count = literal_text(words[1]);
        if (count && is_digits(*count)) n = std::stoul(count->substr(0, 6));
      }
      auto& frame = frames_.back().args;
      frame.erase(frame.begin(),
                  frame.begin() + static_cast<std::ptrdiff_t>(std::min(n, frame.size())));
      return;
    }
    if (*program == "source" || *program == ".") {
      warnings_.warning(stmt_origin(stmt),
                        "'{}' reads another script, which import does not read: its variables "
                        "are the environment's",
                        snippet(member(stmt, "Cmd")));
      return;
    }
    if (auto function = functions_.find(*program); function != functions_.end()) {
      if (depth_ >= kMaxDepth) return;
      ++depth_;
      frames_.push_back(Frame{std::vector<ScriptValue>(words.begin() + 1, words.end()), false});
      auto caller = std::exchange(source_, function->second.source);
      statement(*function->second.body);
      source_ = std::move(caller);
      frames_.pop_back();
      --depth_;
      return;
    }
    // The launch: wrappers (exec, nohup, env VAR=x, time) and then a launcher that names a
    // FlagEmbedding module.
    std::size_t first = 0;
    EnvList command_env;
    for (const Json& node : assigns) {
      const std::string name = string_of(member(node, "Name"), "Value");
      if (auto text = template_text(single(member(node, "Value")))) {
        command_env.emplace_back(name, *text);
      }
    }
    while (first < words.size()) {
      auto text = literal_text(words[first]);
      if (!text) break;
      if (*text == "exec" || *text == "nohup" || *text == "time" || *text == "command") {
        if (*text == "nohup") {
          warnings_.warning(stmt_origin(stmt),
                            "'nohup' is not part of the configuration; left out");
        }
        ++first;
      } else if (*text == "env" || (first > 0 && text->find('=') != std::string::npos &&
                                    text->find('=') > 0 && !text->starts_with("-"))) {
        if (*text != "env") {
          const auto equals = text->find('=');
          ScriptValue value(words[first]);
          // The value: the field after '=' (its first piece holds the name).
          if (!value.empty() && value[0].kind == Piece::Kind::Text) {
            value[0].text.erase(0, equals + 1);
            value[0].pos.erase(value[0].pos.begin(),
                               value[0].pos.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                          equals + 1, value[0].pos.size())));
          }
          if (auto value_text = template_text(value)) {
            command_env.emplace_back(text->substr(0, equals), *value_text);
          }
        }
        ++first;
      } else {
        break;
      }
    }
    if (first >= words.size()) return;
    // `srun -N 2 torchrun ...`, `conda run -n env python -m ...`: a wrapper's own words come
    // before the launcher, and are not part of the configuration.
    if (auto wrapper = literal_text(words[first]); wrapper && is_wrapper(*wrapper)) {
      for (std::size_t j = first + 1; j < words.size(); ++j) {
        auto word = literal_text(words[j]);
        if (word && is_launch_program(*word) && names_flagembedding_module(words, j)) {
          warnings_.warning(stmt_origin(stmt),
                            "'{}' and its options before the launcher are not part of the "
                            "configuration; left out",
                            *wrapper);
          first = j;
          break;
        }
      }
    }
    // `~/miniconda3/bin/python`: the folder may come from the environment, the name may not.
    const ScriptValue& program_word = words[first];
    if (program_word.empty() || program_word.back().kind != Piece::Kind::Text) return;
    const std::string& tail = program_word.back().text;
    if (program_word.size() > 1 && tail.find('/') == std::string::npos) return;
    if (!is_launch_program(tail) || !names_flagembedding_module(words, first)) return;
    std::vector<Word> out;
    for (std::size_t i = first; i < words.size(); ++i) {
      const ScriptPos pos = words[i].empty() || words[i][0].pos.empty()
                                ? pos_at(member(stmt, "Position"))
                                : words[i][0].pos[0];
      auto text = template_text(words[i]);
      if (!text) {
        warnings_.error(origin_of(pos),
                        "this word mixes a '$' and the environment in a way expcfg's "
                        "${{...}} cannot write; write it by hand");
        text = std::string();
      }
      out.push_back(Word{*text, origin_of(pos), true});
    }
    command_env_ = std::move(command_env);
    found_values_.assign(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
    found_ = std::move(out);
  }

  bool names_flagembedding_module(const std::vector<ScriptValue>& words, std::size_t first) {
    for (std::size_t i = first; i + 1 < words.size(); ++i) {
      auto flag = literal_text(words[i]);
      auto module = literal_text(words[i + 1]);
      if (flag && module && (*flag == "-m" || *flag == "--module") &&
          is_flagembedding_module(*module)) {
        return true;
      }
    }
    return false;
  }

  /// `eval WORDS`: the words joined by spaces, parsed and read again. References and values to
  /// fill survive as `${NAME...}` of variables the script does not set.
  void eval(const std::vector<ScriptValue>& words, const Json& stmt) {
    if (depth_ >= kMaxDepth) return;
    if (++evals_ > kMaxEvals) {  // each one starts shfmt
      if (evals_ == kMaxEvals + 1) {
        warnings_.warning(stmt_origin(stmt), "more than {} evals: the rest are not read",
                          kMaxEvals);
      }
      return;
    }
    Source inner;
    auto put = [&](std::string_view text, ScriptPos pos) {
      inner.text += text;
      inner.by_offset.insert(inner.by_offset.end(), text.size(), pos);
    };
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (i > 1) put(" ", inner.by_offset.empty() ? ScriptPos{} : inner.by_offset.back());
      for (const Piece& piece : words[i]) {
        const ScriptPos pos = piece.pos.empty() ? ScriptPos{} : piece.pos[0];
        if (piece.kind == Piece::Kind::Text) {
          inner.text += piece.text;
          inner.by_offset.insert(inner.by_offset.end(), piece.pos.begin(), piece.pos.end());
          continue;
        }
        const std::string hidden = fmt::format("__expcfg_eval_{}", hidden_++);
        variables_[hidden] = Var{{ScriptValue{piece}}, false, false};
        put("\"${" + hidden + "}\"", pos);
      }
    }
    if (inner.by_offset.empty()) return;
    inner.by_offset.push_back(inner.by_offset.back());
    std::string error;
    bool tool_failed = false;
    auto tree = shell_syntax_tree(inner.text, error, tool_failed);
    if (!tree) {
      warnings_.warning(stmt_origin(stmt), "the text 'eval' runs is not read: {}", error);
      return;
    }
    // Kept for the reader's life: functions the eval'd text defines point into it.
    trees_.push_back(std::make_shared<const Json>(std::move(*tree)));
    ++depth_;
    auto caller = std::exchange(source_, std::make_shared<const Source>(std::move(inner)));
    walk(list_of(*trees_.back(), "Stmts"));
    source_ = std::move(caller);
    --depth_;
  }

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

}  // namespace

std::optional<std::vector<Word>> script_command(const std::string& text,
                                                const std::shared_ptr<const std::string>& file,
                                                EnvList& exports, Diagnostics& warnings) {
  std::string error;
  bool tool_failed = false;
  auto tree = shell_syntax_tree(text, error, tool_failed);
  if (!tree && tool_failed) {  // not the script's fault: a usage error (status 2)
    warnings.usage_error(Origin::none(), "cannot read '{}': {}", *file, error);
    return std::nullopt;
  }
  if (!tree) {
    // "3:5: reached EOF without closing quote" carries its own position.
    warnings.error(Origin::none(), "'{}' is not a bash script: {}:{}", *file, *file, error);
    return std::nullopt;
  }
  ScriptReader reader(text, file, exports, warnings);
  return reader.read(*tree);
}

}  // namespace expcfg
