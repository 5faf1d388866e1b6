#pragma once
/// The run record `<output_dir>/expcfg/` (node 0; `expcfg-node-<rank>/` for the others of a
/// multi-node run): what a run used, written next to what it produced, and checked later by
/// `expcfg verify`.
///
///   resolved.yaml  origins.yaml  command.txt  layers.sha256   (credentials as <redacted>)
///   run.json       where, when, by what and from which layers the run started
///   record.sha256  the SHA-256 of each file above, in `sha256sum -c` form

#include <functional>
#include <string>
#include <vector>

#include "expcfg/resolve.hpp"

namespace expcfg {

/// (Writing: write_run_record in run/launch.hpp.)

/// `argv` with the value of every `--set` that carries a credential replaced by `<redacted>`
/// (inside a `launch.env` mapping, only the credential variables).
std::vector<std::string> redact_arguments(const std::vector<std::string>& argv);

/// The record folder of node `node_rank` under `output_dir`: `expcfg` for node 0, else
/// `expcfg-node-<rank>`, so that nodes sharing a file system never replace each other's.
std::string record_folder_name(std::int64_t node_rank);

/// Resolves a recorded invocation again (a record's argv), as the command it names would.
using ReplayInvocation = std::function<ResolvedConfig(
    const std::vector<std::string>& argv, const ResolveOptions& options, Diagnostics& diagnostics)>;

/// The record folders of a run folder: `path` itself when it holds run.json, else its
/// `expcfg/` and `expcfg-node-*/` records, in node order. Empty when there is none.
std::vector<std::string> find_run_records(const std::string& path);

/// Checks one record folder: its files against record.sha256, each layer against its recorded
/// SHA-256, and resolved.yaml against what the recorded invocation resolves to now (replayed
/// in the recorded folder, with the recorded start time and git state). Every mismatch is an
/// error in `diagnostics`; `summary` says what was checked.
void verify_run_record(const std::string& folder, const ReplayInvocation& replay,
                       Diagnostics& diagnostics, std::string& summary);

}  // namespace expcfg
