// Sweeps: points of a grid, each the parsed layers resolved with the point's overrides.

#include "run/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "base/limits.hpp"
#include "base/template_syntax.hpp"
#include "emit/argv.hpp"
#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"
#include "run/run_names.hpp"

namespace expcfg {
namespace {

/// `KEY=VALUE` overrides as entries. A sweep's points repeat each axis value many times (a
/// 100 x 100 grid has 200 values), so each is parsed once: YAML parsing of `--set` values was a
/// tenth of a sweep's time. Only clean parses are kept; a value with a problem is parsed again
/// at every point, so that every point reports it.
class SetParser {
 public:
  void append(const std::string& set, std::vector<Entry>& entries, Diagnostics& diagnostics) {
    if (const auto found = parsed_.find(set); found != parsed_.end()) {
      entries.push_back(found->second);
      return;
    }
    const std::size_t problems = diagnostics.size();
    auto entry = parse_set(set, diagnostics);
    if (!entry) return;
    if (diagnostics.size() == problems) parsed_.emplace(set, *entry);
    entries.push_back(std::move(*entry));
  }

 private:
  std::unordered_map<std::string, Entry> parsed_;  // grows with the axes, not the runs
};

/// A run's output_dir, `<output_dir>/<name>`: its value, and how it is written. A parent made
/// by `${...}` is written with its references (`/runs/${env:USER}/seed=1`), so the folder keeps
/// its sources and, made from a credential, stays one (never shown); the name is literal.
struct RunFolder {
  std::string value;
  std::string written;
};

RunFolder run_folder(const ResolvedConfig& config, std::size_t field, const std::string& name) {
  const std::string parent = output_dir(config).value_or("");
  if (parent.empty()) return {name, escape_template(name)};
  std::string written = escape_template(parent);
  if (const auto found = config.interpolations.find(field); found != config.interpolations.end()) {
    if (const auto* text = std::get_if<std::string>(&found->second.written)) written = *text;
  }
  return {parent + "/" + name, written + "/" + escape_template(name)};
}

/// `--set training.output_dir=<written>`, read verbatim: as a --set's text, a folder in quotes
/// or named `null` would be read as YAML.
Entry run_folder_entry(const RunFolder& folder) {
  Entry entry;
  entry.section = "training";
  entry.name = "output_dir";
  entry.origin = Origin::set("training.output_dir=" + folder.written);
  entry.words = Words{Words::Shape::One, {folder.written}, false};
  return entry;
}

/// Gives a resolved configuration the run's folder as run_folder_entry would, without resolving
/// again. Only when no other value was made from output_dir (`config.referenced`); no check can
/// fail for the folder where it passed for the parent: the name is one plain path component
/// (run_names), and the references are those the parent's value already resolved.
void set_run_folder(ResolvedConfig& config, std::size_t field, const RunFolder& folder) {
  config.values[field] = folder.value;
  if (const auto found = config.interpolations.find(field); found != config.interpolations.end()) {
    found->second.written = folder.written;  // the same references, sources and secrecy
  } else if (folder.written != folder.value) {
    // A `${` of the name, escaped: interpolation records such a value as written.
    config.interpolations[field] = Interpolation{folder.written, {}, false, false, false};
  }
  config.last_write[field] = config.writes.size();
  config.writes.push_back(Write{field, Op::Set, run_folder_entry(folder).origin, false});
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

std::size_t for_each_sweep_run(const std::vector<Layer>& layers,
                               const std::vector<Entry>& overrides, const SweepSpec& spec,
                               const std::function<void(const SweepRun&)>& visit,
                               Diagnostics& diagnostics) {
  const std::size_t count = sweep_size(spec, diagnostics);
  if (count == 0) return 0;
  const std::string name_template =
      spec.name_template.empty() ? default_template(spec) : spec.name_template;
  const StackResolver stack(layers);
  // A hash per name, not the name: the only memory that grows with the number of runs.
  std::unordered_map<std::size_t, std::size_t> names;
  SetParser parser;
  for (std::size_t n = 0; n < count; ++n) {
    SweepRun run;
    run.overrides = sweep_point(spec, n);
    Diagnostics problems;
    std::vector<Entry> entries = overrides;
    for (const auto& set : run.overrides) parser.append(set, entries, problems);
    run.config = stack.resolve(override_layer(entries), problems);
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
    // Each run writes under its own folder: <output_dir>/<name>, as a last --set would.
    const std::size_t field = *run.config.index("training.output_dir");
    const RunFolder folder = run_folder(run.config, field, run.name);
    if (!run.config.referenced.contains("training.output_dir")) {
      set_run_folder(run.config, field, folder);
    } else {
      // Values made from it (logging_dir: ${training.output_dir}/logs) must see the run's
      // folder: resolve again.
      entries.push_back(run_folder_entry(folder));
      run.config = stack.resolve(override_layer(std::move(entries)), problems);
    }
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

}  // namespace expcfg
