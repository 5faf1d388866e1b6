// `expcfg fields [WORD] [FILE...]`: the field catalogue of a runner (also `expcfg explain` with
// no key).

#include <fmt/format.h>

#include "commands.hpp"
#include "emit/field_catalogue.hpp"
#include "stack_options.hpp"

namespace expcfg::cli {
namespace {

/// A word is never taken for a file: files are `-`, paths with a '/', or .yaml/.yml/.json names.
bool names_a_file(std::string_view argument) {
  return argument == "-" || argument.find('/') != std::string_view::npos ||
         argument.ends_with(".yaml") || argument.ends_with(".yml") || argument.ends_with(".json");
}

/// The runner the files resolve to (their last `runner:`, at their target release); nullptr
/// after reporting why there is none.
const RunnerSchema* runner_of_files(const std::vector<std::string>& files,
                                    const TargetOptions& targets, Diagnostics& diagnostics) {
  std::vector<Layer> layers = load_layers(files, disk_file_system(), diagnostics);
  layers.push_back(override_layer(targets.entries(diagnostics)));
  if (diagnostics.has_errors()) return nullptr;
  const RunnerChoice* choice = nullptr;
  for (const auto& layer : layers) {
    if (layer.runner) choice = &*layer.runner;
  }
  if (choice && !find_runner(choice->name)) {
    add_runner_notes(
        diagnostics.error(choice->origin, "unknown runner '{}'", excerpt(choice->name)),
        choice->name);
    return nullptr;
  }
  // Other problems of the configuration (a required field not set yet) do not change which
  // fields it has.
  Diagnostics ignored;
  return resolve(layers, ignored).runner;
}

}  // namespace

int print_field_catalogue(const FieldsRequest& request) {
  Diagnostics diagnostics;
  std::vector<std::string> files;
  CatalogueFilter filter;
  for (const std::string& argument : request.arguments) {
    if (names_a_file(argument)) {
      files.push_back(argument);
    } else if (filter.word.empty()) {
      filter.word = argument;
    } else {
      diagnostics
          .usage_error(Origin::none(), "expected one WORD, got '{}' and '{}'", excerpt(filter.word),
                       excerpt(argument))
          .notes.push_back(Note{Origin::none(),
                                "a FILE is '-', a path with a '/' or a .yaml, .yml or .json "
                                "name: write ./NAME for another"});
      return report(diagnostics);
    }
  }
  if (!request.section.empty()) {
    filter.section = find_section(request.section);
    if (!filter.section) {
      auto& error =
          diagnostics.usage_error(Origin::none(), "unknown section '{}'", excerpt(request.section));
      std::vector<std::string_view> names;
      for (Section section : kSections) names.push_back(section_name(section));
      suggest(error, request.section, names);
      error.notes.push_back(
          Note{Origin::none(), fmt::format("sections: {}", fmt::join(names, ", "))});
      return report(diagnostics);
    }
  }
  if (!files.empty() && !request.runner.empty()) {
    diagnostics.usage_error(Origin::none(),
                            "give --runner or files, not both: the files name "
                            "their runner");
    return report(diagnostics);
  }
  const RunnerSchema* runner = nullptr;
  if (!files.empty()) {
    runner = runner_of_files(files, request.targets, diagnostics);
  } else {
    runner =
        request.runner.empty() ? &default_runner() : runner_option(request.runner, diagnostics);
    const auto release = runner ? request.targets.release(diagnostics) : std::nullopt;
    runner = release ? &runner_for(*runner, *release) : nullptr;
  }
  if (!runner) return report(diagnostics);

  const auto fields = catalogue_fields(*runner, filter);
  if (request.format == "json") {
    fmt::print("{}\n", catalogue_json(*runner, fields).dump(2));
  } else {
    fmt::print("{}", catalogue_text(*runner, fields, filter));
  }
  if (fields.empty()) {
    // Like grep: nothing found is status 1, with the heading saying what was looked for.
    fmt::print(stderr, "expcfg: no field of {} matches\n", runner->name);
    return 1;
  }
  return 0;
}

namespace {

void add_field_catalogue_options(CLI::App& command, FieldsRequest& request) {
  command.add_option("--runner", request.runner,
                     "The runner whose fields to list (default: the files', else "
                     "embedder.encoder_only.base)");
  command
      .add_option("--section", request.section, "Only this section: model, data, training, launch")
      ->type_name("SECTION");
  command.add_option("--format", request.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("text|json");
}

}  // namespace

std::function<int()> add_fields_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "fields",
      "List every field of a runner with its type, default and help; filter by section or word");
  auto request = std::make_shared<FieldsRequest>();
  command->add_option("word_or_files", request->arguments,
                      "WORD: only fields whose key or help holds it (any case); FILE...: the "
                      "layers whose runner and transformers target to use");
  add_field_catalogue_options(*command, *request);
  request->targets.add_to(*command);
  return [request] { return print_field_catalogue(*request); };
}

}  // namespace expcfg::cli
