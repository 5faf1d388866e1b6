// The record reader: one pass over the bytes, a switch per value, no allocation per record
// (the field list's capacity is reused).

#include "preflight/records.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace expcfg::preflight_checks {
namespace {
constexpr int kMaxDepth = 1000;
}

bool RecordReader::skip_space() {
  while (p_ < end_) {
    const char c = *p_;
    if (c == '\n') {
      ++line_;
      line_start_ = ++p_;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++p_;
    } else {
      return true;
    }
  }
  return false;
}

void RecordReader::skip_blanks() {
  while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
}

void RecordReader::jump(const char* to) {
  while (p_ < to) {
    const void* newline = std::memchr(p_, '\n', static_cast<std::size_t>(to - p_));
    if (!newline) {
      p_ = to;
      return;
    }
    ++line_;
    p_ = static_cast<const char*>(newline) + 1;
    line_start_ = p_;
  }
}

/// Whether any of the 8 bytes in `word` is a quote, a backslash or a control character: the
/// bytes a string scan must stop at (8 bytes per step instead of 1).
inline bool special_byte(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  const std::uint64_t quote = word ^ (ones * '"');
  const std::uint64_t backslash = word ^ (ones * '\\');
  const std::uint64_t zero_quote = (quote - ones) & ~quote;
  const std::uint64_t zero_backslash = (backslash - ones) & ~backslash;
  const std::uint64_t control = (word - ones * 0x20) & ~word;
  return ((zero_quote | zero_backslash | control) & highs) != 0;
}

bool RecordReader::string(std::string_view& out, std::string& error) {
  const char* start = ++p_;
  while (p_ < end_) {
    while (end_ - p_ >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p_, 8);
      if (special_byte(word)) break;
      p_ += 8;
    }
    if (p_ >= end_) break;
    const unsigned char c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      out = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    if (c == '\\') {
      if (p_ + 1 >= end_) break;
      const char e = p_[1];
      if (!std::strchr("\"\\/bfnrtu", e) || e == '\0') {
        error = "bad escape in a string";
        return false;
      }
      p_ += 2;
      continue;
    }
    if (c < 0x20) {
      error = c == '\n' ? "unterminated string (a record must stay on one line)"
                        : "control character in a string";
      return false;
    }
    ++p_;
  }
  error = "unterminated string";
  return false;
}

bool RecordReader::number(JsonKind& kind, std::int64_t& value, std::string& error) {
  const char* start = p_;
  if (p_ < end_ && *p_ == '-') ++p_;
  const char* digits = p_;
  while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
  if (p_ == digits) {
    error = "expected a JSON value";
    return false;
  }
  kind = JsonKind::Int;
  if (p_ < end_ && *p_ == '.') {
    kind = JsonKind::Float;
    ++p_;
    const char* fraction = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == fraction) {
      error = "malformed number";
      return false;
    }
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    kind = JsonKind::Float;
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    const char* exponent = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == exponent) {
      error = "malformed number";
      return false;
    }
  }
  if (kind == JsonKind::Int) {
    const auto result = std::from_chars(start, p_, value);
    if (result.ec != std::errc()) value = *start == '-' ? INT64_MIN : INT64_MAX;
  }
  return true;
}

bool RecordReader::literal(std::string_view word, std::string& error) {
  if (static_cast<std::size_t>(end_ - p_) < word.size() ||
      std::memcmp(p_, word.data(), word.size()) != 0) {
    error = "expected a JSON value";
    return false;
  }
  p_ += word.size();
  return true;
}

bool RecordReader::skip_value(JsonKind& kind, std::string& error, int depth) {
  if (depth > kMaxDepth) {
    error = "nested too deeply";
    return false;
  }
  if (!skip_space()) {
    error = "unexpected end of the file";
    return false;
  }
  switch (*p_) {
    case '"': {
      kind = JsonKind::String;
      std::string_view ignored;
      return string(ignored, error);
    }
    case 't': kind = JsonKind::Bool; return literal("true", error);
    case 'f': kind = JsonKind::Bool; return literal("false", error);
    case 'n': kind = JsonKind::Null; return literal("null", error);
    case '[':
    case '{': {
      const bool is_object = *p_ == '{';
      kind = is_object ? JsonKind::Object : JsonKind::Array;
      const char close = is_object ? '}' : ']';
      ++p_;
      if (!skip_space()) break;
      if (*p_ == close) return ++p_, true;
      while (true) {
        if (is_object) {
          if (!skip_space() || *p_ != '"') {
            error = "expected a key in quotes";
            return false;
          }
          std::string_view key;
          if (!string(key, error)) return false;
          if (!skip_space() || *p_ != ':') {
            error = "expected ':' after a key";
            return false;
          }
          ++p_;
        }
        JsonKind item = JsonKind::Null;
        if (!skip_value(item, error, depth + 1)) return false;
        if (!skip_space()) break;
        if (*p_ == ',') {
          ++p_;
          continue;
        }
        if (*p_ == close) return ++p_, true;
        error = is_object ? "expected ',' or '}' in an object" : "expected ',' or ']' in a list";
        return false;
      }
      break;
    }
    default: {
      std::int64_t ignored = 0;
      return number(kind, ignored, error);
    }
  }
  error = "unexpected end of the file";
  return false;
}

bool RecordReader::read_record(Record& record, std::string& error) {
  record.fields.clear();
  if (!skip_space()) {
    error = "unexpected end of the file";
    return false;
  }
  record.line = line_;
  record.column = column();
  if (*p_ != '{') {
    error = "expected a record (a JSON object)";
    return false;
  }
  ++p_;
  if (!skip_space()) {
    error = "unexpected end of the file";
    return false;
  }
  if (*p_ == '}') return ++p_, true;
  while (true) {
    if (!skip_space() || *p_ != '"') {
      error = "expected a key in quotes";
      return false;
    }
    RecordField& field = record.fields.emplace_back();
    field.column = column();
    if (!string(field.key, error)) return false;
    if (!skip_space() || *p_ != ':') {
      error = "expected ':' after a key";
      return false;
    }
    ++p_;
    if (!skip_space()) {
      error = "unexpected end of the file";
      return false;
    }
    switch (*p_) {
      case '"':
        field.kind = JsonKind::String;
        if (!string(field.text, error)) return false;
        break;
      case '[': {
        field.kind = JsonKind::Array;
        ++p_;
        if (!skip_space()) {
          error = "unexpected end of the file";
          return false;
        }
        if (*p_ == ']') {
          ++p_;
          break;
        }
        while (true) {
          JsonKind item = JsonKind::Null;
          if (skip_space() && *p_ == '"') {
            item = JsonKind::String;
            std::string_view ignored;
            if (!string(ignored, error)) return false;
          } else if (!skip_value(item, error, 1)) {
            return false;
          }
          ++field.items;
          field.item_kinds |= bit(item);
          if (!skip_space()) {
            error = "unexpected end of the file";
            return false;
          }
          if (*p_ == ',') {
            ++p_;
            continue;
          }
          if (*p_ == ']') {
            ++p_;
            break;
          }
          error = "expected ',' or ']' in a list";
          return false;
        }
        break;
      }
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        if (!number(field.kind, field.integer, error)) return false;
        break;
      default:
        if (!skip_value(field.kind, error)) return false;
    }
    if (!skip_space()) {
      error = "unexpected end of the file";
      return false;
    }
    if (*p_ == ',') {
      ++p_;
      continue;
    }
    if (*p_ == '}') return ++p_, true;
    error = "expected ',' or '}' in an object";
    return false;
  }
}

}  // namespace expcfg::preflight_checks
