// Reading the FlagEmbedding command out of a shell script without running it: shfmt parses the
// script (shell_syntax.hpp) and this file walks the tree the way bash would run it, with the
// script's own variables expanded and everything else kept symbolic (script_value.hpp).
//
// What a run alone can know is never guessed: the caller's environment stays a reference
// (`$HOME` -> ${env:HOME}, `${LR:-1e-5}` -> ${env:LR,1e-5}), and command substitutions,
// `$RANDOM` and the script's own arguments become values to fill (${fill:...}), which `check`
// rejects until someone does.

#include "import/script_reader.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <utility>

#include "import/import.hpp"
#include "import/launch_words.hpp"
#include "import/shell_syntax.hpp"

namespace expcfg {
namespace script_reading {

void ScriptReader::assign(const Json& node, bool exported) {
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

/// Whether `node` holds a command that could be the launch (to walk a loop or branch once).
bool ScriptReader::mentions_launch(const Json& node, int depth) const {
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

bool ScriptReader::walk(const Json& stmts) {
  for (const Json& stmt : stmts) {
    if (found_ || too_long_) return true;
    statement(stmt);
  }
  return found_.has_value();
}

void ScriptReader::statement(const Json& stmt) {
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
    const bool arguments = member(cmd, "Cond")
                               .dump(-1, ' ', false, Json::error_handler_t::replace)
                               .find("\"Value\":\"#\"") != std::string::npos;
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
void ScriptReader::report_stmt(const Json& stmt) {
  launch_stmt_reported_ = true;
  for (const Json& redirect : list_of(stmt, "Redirs")) {
    // `2>&1`: the descriptor's number comes before the operator.
    const Json& number = member(redirect, "N");
    const Json& from = number.is_object() ? member(number, "ValuePos") : member(redirect, "OpPos");
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

std::string ScriptReader::snippet_between(const Json& from, const Json& to) const {
  Json node;
  node["Pos"] = from;
  node["End"] = to;
  return snippet(node);
}

/// `if [ -z "$NAME" ]; then NAME=value; fi` for a NAME the script does not set: the caller's
/// NAME with a default, ${env:NAME,value}, as `${NAME:-value}` would say.
bool ScriptReader::default_when_empty(const Json& clause) {
  const Json& cond = list_of(clause, "Cond");
  const Json& then = list_of(clause, "Then");
  if (cond.size() != 1 || then.size() != 1 || !member(clause, "Else").is_null()) return false;
  const Json& test = member(cond[0], "Cmd");
  std::string dump;                     // the tested word
  if (type_of(test) == "TestClause") {  // [[ -z "$NAME" ]]
    const Json& x = member(test, "X");
    if (type_of(x) != "UnaryTest" || member(x, "Op") != Json(shell_op::kTestEmpty)) return false;
    dump = member(x, "X").dump(-1, ' ', false, Json::error_handler_t::replace);
  } else {  // [ -z "$NAME" ]
    const Json& args = list_of(test, "Args");
    if (type_of(test) != "CallExpr" || args.size() != 4) return false;
    auto word = [&](std::size_t i) { return literal_text(single(args[i])); };
    if (word(0) != std::string("[") || word(1) != std::string("-z") ||
        word(3) != std::string("]")) {
      return false;
    }
    dump = args[2].dump(-1, ' ', false, Json::error_handler_t::replace);
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

void ScriptReader::if_clause(const Json& clause) {
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
std::optional<bool> ScriptReader::condition(const Json& stmts) {
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

void ScriptReader::case_clause(const Json& cmd, const Json& stmt) {
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

void ScriptReader::call(const Json& cmd, const Json& stmt) {
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
        warnings_.warning(stmt_origin(stmt), "'nohup' is not part of the configuration; left out");
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
                             value[0].pos.begin() + static_cast<std::ptrdiff_t>(
                                                        std::min(equals + 1, value[0].pos.size())));
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

bool ScriptReader::names_flagembedding_module(const std::vector<ScriptValue>& words,
                                              std::size_t first) {
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
void ScriptReader::eval(const std::vector<ScriptValue>& words, const Json& stmt) {
  if (depth_ >= kMaxDepth) return;
  if (++evals_ > kMaxEvals) {  // each one starts shfmt
    if (evals_ == kMaxEvals + 1) {
      warnings_.warning(stmt_origin(stmt), "more than {} evals: the rest are not read", kMaxEvals);
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

}  // namespace script_reading

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
  script_reading::ScriptReader reader(text, file, exports, warnings);
  return reader.read(*tree);
}

}  // namespace expcfg
