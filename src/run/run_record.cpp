// <output_dir>/expcfg/: what a run used, written next to what it produced.

#include "run/run_record.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>

#include "base/output.hpp"
#include "base/sha256.hpp"
#include "expcfg/emit.hpp"
#include "resolve/decode.hpp"
#include "resolve/run_values.hpp"
#include "resolve/secrets.hpp"
#include "run/launch.hpp"

namespace expcfg {
namespace {

/// Bumped when a field of run.json changes meaning.
constexpr int kRecordFormat = 1;

std::string origins_yaml(const ResolvedConfig& config) {
  std::string out = "# Where each value of resolved.yaml came from.\n";
  out += fmt::format("runner: {}\n", yaml_string(config.runner_origin.label()));
  for (std::size_t i = 0; i < config.values.size(); ++i) {
    out += fmt::format("{}: {}\n", config.runner->fields[i].key(),
                       yaml_string(config.origin_label(i)));
  }
  return out;
}

std::string layers_sha256(const ResolvedConfig& config) {
  std::string out;
  for (const auto& [file, sha256] : config.layer_files)
    out += fmt::format("{}  {}\n", sha256, file);
  return out;
}

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

/// `KEY=VALUE` (or `KEY+=VALUE`) of a --set, its credentials replaced: a secret field's value
/// whole, a launch.env mapping's credential variables one by one.
std::string redact_set(const std::string& argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos) return argument;
  const bool append = equals > 0 && argument[equals - 1] == '+';
  const std::string key = argument.substr(0, append ? equals - 1 : equals);
  const std::string value = argument.substr(equals + 1);
  if (!hides_set_value(key, value) && key.find("env") == std::string::npos) return argument;
  Diagnostics ignored;
  auto entry = parse_set(argument, ignored);
  const RunnerSchema& runner = default_runner();
  const auto field = entry ? find_field(runner, *entry) : std::nullopt;
  if (!field) {
    // Not a field expcfg knows (the run would not have started): hide what it might hold.
    return hides_set_value(key, value) ? argument.substr(0, equals + 1) + std::string(kRedacted)
                                       : argument;
  }
  const FieldSpec& spec = runner.fields[*field];
  if (!holds_secrets(spec)) return argument;
  if (spec.secret) return argument.substr(0, equals + 1) + std::string(kRedacted);
  const auto decoded = decode_entry(spec, *entry, ignored);
  if (!decoded) return argument.substr(0, equals + 1) + std::string(kRedacted);
  const Value redacted = redact(spec, *decoded);
  if (redacted == *decoded) return argument;
  // JSON is YAML flow: `{"HF_TOKEN":"<redacted>","WANDB_MODE":"disabled"}` reads back.
  return argument.substr(0, equals + 1) + to_json(redacted).dump();
}

Json git_json(const GitState& git) {
  return Json{{"repository", git.repository},
              {"commit", git.commit},
              {"branch", git.branch},
              {"dirty", git.dirty}};
}

/// run.json: everything about the start that resolved.yaml does not say.
std::optional<std::string> run_json(const ResolvedConfig& config, const RunInvocation& invocation,
                                    Diagnostics& diagnostics) {
  RunValues& values = RunValues::process();
  std::string error;
  const auto clock = values.clock(error);
  if (!clock) {
    diagnostics.usage_error(Origin::none(), "{}", error);
    return std::nullopt;
  }
  std::error_code code;
  const auto cwd = std::filesystem::current_path(code);
  Json layers = Json::array();
  for (const auto& [file, sha256] : config.layer_files) {
    Json path = file == "<stdin>" ? Json() : Json((cwd / file).lexically_normal().string());
    layers.push_back(Json{{"path", path}, {"as_named", file}, {"sha256", sha256}});
  }
  const LaunchArguments launch = launch_arguments(config);
  Json record{
      {"record_format", kRecordFormat},
      {"expcfg_version", invocation.expcfg_version},
      {"started_at", utc_timestamp(clock->start)},
      {"local_time", Json{{"utc_offset_seconds", clock->utc_offset}, {"zone", clock->zone}}},
      {"host", host_name()},
      {"cwd", cwd.string()},
      {"argv", redact_arguments(invocation.argv)},
      {"layers", layers},
      {"targets",
       Json{{"transformers", config.runner->transformers.value_or(kDefaultTransformers).text()},
            {"flagembedding", config.flagembedding.text()}}},
      {"node", Json{{"rank", launch.node_rank}, {"nnodes", launch.nnodes}}},
  };
  std::string problem;
  if (const GitState* git = values.git(configuration_folder(config), problem)) {
    record["git"] = git_json(*git);
  } else {
    record["git"] = nullptr;
    record["git_problem"] = problem;
  }
  return record.dump(2) + "\n";
}

}  // namespace

std::vector<std::string> redact_arguments(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  bool next_is_set = false;
  for (const auto& word : argv) {
    if (next_is_set) {
      out.push_back(redact_set(word));
      next_is_set = false;
    } else if (word == "--set") {
      out.push_back(word);
      next_is_set = true;
    } else if (word.starts_with("--set=")) {
      out.push_back("--set=" + redact_set(word.substr(6)));
    } else {
      out.push_back(word);
    }
  }
  return out;
}

std::string record_folder_name(std::int64_t node_rank) {
  return node_rank == 0 ? "expcfg" : fmt::format("expcfg-node-{}", node_rank);
}

std::optional<std::string> run_record_folder(const ResolvedConfig& config,
                                             Diagnostics& diagnostics) {
  const auto output = output_dir(config);
  if (!output) {
    diagnostics.error(Origin::none(),
                      "'training.output_dir' is not set: the run record goes to "
                      "<output_dir>/expcfg/");
    return std::nullopt;
  }
  // Every node of a multi-node run writes its own record: a shared output_dir never holds
  // one node's record in place of another's.
  const std::string folder =
      (std::filesystem::path(*output) / record_folder_name(launch_arguments(config).node_rank))
          .string();
  if (auto input = overwritten_input(folder, config.input_files())) {
    diagnostics
        .usage_error(Origin::none(),
                     "refusing to replace the run record '{}': it holds the "
                     "input file '{}'",
                     folder, *input)
        .notes.push_back(Note{Origin::none(),
                              "copy the file out of the record first, or set "
                              "another 'training.output_dir'"});
    return std::nullopt;
  }
  return folder;
}

bool write_run_record(const ResolvedConfig& config, const RunInvocation& invocation,
                      Diagnostics& diagnostics,
                      const std::vector<std::pair<std::string, std::string>>& extra_files) {
  const auto folder = run_record_folder(config, diagnostics);
  if (!folder) return false;
  const auto run = run_json(config, invocation, diagnostics);
  if (!run) return false;
  const ResolvedConfig shown = redact_secrets(config);
  std::vector<std::pair<std::string, std::string>> files = {
      {"resolved.yaml", emit_yaml(shown, {})},
      {"origins.yaml", origins_yaml(config)},
      {"command.txt", shell_line(launch_command(shown, diagnostics)) + "\n"},
      {"layers.sha256", layers_sha256(config)},
      {"run.json", *run},
  };
  for (const auto& extra : extra_files) {  // replacing a file of the same name
    auto same = std::find_if(files.begin(), files.end(),
                             [&](const auto& file) { return file.first == extra.first; });
    if (same == files.end()) same = files.insert(files.end(), {extra.first, ""});
    same->second = extra.second;
  }
  // Last, over every file above: `expcfg verify` (or `sha256sum -c` in the folder) tells an
  // edited record from the one the run wrote.
  std::string sums;
  for (const auto& [name, text] : files) sums += fmt::format("{}  {}\n", sha256_hex(text), name);
  files.emplace_back("record.sha256", std::move(sums));
  std::string error;
  const bool ok = write_folder_atomically(*folder, files, error);
  if (!ok) {
    diagnostics.usage_error(Origin::none(), "cannot write the run record in '{}': {}", *folder,
                            error);
  }
  return ok;
}

}  // namespace expcfg
