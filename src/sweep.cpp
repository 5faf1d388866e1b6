// Sweeps: points of a grid, each a full resolution of the parsed layers plus its overrides.

#include "expcfg/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "expcfg/argv.hpp"
#include "expcfg/hash.hpp"
#include "expcfg/limits.hpp"
#include "expcfg/secrets.hpp"
#include "interpolate.hpp"

namespace expcfg {
namespace {

/// `1e-5,[a, b],"x,y"` -> `1e-5`, `[a, b]`, `"x,y"`: commas inside brackets or quotes stay.
std::vector<std::string> split_values(std::string_view text) {
  std::vector<std::string> values(1);
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      values.emplace_back();
      continue;
    }
    values.back() += c;
  }
  return values;
}

/// A resolved value as text for a run name.
std::string name_text(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* list = std::get_if<StringList>(&value))
    return fmt::format("{}", fmt::join(*list, "+"));
  if (const auto* list = std::get_if<IntList>(&value))
    return fmt::format("{}", fmt::join(*list, "+"));
  if (const auto* number = std::get_if<double>(&value)) return format_float(*number);
  if (const auto* number = std::get_if<std::int64_t>(&value)) return fmt::format("{}", *number);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (is_none(value)) return "null";
  return to_json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string basename(std::string text) {
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  const std::size_t slash = text.rfind('/');
  return slash == std::string::npos ? text : text.substr(slash + 1);
}

/// Why `name` cannot be a file name in the sweep folder, or empty when it can.
std::string bad_file_name(const std::string& name) {
  if (name.empty()) return "it is empty";
  if (name == "." || name == "..") return "it is '.' or '..'";
  if (name.find('/') != std::string::npos) return "it contains '/'";
  if (std::any_of(name.begin(), name.end(), [](char c) { return c >= 0 && c < 0x20; })) {
    return "it contains a control character";
  }
  if (name.starts_with('.')) return "it starts with '.'";
  return {};
}

/// The default template: `name={key}` for each swept key, joined by ','; a credential's part
/// is `name=secret{index}`, which never shows it.
std::string default_template(const SweepSpec& spec) {
  std::vector<std::string> parts;
  auto add = [&](const SweepAxis& axis) {
    const std::size_t dot = axis.key.rfind('.');
    const std::string name = dot == std::string::npos ? axis.key : axis.key.substr(dot + 1);
    if (names_secret(axis.key) ||
        hides_set_value(axis.key, fmt::format("{}", fmt::join(axis.values, ",")))) {
      parts.push_back(fmt::format("{}=secret{{index}}", name));
    } else {
      parts.push_back(fmt::format("{}={{{}|path}}", name, axis.key));
    }
  };
  for (const auto& axis : spec.grid) add(axis);
  for (const auto& axis : spec.zip) add(axis);
  return fmt::format("{}", fmt::join(parts, ","));
}

/// The run's name from the template; nullopt after a usage error.
std::optional<std::string> render_name(const std::string& name_template,
                                       const ResolvedConfig& config, std::size_t index,
                                       Diagnostics& diagnostics) {
  std::string out;
  std::size_t at = 0;
  auto fail = [&](std::string message) {
    diagnostics.usage_error(Origin::none(), "in --name '{}': {}", excerpt(name_template), message);
    return std::nullopt;
  };
  while (at < name_template.size()) {
    const std::size_t open = name_template.find('{', at);
    out += name_template.substr(at, open - at);
    if (open == std::string::npos) break;
    const std::size_t close = name_template.find('}', open);
    if (close == std::string::npos) return fail("unterminated '{'");
    std::string inside = name_template.substr(open + 1, close - open - 1);
    std::string filter;
    if (const std::size_t bar = inside.find('|'); bar != std::string::npos) {
      filter = inside.substr(bar + 1);
      inside.resize(bar);
    }
    std::string text;
    if (inside == "index") {
      text = fmt::format("{}", index);
    } else if (const auto field = config.index(inside);
               field && redacted_value(config, *field) != config.values[*field]) {
      return fail(fmt::format(
          "'{}' is a credential (or made from one): a run name cannot show it; use {{index}}",
          excerpt(inside)));
    } else if (const auto written = config.written_as.find(inside);
               written != config.written_as.end()) {
      text = name_text(written->second);  // as swept, though the target spells it otherwise
    } else if (field) {
      text = name_text(config.values[*field]);
    } else {
      std::vector<std::string> keys{"index"};
      for (const auto& each : config.runner->fields) keys.push_back(each.key());
      auto& error = diagnostics.usage_error(Origin::none(), "in --name '{}': unknown key '{}'",
                                            excerpt(name_template), excerpt(inside));
      suggest(error, inside, {keys.begin(), keys.end()});
      return std::nullopt;
    }
    if (filter == "basename") {
      text = basename(text);
    } else if (filter == "path") {  // the default template's: a path's '/' as '_'
      std::replace(text.begin(), text.end(), '/', '_');
    } else if (!filter.empty()) {
      return fail(fmt::format("unknown filter '|{}' (there is |basename)", excerpt(filter)));
    }
    out += text;
    at = close + 1;
  }
  if (const std::string why = bad_file_name(out); !why.empty()) {
    auto& error = diagnostics.usage_error(Origin::none(), "run name '{}' cannot be a file name: {}",
                                          excerpt(out), why);
    error.notes.push_back(Note{Origin::none(), "use {KEY|basename} for a path's last part"});
    return std::nullopt;
  }
  return out;
}

/// Resolves the stack with this run's overrides as the last layer.
ResolvedConfig resolve_point(std::vector<Layer>& stack, const std::vector<Entry>& overrides,
                             const std::vector<std::string>& sets, Diagnostics& diagnostics) {
  std::vector<Entry> entries = overrides;
  for (const auto& set : sets) {
    if (auto entry = parse_set(set, diagnostics)) entries.push_back(std::move(*entry));
  }
  stack.back() = override_layer(std::move(entries));
  return resolve(stack, diagnostics);
}

/// `KEY=VALUE`s as messages and the manifest show them: a credential's value as `<redacted>`.
std::vector<std::string> shown_sets(const std::vector<std::string>& sets) {
  std::vector<std::string> shown;
  for (const auto& set : sets) {
    const std::size_t equals = set.find('=');
    const std::string key = set.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : set.substr(equals + 1);
    shown.push_back(hides_set_value(key, value) ? fmt::format("{}={}", key, kRedacted) : set);
  }
  return shown;
}

/// Copies `problems` into `diagnostics`, each with a note naming the run.
void report_for_run(const Diagnostics& problems, std::size_t index,
                    const std::vector<std::string>& sets, Diagnostics& diagnostics) {
  for (const auto& problem : problems.items()) {
    auto& copy = diagnostics.add(problem.category, problem.origin, problem.message);
    copy.notes = problem.notes;
    copy.notes.push_back(Note{Origin::none(), fmt::format("in sweep run {} ({})", index,
                                                          fmt::join(shown_sets(sets), " "))});
  }
}

}  // namespace

std::optional<SweepAxis> parse_sweep_axis(const std::string& argument, const std::string& flag,
                                          Diagnostics& diagnostics) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == argument.size()) {
    diagnostics
        .usage_error(Origin::none(), "{} '{}': expected KEY=V1,V2,...", flag, excerpt(argument))
        .notes.push_back(Note{
            Origin::none(), fmt::format("for example: {} training.learning_rate=1e-5,2e-5", flag)});
    return std::nullopt;
  }
  SweepAxis axis{argument.substr(0, equals), split_values(argument.substr(equals + 1))};
  if (axis.key.ends_with('+')) {
    diagnostics.usage_error(Origin::none(), "{} '{}': a sweep sets values; it cannot append", flag,
                            excerpt(argument));
    return std::nullopt;
  }
  return axis;
}

std::size_t sweep_size(const SweepSpec& spec, Diagnostics& diagnostics) {
  std::set<std::string> keys;
  bool ok = true;
  for (const auto* axes : {&spec.grid, &spec.zip}) {
    for (const auto& axis : *axes) {
      if (!keys.insert(axis.key).second) {
        diagnostics.usage_error(Origin::none(), "'{}' is swept twice", excerpt(axis.key));
        ok = false;
      }
    }
  }
  std::vector<std::size_t> lengths;
  for (const auto& axis : spec.grid) lengths.push_back(axis.values.size());
  if (!spec.zip.empty()) {
    const std::size_t length = spec.zip.front().values.size();
    for (const auto& axis : spec.zip) {
      if (axis.values.size() != length) {
        diagnostics.usage_error(Origin::none(),
                                "--zip lists must have one length: '{}' has {} values, '{}' {}",
                                spec.zip.front().key, length, axis.key, axis.values.size());
        ok = false;
      }
    }
    lengths.push_back(length);
  }
  if (keys.empty()) {
    diagnostics.usage_error(Origin::none(), "nothing to sweep: give --grid or --zip");
    ok = false;
  }
  if (!ok) return 0;
  // Stops as soon as the product passes the limit, so it never overflows (16^16 points).
  std::size_t count = 1;
  for (const std::size_t length : lengths) {
    if (length > 0 && count > limits::kMaxSweepRuns / length) {
      diagnostics.usage_error(Origin::none(),
                              "the sweep has more than {} runs, the limit (limits::kMaxSweepRuns)",
                              limits::kMaxSweepRuns);
      return 0;
    }
    count *= length;
  }
  return count;
}

std::vector<std::string> sweep_point(const SweepSpec& spec, std::size_t n) {
  // Mixed radix, the zip axis last and the last axis fastest (like itertools.product).
  std::vector<std::string> point;
  std::size_t rest = n;
  if (!spec.zip.empty()) {
    const std::size_t length = spec.zip.front().values.size();
    for (auto it = spec.zip.rbegin(); it != spec.zip.rend(); ++it) {
      point.push_back(it->key + "=" + it->values[rest % length]);
    }
    rest /= length;
  }
  for (auto it = spec.grid.rbegin(); it != spec.grid.rend(); ++it) {
    point.push_back(it->key + "=" + it->values[rest % it->values.size()]);
    rest /= it->values.size();
  }
  std::reverse(point.begin(), point.end());
  return point;
}

std::size_t for_each_sweep_run(const std::vector<Layer>& layers,
                               const std::vector<Entry>& overrides, const SweepSpec& spec,
                               const std::function<void(const SweepRun&)>& visit,
                               Diagnostics& diagnostics) {
  const std::size_t count = sweep_size(spec, diagnostics);
  if (count == 0) return 0;
  const std::string name_template =
      spec.name_template.empty() ? default_template(spec) : spec.name_template;
  std::vector<Layer> stack = layers;
  stack.emplace_back();
  // A hash per name, not the name: the only memory that grows with the number of runs.
  std::unordered_map<std::size_t, std::size_t> names;
  for (std::size_t n = 0; n < count; ++n) {
    SweepRun run;
    run.overrides = sweep_point(spec, n);
    Diagnostics problems;
    run.config = resolve_point(stack, overrides, run.overrides, problems);
    std::optional<std::string> name;
    if (problems.empty()) name = render_name(name_template, run.config, n, diagnostics);
    if (!problems.empty() || !name) {
      report_for_run(problems, n, run.overrides, diagnostics);
      if (diagnostics.has_usage_error()) return count;  // the template is wrong for every run
      continue;
    }
    run.name = *name;
    if (auto [first, inserted] = names.emplace(std::hash<std::string>{}(run.name), n); !inserted) {
      diagnostics
          .usage_error(Origin::none(), "sweep runs {} and {} are both named '{}'", first->second, n,
                       excerpt(run.name))
          .notes.push_back(Note{Origin::none(),
                                "run names must differ: put every swept key (or {index}) in "
                                "--name"});
      continue;
    }
    // Each run writes under its own folder: <output_dir>/<name>. Resolving again lets
    // references to output_dir (logging_dir: ${training.output_dir}/logs) see it.
    const Value& base = run.config.at("training.output_dir");
    const std::string parent = is_none(base) ? std::string() : name_text(base);
    const std::string folder = parent.empty() ? run.name : parent + "/" + run.name;
    std::vector<std::string> sets = run.overrides;
    sets.push_back("training.output_dir=" + escape_template(folder));
    run.config = resolve_point(stack, overrides, sets, problems);
    if (!problems.empty()) {
      report_for_run(problems, n, run.overrides, diagnostics);
      continue;
    }
    run.hash = config_hash(run.config);
    if (diagnostics.empty()) visit(run);
  }
  return count;
}

std::string manifest_line(const SweepRun& run) {
  Json line = Json::object();
  line["name"] = run.name;
  line["overrides"] = shown_sets(run.overrides);
  line["output_dir"] =
      to_json(redacted_value(run.config, *run.config.index("training.output_dir")));
  line["config_hash"] = run.hash;
  line["file"] = run.name + ".yaml";
  return line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::optional<std::string> slurm_folder(const std::string& output, Diagnostics& diagnostics) {
  const std::string folder = std::filesystem::absolute(output).lexically_normal().string();
  if (std::any_of(folder.begin(), folder.end(), [](char c) { return c >= 0 && c < 0x20; })) {
    diagnostics
        .usage_error(Origin::none(), "the sweep folder '{}' holds a control character",
                     excerpt(folder))
        .notes.push_back(Note{Origin::none(),
                              "sweep.slurm names the folder on one line; choose a path "
                              "(and a current folder) without newlines"});
    return std::nullopt;
  }
  return folder;
}

namespace {

/// Slurm's job name from the folder's name: letters, digits, '.', '_' and '-' only.
std::string job_name(const std::string& folder) {
  std::string name = basename(folder);
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!plain) c = '_';
  }
  return name;
}

}  // namespace

std::string slurm_script(std::size_t runs, std::int64_t gpus, const std::string& folder) {
  // Every value from outside goes through shell_quote (or job_name); the folder is one line.
  return fmt::format(
      "#!/bin/bash\n"
      "# Slurm job array for an expcfg sweep: task i runs line i of runs.txt.\n"
      "#   sbatch {0}\n"
      "#SBATCH --job-name={1}\n"
      "#SBATCH --array=0-{2}\n"
      "#SBATCH --nodes=1\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --gpus-per-node={3}\n"
      "#SBATCH --output=slurm-%A_%a.out\n"
      "set -euo pipefail\n"
      "sweep={4}\n"
      "mapfile -t runs <\"$sweep/runs.txt\"\n"
      "exec expcfg launch --exec \"$sweep/${{runs[$SLURM_ARRAY_TASK_ID]}}\"\n",
      shell_quote(folder + "/sweep.slurm"), job_name(folder), runs - 1, gpus, shell_quote(folder));
}

}  // namespace expcfg
