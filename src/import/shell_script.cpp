// Reading the FlagEmbedding command out of a shell script without running it: the subset of
// bash that launch scripts use (assignments, quotes, $var, line continuations, eval).

#include <algorithm>
#include <map>

#include "base/limits.hpp"
#include "import/import.hpp"

namespace expcfg {
namespace {

/// A character of the script and where it was written, so that a word made by expanding a
/// variable (or by `eval`) still points into the script.
struct Char {
  char c;
  int line;
  int column;
};
using Text = std::vector<Char>;

constexpr int kMaxEvalDepth = 8;

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string plain(const Text& text) {
  std::string out;
  for (const Char& ch : text) out += ch.c;
  return out;
}

class ScriptReader {
 public:
  ScriptReader(std::shared_ptr<const std::string> file, EnvList& exports, Diagnostics& warnings)
      : file_(std::move(file)), exports_(exports), warnings_(warnings) {}

  /// The words of the first command that starts a FlagEmbedding module, if any.
  std::optional<std::vector<Word>> find_command(const Text& text, int depth = 0) {
    // One command at a time: an assignment must be done before the next line expands it.
    std::size_t next = 0;
    while (next < text.size() && !too_long_) {
      auto command = next_command(text, next);
      if (too_long_) break;
      if (auto found = run(command, depth)) return found;
    }
    return std::nullopt;
  }

 private:
  Origin origin_of(const Text& word) const {
    return word.empty() ? Origin::file(SourceLoc{file_, 1, 1})
                        : Origin::file(SourceLoc{file_, word[0].line, word[0].column});
  }

  /// "What the script does" with one command: remember assignments and exports, re-read
  /// `eval`, and return the words when the command starts FlagEmbedding.
  std::optional<std::vector<Word>> run(const std::vector<Text>& words, int depth) {
    std::size_t first = 0;
    const bool exported = !words.empty() && plain(words[0]) == "export";
    if (exported) first = 1;
    // Leading NAME=value words assign (for the rest of the script, or for this command).
    while (first < words.size() && is_assignment(words[first])) {
      assign(words[first], exported || first + 1 < words.size());
      ++first;
    }
    if (first >= words.size()) return std::nullopt;
    const std::string program = plain(words[first]);
    if (program == "eval" && depth < kMaxEvalDepth) {
      Text joined;
      for (std::size_t i = first + 1; i < words.size(); ++i) {
        if (!joined.empty()) joined.push_back(Char{' ', joined.back().line, joined.back().column});
        joined.insert(joined.end(), words[i].begin(), words[i].end());
      }
      return find_command(joined, depth + 1);
    }
    const bool launcher = program == "torchrun" || program == "deepspeed" || program == "python" ||
                          program == "python3" || program.ends_with("/torchrun");
    const bool names_module = std::any_of(words.begin(), words.end(), [](const Text& w) {
      return plain(w).starts_with("FlagEmbedding.finetune.");
    });
    if (!launcher || !names_module) return std::nullopt;
    std::vector<Word> out;
    for (std::size_t i = first; i < words.size(); ++i)
      out.push_back(Word{plain(words[i]), origin_of(words[i])});
    return out;
  }

  static bool is_assignment(const Text& word) {
    if (word.empty() || !is_name_start(word[0].c)) return false;
    for (const Char& ch : word) {
      if (ch.c == '=') return true;
      if (!is_name_char(ch.c)) return false;
    }
    return false;
  }

  void assign(const Text& word, bool exported) {
    const auto equals =
        std::find_if(word.begin(), word.end(), [](const Char& ch) { return ch.c == '='; });
    const std::string name = plain(Text(word.begin(), equals));
    variables_[name] = Text(equals + 1, word.end());
    if (exported) exports_.emplace_back(name, plain(variables_[name]));
  }

  /// The command that starts at `next` (it ends at an unquoted newline, ';', '&&', '||' or
  /// '|'), as words with quotes removed and variables expanded; moves `next` past it.
  std::vector<Text> next_command(const Text& text, std::size_t& next) {
    std::vector<Text> command;
    Text word;
    bool in_word = false;
    bool done = false;
    auto end_word = [&] {
      if (in_word) command.push_back(word);
      word.clear();
      in_word = false;
    };
    auto end_command = [&] {
      end_word();
      done = !command.empty();
    };
    std::size_t i = next;
    for (; i < text.size() && !done; ++i) {
      const Char ch = text[i];
      if (ch.c == '\\' && i + 1 < text.size()) {
        if (text[i + 1].c != '\n') {  // backslash-newline continues the line
          word.push_back(text[i + 1]);
          in_word = true;
        }
        ++i;
      } else if (is_blank(ch.c)) {
        end_word();
      } else if (ch.c == '\n' || ch.c == ';' || ch.c == '|' || ch.c == '&') {
        end_command();
      } else if (ch.c == '#' && !in_word) {
        while (i + 1 < text.size() && text[i + 1].c != '\n') ++i;
      } else if (ch.c == '\'') {
        in_word = true;
        while (++i < text.size() && text[i].c != '\'') word.push_back(text[i]);
      } else if (ch.c == '"') {
        in_word = true;
        i = read_double_quoted(text, i + 1, word);
      } else if (ch.c == '$') {
        // Unquoted: the value is split into words at blanks.
        Text value;
        i = expand(text, i, value);
        for (const Char& v : value) {
          if (is_blank(v.c) || v.c == '\n') {
            end_word();
          } else {
            word.push_back(v);
            in_word = true;
          }
        }
      } else {
        word.push_back(ch);
        in_word = true;
      }
    }
    end_word();
    next = i;
    return command;
  }

  /// Reads a "..." string from `i` (after the quote) into `word`; returns the closing quote's
  /// index. Inside, \ escapes only $ ` " \ and newline, and $ expands without splitting.
  std::size_t read_double_quoted(const Text& text, std::size_t i, Text& word) {
    for (; i < text.size() && text[i].c != '"'; ++i) {
      if (text[i].c == '\\' && i + 1 < text.size() &&
          std::string_view("$`\"\\\n").find(text[i + 1].c) != std::string_view::npos) {
        if (text[i + 1].c != '\n') word.push_back(text[i + 1]);
        ++i;
      } else if (text[i].c == '$') {
        i = expand(text, i, word);
      } else {
        word.push_back(text[i]);
      }
    }
    return i;
  }

  /// Expands the $NAME or ${NAME} at `i` into `out`; returns the index of its last character.
  /// A variable the script never sets is kept as written, with a warning.
  std::size_t expand(const Text& text, std::size_t i, Text& out) {
    std::size_t start = i + 1;
    const bool braced = start < text.size() && text[start].c == '{';
    if (braced) ++start;
    std::size_t end = start;
    while (end < text.size() && is_name_char(text[end].c)) ++end;
    const bool closed = !braced || (end < text.size() && text[end].c == '}');
    if (end == start || !closed) {  // `$` alone, $(...), $((...)), ${x:-y}: not expanded
      out.push_back(text[i]);
      return i;
    }
    const std::string name = plain(Text(text.begin() + static_cast<std::ptrdiff_t>(start),
                                        text.begin() + static_cast<std::ptrdiff_t>(end)));
    const std::size_t last = braced ? end : end - 1;
    if (auto it = variables_.find(name); it != variables_.end()) {
      // Counted before the copy: `x=$x$x` doubles at each line.
      expanded_ += it->second.size();
      if (expanded_ > limits::kMaxScriptExpansion) {
        if (!too_long_) {
          warnings_.error(origin_of(Text{text[i]}),
                          "expanding '${}' makes more than {} bytes of text, the limit on a "
                          "script's variable expansion",
                          name, limits::kMaxScriptExpansion);
        }
        too_long_ = true;
        return last;
      }
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      warnings_.warning(origin_of(Text{text[i]}), "'${}' is not set in the script; kept as written",
                        name);
      out.insert(out.end(), text.begin() + static_cast<std::ptrdiff_t>(i),
                 text.begin() + static_cast<std::ptrdiff_t>(last + 1));
    }
    return last;
  }

  std::shared_ptr<const std::string> file_;
  EnvList& exports_;
  Diagnostics& warnings_;
  std::map<std::string, Text> variables_;
  std::size_t expanded_ = 0;  // characters the expansions have made
  bool too_long_ = false;     // past kMaxScriptExpansion: reported, reading stops
};

}  // namespace

std::optional<std::vector<Word>> script_command(const std::string& text,
                                                const std::shared_ptr<const std::string>& file,
                                                EnvList& exports, Diagnostics& warnings) {
  Text chars;
  int line = 1;
  int column = 1;
  for (char c : text) {
    chars.push_back(Char{c, line, column});
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  ScriptReader reader(file, exports, warnings);
  return reader.find_command(chars);
}

}  // namespace expcfg
