// The script reader's expansion of words: quotes, variables and arrays, `${x:-default}` and
// the other parameter expansions, `$((...))`, and what only a run knows (values to fill);
// each character keeps where the script wrote it.

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <charconv>

#include "base/limits.hpp"
#include "base/utf8.hpp"
#include "import/script_reader.hpp"
#include "import/shell_syntax.hpp"

namespace expcfg::script_reading {

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

std::optional<std::vector<Word>> ScriptReader::read(const Json& tree) {
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

ScriptPos ScriptReader::pos_at(const Json& position, std::size_t plus) const {
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

/// The script's text of `node`, shortened, with no `{`/`}` (it goes inside `${fill:...}`).
std::string ScriptReader::snippet(const Json& node) const {
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
Piece ScriptReader::fill(const Json& node, std::string_view why) {
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
void ScriptReader::report_pieces(const ScriptValue& value) {
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

bool ScriptReader::charge(std::size_t bytes, ScriptPos pos, const std::string& name) {
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
void ScriptReader::add_literal(const Json& lit, bool quoted, bool first_part, Builder& out) {
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
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Reads up to `most` digits of `base` at raw[i...]; nullopt when there is none.
std::optional<unsigned long> read_number(std::string_view raw, std::size_t& i, int base, int most) {
  unsigned long value = 0;
  int read = 0;
  while (read < most && i < raw.size()) {
    const int digit = hex_digit(raw[i]);
    if (digit < 0 || digit >= base) break;
    value = value * static_cast<unsigned long>(base) + static_cast<unsigned long>(digit);
    ++i;
    ++read;
  }
  if (read == 0) return std::nullopt;
  return value;
}

}  // namespace

// bash's $'...' escapes (bash(1), QUOTING): a NUL ends the string, as it does for bash.
std::string ScriptReader::ansi_c(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out += raw[i];
      continue;
    }
    const char c = raw[++i];
    std::size_t at = i + 1;
    std::optional<unsigned long> code;
    switch (c) {
      case 'n': out += '\n'; continue;
      case 't': out += '\t'; continue;
      case 'r': out += '\r'; continue;
      case 'a': out += '\a'; continue;
      case 'b': out += '\b'; continue;
      case 'f': out += '\f'; continue;
      case 'v': out += '\v'; continue;
      case 'e':
      case 'E': out += '\x1b'; continue;
      case '\\':
      case '\'':
      case '"':
      case '?': out += c; continue;
      case 'x': code = read_number(raw, at, 16, 2); break;
      case 'u': code = read_number(raw, at, 16, 4); break;
      case 'U': code = read_number(raw, at, 16, 8); break;
      case 'c':
        if (at < raw.size()) {
          const char control = raw[at] == '?' ? '\x7f' : static_cast<char>(raw[at] & 0x1f);
          if (control == '\0') return out;
          out += control;
          i = at;
          continue;
        }
        break;
      default:
        if (c >= '0' && c <= '7') {
          at = i;
          code = read_number(raw, at, 8, 3);
        }
    }
    if (!code) {  // not an escape bash knows: kept as written, as bash does
      out += '\\';
      out += c;
      continue;
    }
    if (*code == 0) return out;
    if (c == 'u' || c == 'U') {
      append_utf8(out, static_cast<std::uint32_t>(std::min<unsigned long>(*code, 0x110000)));
    } else {
      out += static_cast<char>(*code & 0xFF);
    }
    i = at - 1;
  }
  return out;
}

void ScriptReader::expand_parts(const Json& parts, bool quoted, Builder& out) {
  bool first = true;
  for (const Json& part : parts) {
    if (too_long_) return;
    expand_part(part, quoted, first, out);
    first = false;
  }
}

void ScriptReader::expand_part(const Json& part, bool quoted, bool first, Builder& out) {
  const std::string type = type_of(part);
  if (type == "Lit") {
    add_literal(part, quoted, first, out);
  } else if (type == "SglQuoted") {
    const std::string raw = string_of(part, "Value");
    const bool dollar = flag_of(part, "Dollar");
    ScriptPos pos = pos_at(member(part, "Pos"), dollar ? 2 : 1);
    if (dollar) {
      out.add(Piece{Piece::Kind::Text, ansi_c(raw), std::vector<ScriptPos>(ansi_c(raw).size(), pos),
                    std::nullopt, false});
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
                            member(inner[0], "Index")
                                    .dump(-1, ' ', false, Json::error_handler_t::replace)
                                    .find("\"@\"") != std::string::npos);
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
      out.add(Piece{Piece::Kind::Text, text, std::vector<ScriptPos>(text.size(), pos), std::nullopt,
                    !quoted});
    } else {
      out.add(fill(part, "the arithmetic"));
    }
  } else {
    out.add(fill(part, "the expansion"));
  }
}

/// Adds `items` (a variable's values) as an expansion: quoted `${a[@]}` keeps one field per
/// item, unquoted values split.
void ScriptReader::add_items(const std::vector<ScriptValue>& items, bool quoted, bool each_field,
                             Builder& out, const std::string& name, ScriptPos at) {
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
ScriptValue ScriptReader::single(const Json& word) {
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

void ScriptReader::param(const Json& part, bool quoted, Builder& out) {
  std::string name = string_of(member(part, "Param"), "Value");
  // `${00}` is `$0`, as bash reads it: the positional parameters start at 1.
  if (!name.empty() && name.find_first_not_of('0') == std::string::npos) name = "0";
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
    items = std::vector<ScriptValue>{{Piece{
        Piece::Kind::Text, count, std::vector<ScriptPos>(count.size(), pos), std::nullopt, false}}};
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
std::optional<long long> ScriptReader::arithmetic(const Json& node, int depth) {
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

std::vector<ScriptValue> ScriptReader::fields_of(const Json& word) {
  Builder builder;
  expand_parts(list_of(word, "Parts"), false, builder);
  return split_fields(builder);
}

std::vector<ScriptValue> ScriptReader::fields_of_all(const Json& words) {
  std::vector<ScriptValue> out;
  for (const Json& word : words) {
    auto fields = fields_of(word);
    out.insert(out.end(), std::make_move_iterator(fields.begin()),
               std::make_move_iterator(fields.end()));
  }
  return out;
}

}  // namespace expcfg::script_reading
