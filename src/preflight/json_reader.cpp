// A small recursive-descent JSON reader that remembers where each key is. The DeepSpeed and
// FSDP files it reads are small; data files go through records.cpp instead.

#include "preflight/json_reader.hpp"

#include <cerrno>
#include <cstdlib>

#include "base/utf8.hpp"

namespace expcfg::preflight_checks {
namespace {

constexpr int kMaxDepth = 512;

class Reader {
 public:
  Reader(std::string_view text, const std::shared_ptr<const std::string>& file)
      : text_(text), file_(file) {}

  std::optional<LocatedJson> run(std::string& error, SourceLoc& where) {
    LocatedJson out;
    result_ = &out;
    skip_space();
    if (!value(out.value, "", 0)) {
      error = error_;
      where = here();
      return std::nullopt;
    }
    skip_space();
    if (pos_ != text_.size()) {
      error = "extra data after the JSON value";
      where = here();
      return std::nullopt;
    }
    return out;
  }

 private:
  SourceLoc here() const {
    return SourceLoc{file_, line_, static_cast<int>(pos_ - line_start_) + 1};
  }
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail("expected a JSON value");
    pos_ += word.size();
    return true;
  }

  bool value(Json& out, const std::string& path, int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    if (pos_ >= text_.size()) return fail("unexpected end of the file");
    switch (text_[pos_]) {
      case '{': return object(out, path, depth);
      case '[': return array(out, path, depth);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case 'n': out = nullptr; return literal("null");
      default: return number(out);
    }
  }

  bool object(Json& out, const std::string& path, int depth) {
    out = Json::object();
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return fail("expected a key in quotes");
      const SourceLoc at = here();
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return fail("expected ':' after a key");
      ++pos_;
      skip_space();
      const std::string child = path.empty() ? key : path + "." + key;
      if (out.contains(key)) result_->duplicates.emplace_back(child, at);
      result_->keys[child] = at;
      Json item;
      if (!value(item, child, depth + 1)) return false;
      out[key] = std::move(item);
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
      return fail("expected ',' or '}' in an object");
    }
  }

  bool array(Json& out, const std::string& path, int depth) {
    out = Json::array();
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
    while (true) {
      skip_space();
      Json item;
      if (!value(item, path, depth + 1)) return false;
      out.push_back(std::move(item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
      return fail("expected ',' or ']' in an array");
    }
  }

  bool hex4(unsigned& code) {
    if (pos_ + 4 > text_.size()) return fail("incomplete \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= static_cast<unsigned>(c - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xD800 && code < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            unsigned low = 0;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low < 0xE000)
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);  // a lone surrogate as U+FFFD
          break;
        }
        default: return fail("bad escape in a string");
      }
    }
  }

  bool number(Json& out) {
    const std::size_t start = pos_;
    bool is_float = false;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c >= '0' && c <= '9') {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && pos_ > start)) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == digits) return fail("expected a JSON value");
    const std::string token(text_.substr(start, pos_ - start));
    char* end = nullptr;
    errno = 0;
    if (!is_float) {
      const long long v = std::strtoll(token.c_str(), &end, 10);
      if (errno == 0 && end == token.c_str() + token.size()) {
        out = static_cast<std::int64_t>(v);
        return true;
      }
    }
    errno = 0;
    const double d = std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size()) return fail("malformed number");
    out = d;
    return true;
  }

  std::string_view text_;
  std::shared_ptr<const std::string> file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::string error_;
  LocatedJson* result_ = nullptr;
};

}  // namespace

std::optional<LocatedJson> read_json(std::string_view text,
                                     const std::shared_ptr<const std::string>& file,
                                     std::string& error, SourceLoc& where) {
  return Reader(text, file).run(error, where);
}

}  // namespace expcfg::preflight_checks
