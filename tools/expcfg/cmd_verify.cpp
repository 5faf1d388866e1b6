// `expcfg verify RUN_DIR`: a run folder against its record. Exit status: 0 it matches, 1 it
// does not, 2 usage or I/O error (no such folder, no record in it).

#include <fmt/format.h>

#include <filesystem>

#include "commands.hpp"
#include "run/run_record.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

int run_verify(const std::string& run_dir) {
  Diagnostics diagnostics;
  std::error_code code;
  if (!std::filesystem::is_directory(run_dir, code)) {
    diagnostics.usage_error(Origin::none(), "'{}' is not a folder", run_dir)
        .notes.push_back(Note{Origin::none(), "give a run folder (<output_dir>) or its record"});
    return report(diagnostics);
  }
  const auto records = find_run_records(run_dir);
  if (records.empty()) {
    diagnostics.usage_error(Origin::none(), "'{}' holds no run record", run_dir)
        .notes.push_back(Note{Origin::none(),
                              "expcfg launch --exec writes one in <output_dir>/expcfg/ (with "
                              "run.json); give <output_dir> or that folder"});
    return report(diagnostics);
  }
  std::vector<std::string> summaries;
  for (const auto& record : records) {
    std::string summary;
    verify_run_record(record, replay_launch, diagnostics, summary);
    summaries.push_back(std::move(summary));
  }
  if (diagnostics.has_errors()) {
    // A mismatch is a finding, not a usage error: status 1 whatever the replay said.
    report(diagnostics);
    return 1;
  }
  report(diagnostics);  // warnings
  for (const auto& summary : summaries) fmt::print("ok: {}\n", summary);
  return 0;
}

}  // namespace

std::function<int()> add_verify_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "verify",
      "Check a run folder against its record: record files unmodified, layers unchanged "
      "(SHA-256), resolved.yaml what the recorded invocation resolves to now; exit 1 on a "
      "mismatch");
  auto run_dir = std::make_shared<std::string>();
  command
      ->add_option("run_dir", *run_dir,
                   "The run folder (<output_dir>: every node's record in it) or one record "
                   "folder (<output_dir>/expcfg)")
      ->required()
      ->type_name("RUN_DIR");
  return [run_dir] { return run_verify(*run_dir); };
}

}  // namespace expcfg::cli
