#pragma once
// A fast reader of FlagEmbedding's data records: it checks each record's JSON syntax and
// summarises its top-level fields (kind, list length, kinds of the list's items) without
// building a tree, so a gigabyte of JSON Lines takes seconds.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace expcfg::preflight_checks {

enum class JsonKind : std::uint8_t { Null, Bool, Int, Float, String, Array, Object };

constexpr std::uint8_t bit(JsonKind kind) {
  return static_cast<std::uint8_t>(1u << static_cast<unsigned>(kind));
}

/// One top-level field of a record. Views point into the file's bytes (escapes kept).
struct RecordField {
  std::string_view key;
  JsonKind kind = JsonKind::Null;
  std::string_view text;        ///< a String's raw content
  std::int64_t integer = 0;     ///< an Int's value (saturated)
  std::size_t items = 0;        ///< an Array's length
  std::uint8_t item_kinds = 0;  ///< bits of the Array's item kinds
  int column = 0;               ///< 1-based column of the key
};

struct Record {
  std::vector<RecordField> fields;
  int line = 0;
  int column = 0;

  const RecordField* find(std::string_view key) const {
    for (const RecordField& field : fields)
      if (field.key == key) return &field;
    return nullptr;
  }
};

/// Reads records from [begin, end); tracks lines.
class RecordReader {
 public:
  RecordReader(const char* begin, const char* end) : p_(begin), end_(end), line_start_(begin) {}

  /// Skips spaces and newlines; false at the end.
  bool skip_space();
  /// Skips spaces and tabs on the current line only.
  void skip_blanks();
  char peek() const { return p_ < end_ ? *p_ : '\0'; }
  void advance() { ++p_; }
  bool at_end() const { return p_ >= end_; }
  int line() const { return line_; }
  int column() const { return static_cast<int>(p_ - line_start_) + 1; }
  const char* position() const { return p_; }
  /// Moves to `to`, counting the newlines passed.
  void jump(const char* to);

  /// Reads one JSON object as a record; false with `error` (at line(), column()) otherwise.
  /// Kind is `kinds_found` of every value, for the caller to reject non-objects.
  bool read_record(Record& record, std::string& error);
  /// Reads and discards any JSON value; `kind` is what it was.
  bool skip_value(JsonKind& kind, std::string& error, int depth = 0);

 private:
  bool string(std::string_view& out, std::string& error);
  bool number(JsonKind& kind, std::int64_t& value, std::string& error);
  bool literal(std::string_view word, std::string& error);

  const char* p_;
  const char* end_;
  const char* line_start_;
  int line_ = 1;
};

}  // namespace expcfg::preflight_checks
