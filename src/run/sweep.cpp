// Sweeps: points of a grid, each a full resolution of the parsed layers plus its overrides.

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

/// Gives a resolved configuration's string field `key` the literal `text`, as a last
/// `--set` would, without resolving again. Only for a value no other value was made from
/// (`config.referenced`), and one whose checks cannot fail where the old value's passed: a
/// run's folder is output_dir plus a run name, itself checked to be one plain path component.
void set_resolved_text(ResolvedConfig& config, std::string_view key, std::string text,
                       Origin origin) {
  const std::size_t field = *config.index(key);
  config.values[field] = std::move(text);
  config.interpolations.erase(field);  // a literal now
  config.last_write[field] = config.writes.size();
  config.writes.push_back(Write{field, Op::Set, std::move(origin), false});
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
    const std::string parent = output_dir(run.config).value_or("");
    const std::string folder = parent.empty() ? run.name : parent + "/" + run.name;
    auto entry = parse_set("training.output_dir=" + escape_template(folder), problems);
    if (entry && !run.config.referenced.contains("training.output_dir")) {
      set_resolved_text(run.config, "training.output_dir", folder, entry->origin);
    } else if (entry) {
      // Values made from it (logging_dir: ${training.output_dir}/logs) must see the run's
      // folder: resolve again.
      entries.push_back(std::move(*entry));
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
