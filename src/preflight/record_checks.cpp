// The record rules of one data file: a single pass over its mapped bytes, each record
// summarised by RecordReader and held against what the runner reads.

#include "preflight/record_checks.hpp"

#include <fmt/format.h>

#include <cstring>
#include <map>
#include <unordered_map>

#include "preflight/disk.hpp"
#include "preflight/records.hpp"

namespace expcfg::preflight_checks {
namespace {

constexpr std::uint8_t kNumbers = bit(JsonKind::Int) | bit(JsonKind::Float);

std::string column_type_of(std::uint8_t kinds, std::uint8_t items) {
  auto scalar = [](std::uint8_t k) -> std::string {
    if (k == 0) return "";
    if ((k & ~kNumbers) == 0) return (k & bit(JsonKind::Float)) ? "float" : "int";
    if (k == bit(JsonKind::String)) return "string";
    if (k == bit(JsonKind::Bool)) return "bool";
    if (k == bit(JsonKind::Object)) return "object";
    return "mixed";
  };
  if (kinds == bit(JsonKind::Array)) {
    const std::string item = scalar(items);
    return item.empty() ? "" : "list of " + item;
  }
  if (kinds & bit(JsonKind::Array)) return "mixed";
  return scalar(kinds);
}

const char* kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::Null: return "null";
    case JsonKind::Bool: return "a bool";
    case JsonKind::Int: return "an int";
    case JsonKind::Float: return "a float";
    case JsonKind::String: return "a string";
    case JsonKind::Array: return "a list";
    case JsonKind::Object: return "an object";
  }
  return "a value";
}

struct Missing {
  std::int64_t count = 0;
  int first_line = 0;
};

class FileCheck : public FileResult {
 public:
  FileCheck(const std::string& path, const Settings& settings)
      : file_(std::make_shared<const std::string>(path)), settings_(settings) {}

  void run() {
    MappedFile& mapped = mapped_;
    if (!mapped.open(*file_, read_error)) {
      readable = false;
      return;
    }
    const std::string_view bytes = mapped.bytes();
    const char* begin = bytes.data();
    const char* end = begin + bytes.size();
    RecordReader probe(begin, end);
    if (!probe.skip_space()) return;  // empty: no records
    if (probe.peek() == '[') {
      read_array(begin, end);
    } else {
      read_lines(begin, end);
    }
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;  // rule and message -> finding

  /// One finding per rule and message, counted ("and N more like it"). Looked up by hash: a
  /// message may quote a record's value, so a file can hold as many messages as records; past
  /// kMaxDistinct, a rule's further messages count on its first one.
  Finding& find(std::string_view rule, int line, int column, bool warning, std::string message) {
    static constexpr std::size_t kMaxDistinct = 1000;
    std::string key = std::string(rule) + '\0' + message;
    if (const auto found = index_.find(key); found != index_.end()) {
      ++findings[found->second].more;
      return findings[found->second];
    }
    if (findings.size() >= kMaxDistinct) {
      for (Finding& f : findings) {
        if (f.rule == rule) {
          ++f.more;
          return f;
        }
      }
    }
    index_.emplace(std::move(key), findings.size());
    Finding& f = findings.emplace_back();
    f.rule = std::string(rule);
    f.warning = warning;
    f.loc = SourceLoc{file_, line, column};
    f.message = std::move(message);
    return f;
  }
  void problem(std::string_view rule, int line, int column, std::string message) {
    find(rule, line, column, false, std::move(message));
  }
  void caution(std::string_view rule, int line, int column, std::string message) {
    find(rule, line, column, true, std::move(message));
  }

  void read_lines(const char* begin, const char* end) {
    Record record;
    std::string error;
    const char* p = begin;
    const char* released = begin;
    int line = 0;
    std::int64_t checked = 0;
    while (p < end) {
      ++line;
      const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      const char* line_end = newline ? static_cast<const char*>(newline) : end;
      RecordReader reader(p, line_end);
      if (reader.skip_space()) {
        if (settings_.sample && checked >= static_cast<std::int64_t>(settings_.sample)) {
          ++records;  // counted, not checked
        } else if (!reader.read_record(record, error)) {
          if (line == 1 && whole_object(begin, end)) return;
          broken = true;
          problem("FD05", line, reader.column(), fmt::format("not a JSON record: {}", error));
        } else if (reader.skip_space(), !reader.at_end()) {
          broken = true;
          problem("FD05", line, reader.column(), "extra text after the record on this line");
        } else {
          record.line = line;
          ++checked;
          check(record);
        }
      }
      p = newline ? line_end + 1 : end;
      if (p - released >= kReleaseBytes) {
        mapped_.release(p);
        released = p;
      }
    }
  }

  /// A .json holding one object written over several lines: neither records nor a list.
  bool whole_object(const char* begin, const char* end) {
    RecordReader reader(begin, end);
    Record record;
    std::string error;
    if (!reader.read_record(record, error) || reader.skip_space()) return false;
    problem("FD29", 1, 1,
            "the file holds one JSON object over several lines, not one record per line nor a "
            "list of records");
    findings.back().notes.push_back(
        "datasets reads such a file as one table of its keys; write one record per line");
    broken = true;
    return true;
  }

  void read_array(const char* begin, const char* end) {
    RecordReader reader(begin, end);
    reader.skip_space();
    reader.advance();
    Record record;
    std::string error;
    if (reader.skip_space() && reader.peek() == ']') {
      reader.advance();
    } else {
      while (true) {
        if (!reader.read_record(record, error)) {
          broken = true;
          problem("FD05", reader.line(), reader.column(),
                  fmt::format("not a JSON record: {}", error));
          return;
        }
        if (!settings_.sample || records < static_cast<std::int64_t>(settings_.sample)) {
          check(record);
        } else {
          ++records;
        }
        if (!reader.skip_space()) break;
        if (reader.peek() == ',') {
          reader.advance();
          continue;
        }
        if (reader.peek() == ']') {
          reader.advance();
          break;
        }
        broken = true;
        problem("FD05", reader.line(), reader.column(),
                "expected ',' or ']' in the list of records");
        return;
      }
    }
    if (reader.skip_space()) {
      broken = true;
      problem("FD05", reader.line(), reader.column(), "extra text after the list of records");
    }
  }

  void note_column(const RecordField& field, int line) {
    Column* found = nullptr;
    for (Column& c : columns)
      if (c.key == field.key) found = &c;
    if (!found) {
      found = &columns.emplace_back();
      found->key = std::string(field.key);
      found->first_line = line;
    }
    if (field.kind == JsonKind::Null) return;
    found->kinds |= bit(field.kind);
    found->items |= field.item_kinds;
    ++found->present;
  }

  void missing(std::string_view key, int line) {
    Missing& m = missing_[std::string(key)];
    if (m.count++ == 0) m.first_line = line;
  }

  /// `key` must be a list of strings; returns its length (or -1 when it is not a list).
  std::int64_t passages(const Record& record, std::string_view key) {
    const RecordField* f = record.find(key);
    if (!f || f->kind == JsonKind::Null) {
      missing(key, record.line);
      return -1;
    }
    if (f->kind != JsonKind::Array) {
      problem("FD07", record.line, f->column,
              fmt::format("'{}' must be a list of strings, got {}", key, kind_name(f->kind)));
      return -1;
    }
    if (f->item_kinds & ~bit(JsonKind::String)) {
      problem("FD12", record.line, f->column,
              fmt::format("every item of '{}' must be a string", key));
    }
    return static_cast<std::int64_t>(f->items);
  }

  void scores(const Record& record, std::string_view key, std::int64_t count) {
    const RecordField* f = record.find(key);
    if (!f || f->kind == JsonKind::Null) {
      if (!settings_.same_dataset) missing(key, record.line);
      return;
    }
    if (f->kind != JsonKind::Array || (f->item_kinds & ~kNumbers)) {
      problem("FD15", record.line, f->column, fmt::format("'{}' must be a list of numbers", key));
      return;
    }
    if (count >= 0 && static_cast<std::int64_t>(f->items) < count) {
      problem("FD14", record.line, f->column,
              fmt::format("'{}' has fewer scores than '{}' has passages", key, key.substr(0, 3)));
    }
  }

  std::int64_t group_for_file() const {
    if (settings_.same_dataset && has_type) {
      if (first_type == "only_1neg") return 2;
      if (first_type == "symmetric_class") return 0;  // the negatives decide
      return settings_.group;
    }
    if (settings_.same_dataset && group_size && *group_size > 0) return *group_size;
    return settings_.group;
  }

  void check(const Record& record) {
    ++records;
    for (const RecordField& field : record.fields) note_column(field, record.line);
    const RecordField* type = record.find("type");
    if (records == 1) {
      if (type && type->kind == JsonKind::String) {
        has_type = true;
        first_type = std::string(type->text);
      }
      if (const auto* b = record.find("batch_size"); b && b->kind == JsonKind::Int)
        batch_size = b->integer;
      if (const auto* g = record.find("train_group_size"); g && g->kind == JsonKind::Int)
        group_size = g->integer;
    }
    const RecordField* query = record.find("query");
    if (!query || query->kind == JsonKind::Null) {
      missing("query", record.line);
    } else if (query->kind != JsonKind::String) {
      problem("FD11", record.line, query->column,
              fmt::format("'query' must be a string, got {}", kind_name(query->kind)));
    }
    const std::int64_t pos = passages(record, "pos");
    const std::int64_t neg = passages(record, "neg");
    if (pos == 0) {
      problem("FD08", record.line, record.find("pos")->column, "'pos' is an empty list");
    }
    const std::int64_t group = group_for_file();
    if (neg == 0 && group > 1) {
      problem("FD09", record.line, record.find("neg")->column,
              fmt::format("'neg' is empty but the group size is {}: division by zero while "
                          "sampling negatives",
                          group));
    } else if (neg > 0 && neg < group - 1) {
      caution("FD10", record.line, record.find("neg")->column,
              fmt::format("fewer negatives than the group size - 1 ({}): negatives repeat in "
                          "the group",
                          group - 1));
    }
    if (settings_.distill) {
      scores(record, "pos_scores", pos);
      scores(record, "neg_scores", neg);
    }
    if (settings_.same_dataset && has_type && type && type->kind == JsonKind::String &&
        type->text != first_type) {
      problem("FD18", record.line, type->column,
              fmt::format("'type' is \"{}\" but the file's first record says \"{}\": a batch "
                          "of mixed types fails",
                          type->text, first_type));
    }
    if (settings_.icl && type && type->text == "symmetric_clustering" && !record.find("category")) {
      problem("FD28", record.line, type->column,
              "a 'symmetric_clustering' record needs a 'category'");
    }
  }

 public:
  /// After the records: keys missing everywhere or in some records.
  void finish() {
    for (const auto& [key, m] : missing_) {
      const bool score = key.ends_with("_scores");
      if (m.count == records && records > 0) {
        if (score) {
          problem("FD13", 1, 1,
                  fmt::format("knowledge distillation needs 'pos_scores' and 'neg_scores', and "
                              "no record has '{}'",
                              key));
        } else {
          problem("FD06", 1, 1, fmt::format("no record has '{}'", key));
        }
      } else {
        Finding& f = find("FD31", m.first_line, 1, false,
                          fmt::format("the record has no '{}' (or it is null)", key));
        f.more = m.count - 1;
      }
    }
  }

 private:
  static constexpr std::ptrdiff_t kReleaseBytes = std::ptrdiff_t{64} << 20;
  MappedFile mapped_;
  std::shared_ptr<const std::string> file_;
  Settings settings_;
  std::map<std::string, Missing> missing_;
};

}  // namespace

const Column* FileResult::column(std::string_view key) const {
  for (const Column& c : columns)
    if (c.key == key) return &c;
  return nullptr;
}

std::string column_type(std::uint8_t kinds, std::uint8_t items) {
  return column_type_of(kinds, items);
}

FileResult check_file(const std::string& path, const Settings& settings) {
  FileCheck check(path, settings);
  check.run();
  if (check.readable) check.finish();
  return std::move(static_cast<FileResult&>(check));
}

}  // namespace expcfg::preflight_checks
