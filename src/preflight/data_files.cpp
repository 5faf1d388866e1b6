// Data checks: every train_data entry expanded the way FlagEmbedding's datasets do (a file,
// or the .json/.jsonl files directly in a folder), each record read once and held against
// what the runner will do with it (FD01-FD32 in docs/preflight.md).

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "preflight/context.hpp"
#include "preflight/disk.hpp"
#include "preflight/records.hpp"

namespace expcfg::preflight_checks {
namespace {

bool json_name(std::string_view name) {
  return name.ends_with(".json") || name.ends_with(".jsonl");
}

constexpr std::uint8_t kNumbers = bit(JsonKind::Int) | bit(JsonKind::Float);

/// A column's type as datasets infers it for one file: ints and floats together are floats.
std::string column_type(std::uint8_t kinds, std::uint8_t items) {
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

/// One problem found in a file: the first place is reported, later ones counted.
struct Finding {
  std::string rule;
  bool warning = false;
  SourceLoc loc;
  std::string message;
  std::vector<std::string> notes;
  std::int64_t more = 0;
};

struct Column {
  std::string key;
  std::uint8_t kinds = 0;
  std::uint8_t items = 0;
  std::int64_t present = 0;
  int first_line = 0;
};

struct Missing {
  std::int64_t count = 0;
  int first_line = 0;
};

struct Settings {
  bool distill = false;
  bool same_dataset = false;
  bool icl = false;
  bool reranker = false;
  std::int64_t group = 1;
  std::size_t sample = 0;
};

class FileCheck {
 public:
  FileCheck(const std::string& path, const Settings& settings)
      : file_(std::make_shared<const std::string>(path)), settings_(settings) {}

  std::vector<Finding> findings;
  std::vector<Column> columns;
  std::int64_t records = 0;
  bool readable = true;
  bool broken = false;
  std::string first_type;
  bool has_type = false;
  std::optional<std::int64_t> batch_size;
  std::optional<std::int64_t> group_size;
  std::string read_error;

  const Column* column(std::string_view key) const {
    for (const Column& c : columns)
      if (c.key == key) return &c;
    return nullptr;
  }

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
  Finding& find(std::string_view rule, int line, int column, bool warning, std::string message) {
    for (Finding& f : findings) {
      if (f.rule == rule && f.message == message) {
        ++f.more;
        return f;
      }
    }
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

void report(Context& context, const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    Diagnostic& d = f.warning ? context.warning(f.rule, Origin::file(f.loc), "{}", f.message)
                              : context.error(f.rule, Origin::file(f.loc), "{}", f.message);
    for (const std::string& n : f.notes) note(d, n);
    if (f.more > 0) note(d, fmt::format("and {} more like it in this file", f.more));
  }
}

}  // namespace

DataSummary check_data(Context& context) {
  DataSummary summary;
  const Value* value = context.value("data.train_data");
  const auto* entries = value ? std::get_if<StringList>(value) : nullptr;
  if (!entries) return summary;
  const Origin& origin = context.origin("data.train_data");
  const bool same_dataset = context.flag("data.same_dataset_within_batch");
  Settings settings;
  settings.distill = context.flag("data.knowledge_distillation");
  settings.same_dataset = same_dataset;
  settings.icl = context.runner() == "embedder.decoder_only.icl";
  settings.reranker = context.is_reranker();
  settings.group = context.integer("data.train_group_size").value_or(1);
  settings.sample = context.options.sample;
  const std::int64_t cap = context.integer("data.max_example_num_per_dataset").value_or(INT64_MAX);
  const std::int64_t per_device =
      context.integer("training.per_device_train_batch_size").value_or(1);
  const std::int64_t small_threshold = context.integer("data.small_threshold").value_or(0);
  const std::int64_t drop_threshold = context.integer("data.drop_threshold").value_or(0);

  // Sampling checks fewer records but still counts them all: the batch arithmetic holds.
  summary.complete = true;
  struct Checked {
    DataFile file;
    std::unique_ptr<FileCheck> check;
  };
  std::vector<Checked> checked;

  for (std::size_t i = 0; i < entries->size(); ++i) {
    const std::string& entry = (*entries)[i];
    std::string error;
    const PathKind kind = path_kind(entry, &error);
    // The no_in_batch_neg marker: a folder path ending so, or a file's name before its extension.
    const auto dot = entry.rfind('.');
    const std::string stem = dot == std::string::npos ? entry : entry.substr(0, dot);
    std::string trimmed = entry;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    if (!same_dataset &&
        (trimmed.ends_with("no_in_batch_neg") || stem.ends_with("no_in_batch_neg"))) {
      auto& w = context.warning("FD22", origin,
                                "'{}' is marked no_in_batch_neg, which only "
                                "'data.same_dataset_within_batch' reads: it trains with in-batch "
                                "negatives",
                                entry);
      w.notes.push_back(context.where("data.same_dataset_within_batch"));
    }
    if (same_dataset && kind == PathKind::Folder && trimmed != entry &&
        trimmed.ends_with("no_in_batch_neg")) {
      context.warning("FD23", origin,
                      "'{}' ends with '/': FlagEmbedding sees no no_in_batch_neg marker and "
                      "trains it with in-batch negatives",
                      entry);
    }
    if (kind == PathKind::Missing) {
      summary.complete = false;
      auto& e = context.error("FD01", origin, "data file or folder '{}' does not exist", entry);
      note(e, "paths are relative to the folder the run starts in (here, the current folder)");
      continue;
    }
    if (kind == PathKind::Other) {
      summary.complete = false;
      context.error("FD05", origin, "data path '{}' is not a regular file or folder", entry);
      continue;
    }
    if (kind == PathKind::File) {
      if (!json_name(entry)) {
        context.warning("FD02", origin,
                        "'{}' does not end in .json or .jsonl: FlagEmbedding skips it", entry);
        continue;
      }
      DataFile file;
      file.path = entry;
      file.entry = i;
      file.no_in_batch_neg = stem.ends_with("no_in_batch_neg");
      checked.push_back({file, nullptr});
      continue;
    }
    std::string list_error;
    const auto names = list_folder(entry, list_error);
    if (!names) {
      summary.complete = false;
      context.error("FD01", origin, "cannot list data folder '{}': {}", entry, list_error);
      continue;
    }
    std::vector<std::string> ignored;
    for (const std::string& name : *names) {
      const std::string path = entry + (entry.ends_with('/') ? "" : "/") + name;
      const PathKind child = path_kind(path);
      if (!json_name(name) || child == PathKind::Folder) {
        ignored.push_back(name + (child == PathKind::Folder ? "/" : ""));
        continue;
      }
      DataFile file;
      file.path = path;
      file.entry = i;
      file.in_folder = true;
      file.no_in_batch_neg = entry.ends_with("no_in_batch_neg");
      checked.push_back({file, nullptr});
    }
    if (!ignored.empty()) {
      std::string shown;
      for (std::size_t k = 0; k < ignored.size() && k < 5; ++k)
        shown += (k ? ", " : "") + ignored[k];
      if (ignored.size() > 5) shown += fmt::format(", ... ({} in all)", ignored.size());
      auto& w = context.warning("FD03", origin,
                                "FlagEmbedding reads only the .json and .jsonl files directly in "
                                "'{}' and ignores: {}",
                                entry, shown);
      note(w, "list subfolders as entries of 'data.train_data' to train on them");
    }
  }

  // Read every file; each reports its own problems.
  for (Checked& item : checked) {
    item.check = std::make_unique<FileCheck>(item.file.path, settings);
    item.check->run();
    if (!item.check->readable) {
      summary.complete = false;
      context.error("FD05", origin, "cannot read data file '{}': {}", item.file.path,
                    item.check->read_error);
      continue;
    }
    item.check->finish();
    report(context, item.check->findings);
    if (item.check->broken) summary.complete = false;
    item.file.records = std::min(item.check->records, cap);
  }

  // Across files: columns datasets cannot concatenate, a prompt some files lack.
  std::map<std::string, std::pair<std::string, const Checked*>> types;
  std::vector<const Checked*> without_prompt;
  bool any_prompt = false;
  for (const Checked& item : checked) {
    if (!item.check || !item.check->readable || item.check->records == 0) continue;
    for (const Column& c : item.check->columns) {
      if (!settings.distill && (c.key == "pos_scores" || c.key == "neg_scores")) continue;
      const std::string type = column_type(c.kinds, c.items);
      if (type.empty()) continue;
      // Mixed types in the keys the runner reads are already reported per record.
      const bool read_by_runner = c.key == "query" || c.key == "pos" || c.key == "neg" ||
                                  c.key == "pos_scores" || c.key == "neg_scores";
      if (type == "mixed" && read_by_runner) continue;
      if (type == "mixed") {
        context.error("FD16",
                      Origin::file(SourceLoc{std::make_shared<const std::string>(item.file.path),
                                             c.first_line, 1}),
                      "column '{}' holds values of different types in this file", c.key);
        continue;
      }
      auto [it, fresh] = types.try_emplace(c.key, type, &item);
      if (!fresh && it->second.first != type) {
        auto& e = context.error(
            "FD16",
            Origin::file(
                SourceLoc{std::make_shared<const std::string>(item.file.path), c.first_line, 1}),
            "column '{}' is {} here but {} in '{}': datasets cannot join the files", c.key, type,
            it->second.first, it->second.second->file.path);
        (void)e;
      }
    }
    if (item.check->column("prompt"))
      any_prompt = true;
    else
      without_prompt.push_back(&item);
  }
  if (any_prompt && !without_prompt.empty()) {
    auto& w = context.warning("FD17", origin,
                              "some data files have a 'prompt' column and '{}' has not: its "
                              "records get the prompt \"None\"",
                              without_prompt.front()->file.path);
    if (without_prompt.size() > 1) note(w, fmt::format("{} files lack it", without_prompt.size()));
  }

  // m3_kd_loss indexes in-batch columns that a no_in_batch_neg batch's scores do not have.
  const std::string* kd_loss = context.text("training.kd_loss_type");
  if (settings.distill && same_dataset && per_device > 1 && kd_loss && *kd_loss == "m3_kd_loss") {
    for (const Checked& item : checked) {
      if (!item.file.no_in_batch_neg || !item.check || !item.check->column("pos_scores")) continue;
      auto& e = context.error("FR19", context.origin("training.kd_loss_type"),
                              "'m3_kd_loss' with distillation scores in the no_in_batch_neg set "
                              "'{}': the loss indexes in-batch columns its scores lack (index out "
                              "of range)",
                              item.file.path);
      note(e, "use 'kl_div' for such sets, or drop their pos_scores/neg_scores");
      break;
    }
  }

  // Counting batches.
  std::int64_t total = 0;
  const bool drop_last = context.flag("training.dataloader_drop_last");
  const std::int64_t w = context.world_size;
  std::int64_t batches = 0;
  struct SmallGroup {
    std::int64_t records = 0;
    std::int64_t batch = 0;
    std::int64_t files = 0;
  };
  std::map<std::size_t, SmallGroup> small;
  // Same-dataset mode: whole batches of `batch` records on each of the w processes.
  auto file_batches = [&](const std::string& name, std::int64_t n, std::int64_t batch) {
    if (batch <= 0) return std::int64_t{0};
    if (n < batch * w) {
      context.warning("FD20", origin,
                      "'{}' has {} records, fewer than one batch of {} x {} processes: it is "
                      "never trained on",
                      name, n, batch, w);
      return std::int64_t{0};
    }
    return n / (batch * w);
  };
  for (Checked& item : checked) {
    if (!item.check || !item.check->readable) continue;
    FileCheck& check = *item.check;
    const std::int64_t n = item.file.records;
    if (n == 0) continue;
    total += n;
    if (!same_dataset) continue;
    std::int64_t batch = per_device;
    const bool symmetric =
        check.has_type && check.first_type.find("symmetric") != std::string::npos;
    if (check.batch_size) {
      batch = *check.batch_size;
    } else if (symmetric) {
      batch = per_device / 2;
      if (batch == 0) {
        context
            .error(
                "FD19",
                Origin::file(SourceLoc{std::make_shared<const std::string>(item.file.path), 1, 1}),
                "a '{}' file halves the batch size, and 'training.per_device_train_batch_size' "
                "is 1: range step of zero",
                check.first_type)
            .notes.push_back(context.where("training.per_device_train_batch_size"));
        continue;
      }
    }
    item.file.batch = batch;
    item.file.symmetric = symmetric;
    if (n < small_threshold) {
      if (item.file.in_folder) {
        // A folder's small files are merged, with their smallest batch, and the merge is
        // dropped when it holds fewer than drop_threshold records.
        SmallGroup& group = small[item.file.entry];
        group.records += n;
        group.batch = group.batch == 0 ? batch : std::min(group.batch, batch);
        group.files += 1;
      } else {
        context.warning("FD20", origin,
                        "'{}' has {} records, under 'data.small_threshold' ({}): it is never "
                        "trained on",
                        item.file.path, n, small_threshold);
      }
      continue;
    }
    batches += file_batches(item.file.path, n, batch);
  }
  for (const auto& [entry, group] : small) {
    const std::string& folder = (*entries)[entry];
    if (group.records < drop_threshold) {
      context.warning("FD20", origin,
                      "the {} files of '{}' under 'data.small_threshold' ({}) hold {} records "
                      "together, under 'data.drop_threshold' ({}): they are never trained on",
                      group.files, folder, small_threshold, group.records, drop_threshold);
    } else {
      batches += file_batches(folder + " (its small files merged)", group.records, group.batch);
    }
  }
  summary.same_dataset_batches = batches;
  summary.records = total;
  for (Checked& item : checked) summary.files.push_back(item.file);

  if (total == 0 && summary.complete && !checked.empty()) {
    if (checked.size() == 1) {
      context.error("FD30", origin, "the only data file, '{}', holds no records",
                    checked.front().file.path);
    } else {
      context.error("FD04", origin, "no data file yields a record");
    }
  } else if (total == 0 && checked.empty() && summary.complete) {
    context.error("FD04", origin, "no entry of 'data.train_data' names a .json or .jsonl file");
  } else if (summary.complete) {
    if (!same_dataset && drop_last && total < per_device * w) {
      context.warning("FD32", origin,
                      "{} records make no full batch of {} x {} processes with "
                      "'training.dataloader_drop_last': no training step",
                      total, per_device, w);
    } else if (same_dataset && batches == 0) {
      context.warning("FD32", origin, "no data file fills one batch: no training step");
    }
    if (context.is_reranker() && !drop_last && per_device > 0 && (total / w) % per_device != 0) {
      context.warning("FD27", origin,
                      "{} records per process are not a multiple of "
                      "'training.per_device_train_batch_size' ({}): the last batch of each epoch "
                      "breaks the reranker's score reshape",
                      total / w, per_device);
    }
  }
  if (same_dataset && !context.is_reranker() &&
      context.is_null("data.query_instruction_for_retrieval")) {
    for (const Checked& item : checked) {
      if (item.check && item.check->readable && item.check->records > 0 &&
          !item.check->column("prompt")) {
        context.warning("FD21", origin,
                        "'{}' has no 'prompt' and 'data.query_instruction_for_retrieval' is "
                        "unset: its queries are prefixed with \"None\"",
                        item.file.path);
      }
    }
  }
  return summary;
}

}  // namespace expcfg::preflight_checks
