// `expcfg diff`: what differs between two resolved experiments. Exit status like diff(1):
// 0 no differences, 1 differences, 2 trouble.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "commands.hpp"
#include "expcfg/diff.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct DiffCommand {
  std::vector<std::string> sides;  // LEFT RIGHT
  std::vector<std::string> left;   // --left, repeatable
  std::vector<std::string> right;  // --right, repeatable
  OverrideOptions overrides;
  std::string format = "text";
  bool show_origin = false;
  bool show_secrets = false;
  std::string color = "auto";
};

/// A run folder (<output_dir>, or its expcfg/ record) stands for the resolved.yaml recorded
/// there; any other path is a layer file.
std::string side_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code code;
  if (!fs::is_directory(path, code)) return path;
  for (const fs::path& record :
       {fs::path(path) / "expcfg" / "resolved.yaml", fs::path(path) / "resolved.yaml"}) {
    if (fs::is_regular_file(record, code)) return record.string();
  }
  return path;  // reading it reports "is a directory"
}

std::vector<std::string> side_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) files.push_back(side_file(path));
  return files;
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  // https://no-color.org: a set, non-empty NO_COLOR turns automatic colour off.
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

int run_diff(const CLI::App& command, const DiffCommand& options) {
  Diagnostics diagnostics;
  const bool stacks = !options.left.empty() || !options.right.empty();
  if (stacks ? (!options.sides.empty() || options.left.empty() || options.right.empty())
             : options.sides.size() != 2) {
    diagnostics.usage_error(Origin::none(),
                            "expected two files (LEFT RIGHT), or --left FILE... and --right "
                            "FILE...");
    return report(diagnostics);
  }
  auto overrides = options.overrides.entries(command, diagnostics);
  if (!overrides) return report(diagnostics);
  const auto left_files = side_files(stacks ? options.left : std::vector{options.sides[0]});
  const auto right_files = side_files(stacks ? options.right : std::vector{options.sides[1]});
  // A dump or run record holds `<redacted>` for its credentials: comparable, not runnable.
  ResolveOptions resolve_options;
  resolve_options.accept_redacted = true;
  resolve_options.config_dirs = options.overrides.config_dirs();
  const ResolvedConfig left =
      load_config(left_files, *overrides, disk_file_system(), diagnostics, resolve_options);
  Diagnostics right_diagnostics;
  const ResolvedConfig right =
      load_config(right_files, *overrides, disk_file_system(), right_diagnostics, resolve_options);
  // A bad --set (or a file both sides share) would otherwise be reported twice.
  diagnostics.append_new(right_diagnostics);
  if (!diagnostics.empty()) {
    report(diagnostics);
    return 2;  // diff(1): trouble, whatever kind
  }
  const auto differences = diff(left, right, {.redact_secrets = !options.show_secrets});
  if (options.format == "json") {
    fmt::print("{}", render_diff_json(differences));
  } else {
    fmt::print("{}",
               render_diff_text(differences, {options.show_origin, use_color(options.color)}));
  }
  return differences.empty() ? 0 : 1;
}

}  // namespace

std::function<int()> add_diff_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "diff", "Show the fields whose resolved values differ between two configurations");
  auto options = std::make_shared<DiffCommand>();
  command
      ->add_option("sides", options->sides,
                   "LEFT RIGHT: layer files, earlier dumps, or run folders (<output_dir>)")
      ->type_name("FILE");
  command->add_option("--left", options->left, "A layer of the left side (repeatable, in order)")
      ->allow_extra_args(false)
      ->type_name("FILE");
  command->add_option("--right", options->right, "A layer of the right side (repeatable)")
      ->allow_extra_args(false)
      ->type_name("FILE");
  options->overrides.add_to(*command);
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  command->add_flag("--show-origin", options->show_origin,
                    "Show where each side's value came from");
  add_show_secrets_flag(*command, options->show_secrets);
  command
      ->add_option("--color", options->color,
                   "Colour the values: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  return [command, options] { return run_diff(*command, *options); };
}

}  // namespace expcfg::cli
