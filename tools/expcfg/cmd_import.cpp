// `expcfg import`: an existing FlagEmbedding shell script or command line as an experiment
// file holding only the values that differ from the defaults.

#include <fmt/format.h>

#include <algorithm>

#include "commands.hpp"
#include "expcfg/emit.hpp"
#include "import/import.hpp"
#include "resolve/secrets.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

struct ImportOptions {
  std::vector<std::string> words;  // SCRIPT.sh, or the command line after --
  std::optional<std::string> runner;
  std::optional<std::string> transformers;
  std::string output;
  bool force = false;
  bool show_secrets = false;
};

/// The configuration with its credentials redacted, and a warning for each one: the file
/// written is meant to be committed, the token is not.
ResolvedConfig without_credentials(const ResolvedConfig& config, Diagnostics& warnings) {
  ResolvedConfig shown = redact_secrets(config);
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    if (shown.values[i] == config.values[i]) continue;
    // `--token "$HF_TOKEN"` is written as the reference ${env:HF_TOKEN}: nothing to hide.
    if (auto found = shown.interpolations.find(i);
        found != shown.interpolations.end() && found->second.shown_as_written) {
      continue;
    }
    warnings
        .warning(config.origin(i), "'{}' holds a credential: written as '{}'",
                 config.runner->fields[i].key(), kRedacted)
        .notes.push_back(Note{Origin::none(),
                              "supply it when running (--set, or an exported "
                              "variable), or pass --show-secrets to keep it"});
  }
  return shown;
}

/// Word `i` of a command line as messages show it: the value of `--token`/`--hub_token` (or
/// a near miss, `--hub_tokn`) as `<redacted>`.
std::string shown_word(const std::vector<std::string>& words, std::size_t i) {
  auto secret_flag = [](std::string_view word) {
    return word.starts_with("--") && names_secret(word.substr(2));
  };
  const std::string& word = words[i];
  if (const std::size_t equals = word.find('=');
      equals != std::string::npos && secret_flag(std::string_view(word).substr(0, equals))) {
    return fmt::format("{}={}", word.substr(0, equals), kRedacted);
  }
  if (i > 0 && secret_flag(words[i - 1]) && !word.starts_with("--")) return std::string(kRedacted);
  return word;
}

bool has_error(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.items().begin(), diagnostics.items().end(),
                     [](const Diagnostic& item) { return item.severity == Severity::Error; });
}

int run_import(const ImportOptions& options) {
  Diagnostics diagnostics;
  Diagnostics warnings;
  EnvList env;
  std::vector<Word> words;
  std::string source = "the command line";
  // One word that is not an option names a script; a command line comes after `--`.
  const bool script = options.words.size() == 1 && !options.words[0].starts_with('-');
  if (script) {
    source = options.words[0];
    std::string error;
    auto text = disk_file_system().read(source, error);
    if (!text) {
      diagnostics.usage_error(Origin::none(), "cannot read '{}': {}", source, error);
      return report(diagnostics);
    }
    auto found = script_command(*text, std::make_shared<const std::string>(source), env, warnings);
    if (has_error(warnings)) return report(warnings);  // a script too large to expand
    if (!found) {
      diagnostics.error(Origin::none(), "'{}' runs no FlagEmbedding fine-tuning command", source)
          .notes.push_back(Note{Origin::none(),
                                "expected torchrun, deepspeed, accelerate launch or python with -m "
                                "FlagEmbedding.finetune.<runner> or a FlagEmbedding 1.2 module "
                                "(directly, through eval or a function)"});
      fmt::print(stderr, "{}", render(warnings));
      return report(diagnostics);
    }
    words = std::move(*found);
  } else {
    for (std::size_t i = 0; i < options.words.size(); ++i) {
      const std::string shown = shown_word(options.words, i);
      words.push_back(
          Word{options.words[i], Origin::argument(fmt::format("argument {} '{}'", i + 1, shown))});
    }
  }
  ResolvedConfig config =
      import_command(words, options.runner, env, warnings, diagnostics, options.transformers);
  if (diagnostics.empty() && !options.show_secrets) config = without_credentials(config, warnings);
  fmt::print(stderr, "{}", render(warnings));
  if (!diagnostics.empty()) return report(diagnostics);

  EmitOptions emit;
  emit.changed_only = true;
  emit.resolve = false;  // `${env:HOME}/x` as written: the run's environment decides
  const std::string text = fmt::format("# Imported from {} by expcfg import.\n{}",
                                       printable(source), emit_yaml(config, emit));
  return print_or_write(options.output, text,
                        script ? std::vector{source} : std::vector<std::string>{}, !options.force);
}

}  // namespace

std::function<int()> add_import_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "import", "Turn a FlagEmbedding shell script (or, after --, a command line) into YAML");
  auto options = std::make_shared<ImportOptions>();
  command
      ->add_option("script", options->words,
                   "SCRIPT.sh, or -- followed by a command line (torchrun ... -m "
                   "FlagEmbedding.finetune.<runner> --flag value ...)")
      ->required();
  command->add_option("--runner", options->runner,
                      "The runner, when the command line names no FlagEmbedding module");
  command->add_option("--transformers", options->transformers,
                      "The transformers release the imported file targets (default 4.57.6): "
                      "flags it renamed are translated, flags it removed are left out");
  command->add_option("-o,--output", options->output, "Write to this file (atomically)");
  add_force_flag(*command, options->force);
  add_show_secrets_flag(*command, options->show_secrets);
  return [options] { return run_import(*options); };
}

}  // namespace expcfg::cli
