#include "stack_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/output.hpp"

namespace expcfg::cli {

void OverrideOptions::add_to(CLI::App& command) {
  // One value per flag, so that a file after `--set k=v` stays a file.
  set_option_ = command
                    .add_option("--set", sets_,
                                "Override a field: KEY=VALUE, KEY+=[...] (append to a list), "
                                "KEY!={...} (replace a mapping whole), or one key of a mapping: "
                                "launch.env.NAME=VALUE")
                    ->allow_extra_args(false)
                    ->type_name("KEY=VALUE");
  unset_option_ = command
                      .add_option("--unset", unsets_,
                                  "Return a field to its default, or remove one key of a mapping "
                                  "(launch.env.NAME)")
                      ->allow_extra_args(false)
                      ->type_name("KEY");
  command
      .add_option("--config-dir", config_dirs_,
                  "Look here first for config group options: GROUP=OPTION and 'use: "
                  "[GROUP/OPTION]' read DIR/GROUP/OPTION.yaml (repeatable)")
      ->allow_extra_args(false)
      ->type_name("DIR");
}

std::optional<std::vector<Entry>> OverrideOptions::entries(const CLI::App& command,
                                                           Diagnostics& diagnostics) const {
  std::vector<Entry> overrides;
  std::size_t next_set = 0;
  std::size_t next_unset = 0;
  bool ok = true;
  for (const CLI::Option* option : command.parse_order()) {
    if (option == set_option_) {
      if (auto entry = parse_set(sets_[next_set++], diagnostics)) {
        overrides.push_back(std::move(*entry));
      } else {
        ok = false;
      }
    } else if (option == unset_option_) {
      if (auto entry = parse_unset(unsets_[next_unset++], diagnostics)) {
        overrides.push_back(std::move(*entry));
      } else {
        ok = false;
      }
    }
  }
  if (!ok) return std::nullopt;
  return overrides;
}

void TargetOptions::add_to(CLI::App& command) {
  command
      .add_option("--transformers", transformers_,
                  "Target this transformers release (e.g. 4.44.2, 5.17.0, or auto)")
      ->type_name("VERSION");
  command
      .add_option("--flagembedding", flagembedding_,
                  "Target this FlagEmbedding release (1.3.x, 1.4.0, source, or auto)")
      ->type_name("VERSION");
}

std::vector<Entry> TargetOptions::entries(Diagnostics& diagnostics) const {
  std::vector<Entry> entries;
  auto add = [&](std::string_view option, std::string_view key, const std::string& value) {
    if (value.empty()) return;
    if (auto entry = parse_set(fmt::format("{}={}", key, value), diagnostics)) {
      entry->origin = Origin::argument(fmt::format("{} {}", option, excerpt(value)));
      entries.push_back(std::move(*entry));
    }
  };
  add("--transformers", "launch.transformers", transformers_);
  add("--flagembedding", "launch.flagembedding", flagembedding_);
  return entries;
}

std::optional<Version> TargetOptions::release(Diagnostics& diagnostics) const {
  if (transformers_.empty()) return kDefaultTransformers;
  return release_option(transformers_, diagnostics);
}

std::optional<Version> release_option(const std::string& text, Diagnostics& diagnostics) {
  const auto version = parse_version(text);
  if (!version || *version < kOldestTransformers || *version >= kFirstUnsupportedTransformers) {
    diagnostics.usage_error(Origin::none(),
                            "--transformers: expected a release from {} up to {} (not included), "
                            "got '{}'",
                            kOldestTransformers.text(), kFirstUnsupportedTransformers.text(),
                            excerpt(text));
    return std::nullopt;
  }
  return version;
}

void StackOptions::add_to(CLI::App& command) {
  command.add_option("files", files_,
                     "Layer files, merged in order ('-' reads stdin), and config group choices "
                     "GROUP=OPTION (a file named like one: ./a=b.yaml)");
  overrides_.add_to(command);
  targets_.add_to(command);
}

bool StackOptions::reads_stdin() const {
  return std::find(files_.begin(), files_.end(), "-") != files_.end();
}

ResolvedConfig StackOptions::resolve(const CLI::App& command, Diagnostics& diagnostics,
                                     const ResolveOptions& given) const {
  auto overrides = overrides_.entries(command, diagnostics);
  // A malformed flag is a usage error: report it without reading any file.
  if (!overrides) return ResolvedConfig{};
  for (auto& entry : targets_.entries(diagnostics)) overrides->push_back(std::move(entry));
  ResolveOptions options = given;
  options.config_dirs = overrides_.config_dirs();
  return load_config(files_, std::move(*overrides), disk_file_system(), diagnostics, options);
}

const RunnerSchema* runner_option(const std::string& name, Diagnostics& diagnostics) {
  if (const RunnerSchema* runner = find_runner(name)) return runner;
  add_runner_notes(diagnostics.usage_error(Origin::none(), "unknown runner '{}'", excerpt(name)),
                   name);
  return nullptr;
}

void add_show_secrets_flag(CLI::App& command, bool& show_secrets) {
  command.add_flag("--show-secrets", show_secrets,
                   "Print credentials (model.token, training.hub_token, launch.env *_TOKEN/*_KEY) "
                   "instead of <redacted>");
}

void add_force_flag(CLI::App& command, bool& force) {
  command.add_flag("--force", force, "Replace the -o file if it exists");
}

int print_or_write(const std::string& path, const std::string& text,
                   const std::vector<std::string>& inputs, bool keep_existing) {
  if (path.empty()) {
    fmt::print("{}", text);
    return 0;
  }
  Diagnostics diagnostics;
  if (auto input = overwritten_input(path, inputs)) {
    diagnostics
        .usage_error(Origin::none(), "refusing to write '{}': it is the input file '{}'", path,
                     *input)
        .notes.push_back(
            Note{Origin::none(), "write to another file, then move it over the input"});
    return report(diagnostics);
  }
  std::error_code code;
  if (keep_existing && std::filesystem::is_regular_file(path, code)) {
    diagnostics.usage_error(Origin::none(), "refusing to overwrite '{}': it exists", path)
        .notes.push_back(Note{Origin::none(), "pass --force to replace it"});
    return report(diagnostics);
  }
  std::string error;
  if (write_file_atomically(path, text, error)) return 0;
  diagnostics.usage_error(Origin::none(), "cannot write '{}': {}", path, error);
  return report(diagnostics);
}

int exit_status(const Diagnostics& diagnostics) {
  if (!diagnostics.has_errors()) return 0;  // warnings only inform
  return diagnostics.has_usage_error() ? 2 : 1;
}

int report(const Diagnostics& diagnostics) {
  fmt::print(stderr, "{}", render(diagnostics));
  return exit_status(diagnostics);
}

}  // namespace expcfg::cli
