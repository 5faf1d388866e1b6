#include "stack_options.hpp"

#include <fmt/format.h>

namespace expcfg::cli {

void StackOptions::add_to(CLI::App& command) {
  command.add_option("files", files_, "Layer files, merged in order ('-' reads stdin)");
  // One value per flag, so that a file after `--set k=v` stays a file.
  set_option_ = command.add_option("--set", sets_, "Override a field: KEY=VALUE or KEY+=[...]")
                    ->allow_extra_args(false)
                    ->type_name("KEY=VALUE");
  unset_option_ = command.add_option("--unset", unsets_, "Return a field to its default")
                      ->allow_extra_args(false)
                      ->type_name("KEY");
}

ResolvedConfig StackOptions::resolve(const CLI::App& command, Diagnostics& diagnostics) const {
  std::vector<Entry> overrides;
  std::size_t next_set = 0;
  std::size_t next_unset = 0;
  for (const CLI::Option* option : command.parse_order()) {
    if (option == set_option_) {
      if (auto entry = parse_set(sets_[next_set++], diagnostics)) {
        overrides.push_back(std::move(*entry));
      }
    } else if (option == unset_option_) {
      overrides.push_back(parse_unset(unsets_[next_unset++]));
    }
  }
  // A malformed flag is a usage error: report it without reading any file.
  if (!diagnostics.empty()) return ResolvedConfig{};
  return load_config(files_, std::move(overrides), disk_file_system(), diagnostics);
}

int report(const Diagnostics& diagnostics) {
  fmt::print(stderr, "{}", render(diagnostics));
  return exit_status(diagnostics);
}

}  // namespace expcfg::cli
