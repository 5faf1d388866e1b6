#pragma once
// What every preflight check shares: the configuration, typed reads of its fields, the world
// size, and messages tagged with their rule id.

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/diagnostics.hpp"
#include "expcfg/resolve.hpp"
#include "expcfg/value.hpp"

namespace expcfg {
struct PreflightOptions;  // preflight.hpp: the options of the caller
}  // namespace expcfg

namespace expcfg::preflight_checks {

/// One data file as FlagEmbedding reads it, with what the data checks learnt.
struct DataFile {
  std::string path;
  std::size_t entry = 0;   ///< index in data.train_data
  bool in_folder = false;  ///< found by listing a train_data folder
  bool no_in_batch_neg = false;
  std::int64_t records = 0;  ///< after max_example_num_per_dataset
  std::int64_t batch = 0;    ///< same-dataset mode: records per process in one batch
  bool symmetric = false;
};

/// What the data checks hand to the DeepSpeed checks (total steps).
struct DataSummary {
  bool complete = false;  ///< every file read and counted
  std::vector<DataFile> files;
  std::int64_t records = 0;
  /// Same-dataset mode: batches each process gets in an epoch.
  std::int64_t same_dataset_batches = 0;
};

class Context {
 public:
  Context(const ResolvedConfig& config, const PreflightOptions& options, Diagnostics& diagnostics);

  const ResolvedConfig& config;
  const PreflightOptions& options;
  Diagnostics& diagnostics;
  std::int64_t world_size = 1;

  /// The runner's name: "embedder.encoder_only.base".
  std::string_view runner() const;
  bool is_reranker() const { return runner().starts_with("reranker."); }
  bool is_decoder_embedder() const { return runner().starts_with("embedder.decoder_only."); }

  const Value* value(std::string_view key) const;
  bool has(std::string_view key) const { return value(key) != nullptr; }
  /// The field's value when it has that type (an int field read as double converts).
  bool flag(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;
  const std::string* text(std::string_view key) const;
  bool is_null(std::string_view key) const;
  /// Whether the field holds its default value (no layer changed it).
  bool is_default(std::string_view key) const;
  const Origin& origin(std::string_view key) const;
  /// "'key' was set here" at its origin, or "'key' has its default value".
  Note where(std::string_view key) const;

  template <class... Args>
  Diagnostic& error(std::string_view rule, const Origin& origin, fmt::format_string<Args...> format,
                    Args&&... args) {
    return tagged(diagnostics.error(origin, format, std::forward<Args>(args)...), rule);
  }
  template <class... Args>
  Diagnostic& warning(std::string_view rule, const Origin& origin,
                      fmt::format_string<Args...> format, Args&&... args) {
    return tagged(diagnostics.warning(origin, format, std::forward<Args>(args)...), rule);
  }

 private:
  static Diagnostic& tagged(Diagnostic& diagnostic, std::string_view rule);
};

/// Adds a plain note.
void note(Diagnostic& diagnostic, std::string text);

/// The checks, one file each.
void check_training_rules(Context& context);
void check_paths(Context& context);
DataSummary check_data(Context& context);
Json check_deepspeed(Context& context, const DataSummary& data);

/// A value's text for messages: 1e-05, true, "auto", [0.9, 0.999].
std::string show(const Json& value);

/// a x b, held at the int64 limit instead of overflowing: config values and record fields may
/// be anything, and a count past the limit is as wrong as the limit itself.
std::int64_t product(std::int64_t a, std::int64_t b);
/// A double as a count (a step number), NaN as 0 and past the int64 range held at its limit.
std::int64_t to_count(double value);

}  // namespace expcfg::preflight_checks

namespace expcfg::preflight_checks {

/// The `config.json` of a local `model.model_name_or_path` folder, when there is one.
std::optional<Json> local_model_config(const Context& context);

}  // namespace expcfg::preflight_checks
