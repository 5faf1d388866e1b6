#pragma once
// One data file's records held against what FlagEmbedding's datasets do with them: the
// per-record rules (FD05-FD15, FD18, FD28, FD29, FD31) and what the cross-file rules need
// (columns and their types, the first record's type and batch size, the count).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/diagnostics.hpp"

namespace expcfg::preflight_checks {

/// One problem found in a file: the first place is reported, later ones counted.
struct Finding {
  std::string rule;
  bool warning = false;
  SourceLoc loc;
  std::string message;
  std::vector<std::string> notes;
  std::int64_t more = 0;
};

/// A top-level key of the file's records, and the kinds of values it held.
struct Column {
  std::string key;
  std::uint8_t kinds = 0;  ///< bits of JsonKind (records.hpp), null excluded
  std::uint8_t items = 0;  ///< for lists: bits of their items' kinds
  std::int64_t present = 0;
  int first_line = 0;
};

/// What the runner will do with the records.
struct Settings {
  bool distill = false;
  bool same_dataset = false;
  bool icl = false;
  bool reranker = false;
  std::int64_t group = 1;  ///< data.train_group_size
  std::size_t sample = 0;  ///< records checked per file (0: all)
};

struct FileResult {
  std::vector<Finding> findings;
  std::vector<Column> columns;
  std::int64_t records = 0;  ///< every record, checked or only counted
  bool readable = true;
  bool broken = false;  ///< some record is not JSON: datasets refuses the file
  std::string read_error;
  std::string first_type;  ///< the first record's `type`
  bool has_type = false;
  std::optional<std::int64_t> batch_size;  ///< the first record's `batch_size`
  std::optional<std::int64_t> group_size;  ///< the first record's `train_group_size`

  const Column* column(std::string_view key) const;
};

/// Reads the file once (mapped) and checks every record (or the first `settings.sample`).
FileResult check_file(const std::string& path, const Settings& settings);

/// A column's type as datasets infers it for one file ("list of float"; ints and floats
/// together are floats), "mixed" for values it cannot hold in one column, "" when only null.
std::string column_type(std::uint8_t kinds, std::uint8_t items);

}  // namespace expcfg::preflight_checks
