#pragma once
/// The resolved configuration as the command line of FlagEmbedding's runner module, written
/// so that `HfArgumentParser(...).parse_args_into_dataclasses()` reads back the same values.
///
///   training.fp16: true             -> --fp16 True
///   data.train_data: [a.jsonl, b/]  -> --train_data a.jsonl b/
///   training.deepspeed: {stage: 2}  -> --deepspeed '{"stage":2}'

#include <string>
#include <string_view>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// How argparse takes a field, derived from its declaration (the conformance test holds this
/// against the parser HfArgumentParser builds).
enum class CliForm {
  Bool,        ///< `--name True|False` (string_to_bool)
  BoolWord,    ///< string_to_bool on a `str | bool` field: only bools can be written
  One,         ///< `--name VALUE`
  Several,     ///< `--name V1 V2 ...` (nargs='+')
  JsonValue,   ///< `--name PATH` or `--name '{"compact": "json"}'`
  Impossible,  ///< argparse cannot take it at all (type=dict, a class)
};
CliForm cli_form(const FieldSpec& field);

struct ArgvOptions {
  /// Every field that can be written, not only those that differ from their defaults.
  bool all = false;
};

/// `--name value ...` for the fields that differ from their defaults (or all of them), in
/// declaration order. A value a command line cannot express (None where the default is not
/// None, an empty list, a field argparse cannot take) is reported at its origin.
std::vector<std::string> to_argv(const ResolvedConfig& config, const ArgvOptions& options,
                                 Diagnostics& diagnostics);

/// Whether argparse takes `word` for an option: it starts with '-' and is not a number by
/// argparse's own test (`^-\d+$|^-\d*\.\d+$`, so "-1e-05" reads as an option).
bool argparse_reads_as_option(std::string_view word);

/// The word quoted for bash: as-is when it holds only safe characters, else in single quotes.
std::string shell_quote(std::string_view word);
/// The words quoted and joined by spaces: one line to paste into bash.
std::string shell_join(const std::vector<std::string>& words);

}  // namespace expcfg
