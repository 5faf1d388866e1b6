// `expcfg dump`: the effective resolved configuration.

#include <fmt/format.h>

#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct DumpOptions {
  StackOptions stack;
  std::string format = "yaml";
  bool changed_only = false;
  bool show_origin = false;
  bool show_secrets = false;
  bool no_resolve = false;
  std::string output;
};

int run_dump(const CLI::App& command, const DumpOptions& options) {
  Diagnostics diagnostics;
  ResolvedConfig config = options.stack.resolve(command, diagnostics);
  if (!diagnostics.empty()) return report(diagnostics);
  if (!options.show_secrets) config = redact_secrets(std::move(config));

  const EmitOptions emit{options.changed_only, options.show_origin, !options.no_resolve};
  const std::string text =
      options.format == "json" ? emit_json(config, emit) : emit_yaml(config, emit);
  return print_or_write(options.output, text, config.input_files());
}

}  // namespace

std::function<int()> add_dump_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "dump", "Print the effective configuration: every field, in declaration order");
  auto options = std::make_shared<DumpOptions>();
  options->stack.add_to(*command);
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"yaml", "json"}))
      ->default_str("yaml");
  command->add_flag("--changed-only", options->changed_only,
                    "Only fields whose value differs from the default");
  command->add_flag("--show-origin", options->show_origin,
                    "Annotate each value with the file:line, --set or default it came from");
  command->add_flag("--no-resolve", options->no_resolve,
                    "Show values written with ${...} as written instead of resolved");
  add_show_secrets_flag(*command, options->show_secrets);
  command->add_option("-o,--output", options->output,
                      "Write to this file (atomically) instead of stdout");
  return [command, options] { return run_dump(*command, *options); };
}

}  // namespace expcfg::cli
