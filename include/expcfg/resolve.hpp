#pragma once
/// Merging layers into one typed configuration, and validating it.
///
///   schema defaults <- layer 1 <- layer 2 <- ... <- --set/--unset    (later wins)
///
/// A value replaces the earlier one whole (lists included); `field+:` appends to the list the
/// earlier layers built; a mapping (`launch.env`, an inline `deepspeed`) updates the earlier
/// one key by key unless written `field!:`; `--unset` returns a field to its default.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "expcfg/arguments.hpp"
#include "expcfg/diagnostics.hpp"
#include "expcfg/layer.hpp"
#include "expcfg/schema.hpp"
#include "expcfg/versions.hpp"

namespace expcfg {

/// The start time and git state of a run (src/resolve/run_values.hpp).
class RunValues;

/// One accepted assignment of a field by some layer.
struct Write {
  std::size_t field;  ///< index into runner->fields
  Op op;
  Origin origin;
  /// The write updated a mapping that earlier writes built (some keys, or one key) instead
  /// of replacing it: origins name every part, as for an append.
  bool merged = false;
};

/// A value written with `${...}` references: as written, and where each reference's value
/// came from ("${training.learning_rate} from base.yaml:9", "${env:HOME} from the
/// environment").
struct Interpolation {
  Value written;
  std::vector<std::string> sources;
  /// Set by redact_secrets for a credential written as `${env:NAME}`: outputs show that
  /// reference, which hides nothing and reads back.
  bool shown_as_written = false;
  /// The value reads a credential (`${model.token}`, `${env:HF_TOKEN}`): it is one too.
  bool from_secret = false;
  /// The value reads a run-time value (`${now:...}`, `${git:...}`, or a field that does):
  /// the config hash takes `written` instead.
  bool run_time = false;
};

/// The effective configuration: one value per field of the runner, and every write that made
/// it, in merge order (the history that --show-origin, diff and explain read).
struct ResolvedConfig {
  static constexpr std::size_t kNoWrite = static_cast<std::size_t>(-1);

  const RunnerSchema* runner = &default_runner();
  Origin runner_origin;
  std::vector<Value> values;  ///< parallel to runner->fields
  std::vector<Write> writes;  ///< in merge order
  /// Per field, the index in `writes` of its last write, or kNoWrite for a default.
  std::vector<std::size_t> last_write;
  /// The fields whose value was interpolated, by index (`dump --no-resolve` shows `written`).
  std::map<std::size_t, Interpolation> interpolations;
  /// The keys that `${...}` references read ("training.output_dir"), kept even when the field
  /// that read one is gone (`logging_dir` moves into `launch.env` on transformers 5): a caller
  /// that changes a resolved value must resolve again when another value was made from it.
  std::set<std::string> referenced;
  /// The files merged, in order, with the SHA-256 of their bytes (for run records).
  std::vector<std::pair<std::string, std::string>> layer_files;
  /// The FlagEmbedding the run targets (the transformers release is `runner->transformers`).
  FlagEmbeddingTarget flagembedding;
  /// Fields whose value was translated from how a layer wrote it, by index: "written as
  /// warmup_steps: 0.1", "auto: python3 has 4.57.6" (shown by --show-origin).
  std::map<std::size_t, std::string> translations;
  /// Values the target holds under another name, or drops, by the key a layer wrote them under
  /// ("training.warmup_steps": 0.1, which 4.x holds as warmup_ratio): sweeps name runs by them.
  std::map<std::string, Value> written_as;

  /// Where field `field`'s value came from (a default origin when no layer wrote it).
  const Origin& origin(std::size_t field) const;
  /// "a.yaml:3"; for a list built with `+`, every part: "base.yaml:8 + debug.yaml:5"; for an
  /// interpolated value, also its references' sources: "a.yaml:3, ${env:USER} from the
  /// environment"; for a translated one, how it was written: "a.yaml:3 (written as
  /// warmup_steps: 0.1)".
  std::string origin_label(std::size_t field) const;

  /// The layer files the configuration was read from (what outputs must not overwrite).
  std::vector<std::string> input_files() const;

  /// What outputs show for `field`: its value, or the value as written (with its `${...}`)
  /// when `resolved` is false or the field is a credential shown as its reference
  /// (`as_written` says which).
  const Value& shown_value(std::size_t field, bool resolved, bool& as_written) const;

  /// Index of "section.field" (or a bare field name) in values.
  std::optional<std::size_t> index(std::string_view key) const;
  /// The value of "section.field" (or a bare field name); throws std::out_of_range if the
  /// runner has no such field.
  const Value& at(std::string_view key) const;
};

/// The field of `runner` that `entry` writes ("training.seed", or a bare "seed").
std::optional<std::size_t> find_field(const RunnerSchema& runner, const Entry& entry);

/// What an entry writes: a field, and for a key of a mapping field (`launch.env.HF_HOME`,
/// `training.deepspeed.zero_optimization.stage`) the keys inside it. A field whose own name
/// holds the dots is found first.
struct FieldTarget {
  std::size_t field;
  std::vector<std::string> keys;  ///< empty: the whole field
};
std::optional<FieldTarget> find_target(const RunnerSchema& runner, const Entry& entry);

struct ResolveOptions {
  /// Take a credential's `<redacted>` placeholder (from a dump or run record) as its value
  /// instead of reporting it: for comparing records, never for running.
  bool accept_redacted = false;
  /// Where `${env:NAME}` looks up NAME (nullopt: not set); the process environment when empty.
  std::function<std::optional<std::string>(const std::string&)> environment;
  /// Whether `launch.transformers: auto` (and flagembedding) may start a Python to ask what is
  /// installed; when false, `auto` is an error (for callers that must not start processes).
  bool run_python = true;
  /// `--config-dir`: folders searched first for config group options (`model=bge-m3`, `use:`).
  std::vector<std::string> config_dirs;
  /// What `${now:...}` and `${git:...}` read; null: this process's (read once, shared by every
  /// resolution). `expcfg verify` passes a record's.
  RunValues* run_values = nullptr;
};

/// Merges `layers` in order over the runner's defaults, resolves `${...}` references, moves the
/// result onto the fields of the transformers release it targets (`launch.transformers`) and
/// validates it. Every
/// problem is appended to `diagnostics`; the result is meaningful only when none was.
ResolvedConfig resolve(const std::vector<Layer>& layers, Diagnostics& diagnostics,
                       const ResolveOptions& options = {});

/// The merge and interpolation: typed values and their history, without the checks on the
/// whole (`written[i]`: some layer set field i, even to a value that was then rejected).
ResolvedConfig merge_layers(const std::vector<Layer>& layers, std::vector<bool>& written,
                            Diagnostics& diagnostics, const ResolveOptions& options = {});

/// One stack of layers resolved many times, each time with another last layer (a sweep's
/// points, each its own `--set`s): the stack's entries are decoded and merged once, and each
/// resolve() applies only the last layer's over a copy of that merge, then interpolates,
/// retargets and validates. resolve(last) returns what `resolve(stack + {last})` returns, with
/// the same diagnostics in the same order (a last layer that names another runner is merged
/// with the stack again).
class StackResolver {
 public:
  explicit StackResolver(std::vector<Layer> stack, ResolveOptions options = {});
  ResolvedConfig resolve(const Layer& last, Diagnostics& diagnostics) const;

 private:
  std::vector<Layer> stack_;
  ResolveOptions options_;
  ResolvedConfig merged_;       ///< the stack merged, before interpolation
  std::vector<bool> written_;   ///< merge_layers' `written` for the stack
  Diagnostics stack_problems_;  ///< what merging the stack reported, repeated per resolve
};

/// Reports required fields that no layer wrote (`written[i]`: some layer set field i, even
/// to a value that was then rejected) or that a layer set to None.
void check_required(const ResolvedConfig& config, const std::vector<bool>& written,
                    Diagnostics& diagnostics);

/// Checks that need the whole merged configuration: fp16 with bf16, and the other
/// combinations TrainingArguments rejects at start-up.
void validate(const ResolvedConfig& config, Diagnostics& diagnostics);

/// Warnings about the releases a valid configuration targets, for `check` and `launch`: a
/// FlagEmbedding that cannot train on its transformers (1.4.0 and earlier with 5.x), a
/// transformers newer than expcfg knows, attributes FlagEmbedding reads that the release lacks.
void warn_about_targets(const ResolvedConfig& config, Diagnostics& diagnostics);

/// The typed argument structs of a runner, e.g. `to_arguments<EmbedderEncoderOnlyBase>(c)`
/// (defined for the seven runner structs of arguments.hpp). Throws std::invalid_argument when
/// `config` was resolved for another runner.
template <class Runner>
Runner to_arguments(const ResolvedConfig& config);

/// The `launch` section as its struct: what the run stages (launch commands, sweeps, job
/// scripts) read instead of looking values up by key. After resolve every value has its field's
/// type: one that failed to convert was reported at its origin and left at its default.
LaunchArguments launch_arguments(const ResolvedConfig& config);

/// The fields of transformers' TrainingArguments, which every runner's training struct
/// extends: what the validators compare. A field the target release lacks keeps its default.
TrainingArguments training_arguments(const ResolvedConfig& config);

/// `training.output_dir` as the run will see it; nullopt when it is None or empty.
std::optional<std::string> output_dir(const ResolvedConfig& config);

/// The whole pipeline in one call, as the command line uses it:
///
///   Diagnostics problems;
///   auto overrides = ...;  // parse_set / parse_unset, in command-line order
///   ResolvedConfig config = load_config({"configs/experiments/x.yaml"}, overrides,
///                                       disk_file_system(), problems);
///   if (!problems.has_errors()) fmt::print("{}", emit_yaml(config, {}));
///
/// Loads `files` (each after its `extends` chain), applies `overrides` last, resolves and
/// validates. The result is meaningful only when `diagnostics` holds no error.
ResolvedConfig load_config(const std::vector<std::string>& files, std::vector<Entry> overrides,
                           FileSystem& file_system, Diagnostics& diagnostics,
                           const ResolveOptions& options = {});

/// The configuration with every credential (`model.token`, `training.hub_token`, credential
/// variables in `launch.env`), and every value computed from one, replaced by `<redacted>`
/// (such a value is shown as written, with its `${...}`); origins are kept. Everything printed
/// for people goes through it; only what must reach the run carries the real values.
ResolvedConfig redact_secrets(ResolvedConfig config);

}  // namespace expcfg
