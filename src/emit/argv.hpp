#pragma once
/// How HfArgumentParser reads each field (to_argv itself is declared in expcfg/emit.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "expcfg/emit.hpp"
#include "expcfg/schema.hpp"

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

/// Whether argparse takes `word` for an option: it starts with '-' and is not a number by
/// argparse's own test (`^-\d+$|^-\d*\.\d+$`, so "-1e-05" reads as an option).
bool argparse_reads_as_option(std::string_view word);

}  // namespace expcfg
