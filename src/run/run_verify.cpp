// `expcfg verify`: a run folder against its record. Each check says what changed; none stops
// the others, so one run of verify lists every mismatch.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/sha256.hpp"
#include "expcfg/diff.hpp"
#include "expcfg/emit.hpp"
#include "resolve/run_values.hpp"
#include "resolve/secrets.hpp"
#include "run/run_record.hpp"

namespace expcfg {
namespace {

namespace fs = std::filesystem;

/// Files a record folder may hold besides those record.sha256 lists: written after it, when
/// the run starts or is submitted (slurm.json, the job's slurm-<id>.out log).
bool outside_the_sums(const std::string& name) {
  return name == "record.sha256" || name == ".expcfg-output" || name == "start-failed.txt" ||
         name == "slurm.json" || name == "submit-failed.txt" ||
         (name.starts_with("slurm-") && name.ends_with(".out"));
}

/// One text, served as the file `name`: a dump compared by loading it like the record's.
class OneFile : public FileSystem {
 public:
  OneFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {}
  std::optional<std::string> read(const std::string& path, std::string& error) override {
    if (path == name_) return text_;
    error = "no such file or directory";
    return std::nullopt;
  }
  std::string canonical(const std::string& path) override { return path; }

 private:
  std::string name_;
  std::string text_;
};

class Verifier {
 public:
  Verifier(const std::string& folder, const ReplayInvocation& replay, Diagnostics& diagnostics)
      : folder_(folder), replay_(replay), diagnostics_(diagnostics) {}

  std::string run() {
    const std::size_t files = check_sums();
    const auto record = read_run_json();
    if (!record) return {};
    const std::size_t layers = check_layers(*record);
    check_resolved(*record);
    return fmt::format(
        "{}: {} record files and {} layer{} unchanged; resolved.yaml is what they "
        "resolve to now",
        folder_, files, layers, layers == 1 ? "" : "s");
  }

 private:
  std::string path(const std::string& name) const { return (fs::path(folder_) / name).string(); }

  Diagnostic& mismatch(const std::string& where, std::string message) {
    return diagnostics_.add(Category::Config, Origin::argument(where), std::move(message));
  }

  /// The bytes of `file` (a layer or a record file), or nullopt and `error`.
  static std::optional<std::string> read(const std::string& file, std::string& error) {
    return disk_file_system().read(file, error);
  }

  std::size_t check_sums() {
    std::string error;
    const auto sums = read(path("record.sha256"), error);
    if (!sums) {
      mismatch(path("record.sha256"), fmt::format("cannot read the record's checksums: {}", error));
      return 0;
    }
    std::vector<std::string> listed;
    std::size_t at = 0;
    while (at < sums->size()) {
      std::size_t end = sums->find('\n', at);
      if (end == std::string::npos) end = sums->size();
      const std::string line = sums->substr(at, end - at);
      at = end + 1;
      if (line.size() < 67 || line.substr(64, 2) != "  ") {
        mismatch(path("record.sha256"), fmt::format("not a checksum line: '{}'", excerpt(line)));
        continue;
      }
      const std::string name = line.substr(66);
      listed.push_back(name);
      if (name.find('/') != std::string::npos || name == "." || name == "..") {
        mismatch(path("record.sha256"), fmt::format("'{}' is not a file of the record", name));
        continue;
      }
      const auto bytes = read(path(name), error);
      if (!bytes) {
        mismatch(path(name), fmt::format("missing from the record: {}", error));
      } else if (const std::string now = sha256_hex(*bytes); now != line.substr(0, 64)) {
        mismatch(path(name), "modified after the run was recorded")
            .notes.push_back(Note{Origin::none(), fmt::format("recorded sha256 {}, now {}",
                                                              line.substr(0, 64), now)});
      }
    }
    std::error_code code;
    for (const auto& entry : fs::directory_iterator(folder_, code)) {
      const std::string name = entry.path().filename().string();
      if (outside_the_sums(name) || std::find(listed.begin(), listed.end(), name) != listed.end()) {
        continue;
      }
      mismatch(entry.path().string(), "not part of the record (record.sha256 does not list it)");
    }
    return listed.size();
  }

  std::optional<Json> read_run_json() {
    std::string error;
    const auto text = read(path("run.json"), error);
    if (!text) {
      mismatch(path("run.json"), fmt::format("cannot read the record: {}", error));
      return std::nullopt;
    }
    Json record = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object() || !record["layers"].is_array() ||
        !record["argv"].is_array() || !record["cwd"].is_string() ||
        !record["started_at"].is_string()) {
      mismatch(path("run.json"), "not a run record (JSON with layers, argv, cwd and started_at)");
      return std::nullopt;
    }
    return record;
  }

  std::size_t check_layers(const Json& record) {
    std::size_t count = 0;
    for (const Json& layer : record["layers"]) {
      ++count;
      const Json& file = layer.contains("path") ? layer["path"] : Json();
      const Json& recorded = layer.contains("sha256") ? layer["sha256"] : Json();
      if (!file.is_string() || !recorded.is_string()) {
        mismatch(path("run.json"), "a layer read from standard input cannot be checked")
            .notes.push_back(Note{Origin::none(), "keep layers in files to make runs checkable"});
        continue;
      }
      std::string error;
      const auto bytes = read(file.get<std::string>(), error);
      if (!bytes) {
        mismatch(file.get<std::string>(),
                 fmt::format("the run's layer cannot be read any more: {}", error));
      } else if (const std::string now = sha256_hex(*bytes); now != recorded) {
        mismatch(file.get<std::string>(), "the run's layer changed since the run started")
            .notes.push_back(Note{Origin::none(), fmt::format("recorded sha256 {}, now {}",
                                                              recorded.get<std::string>(), now)});
      }
    }
    return count;
  }

  /// The run's start time and git state, as recorded: the replay formats the same text.
  static RunValues recorded_values(const Json& record) {
    RunClock clock;
    clock.start = parse_utc_timestamp(record["started_at"].get<std::string>()).value_or(0);
    if (const auto local = record.find("local_time"); local != record.end() && local->is_object()) {
      clock.utc_offset = local->value("utc_offset_seconds", std::int64_t{0});
      clock.zone = local->value("zone", std::string());
    }
    std::optional<GitState> git;
    if (const auto found = record.find("git"); found != record.end() && found->is_object()) {
      git =
          GitState{found->value("repository", std::string()), found->value("commit", std::string()),
                   found->value("branch", std::string()), found->value("dirty", false)};
    }
    return RunValues(clock, git, record.value("git_problem", std::string("no git repository")));
  }

  void check_resolved(const Json& record) {
    std::vector<std::string> argv;
    for (const Json& word : record["argv"]) {
      if (word.is_string()) argv.push_back(word.get<std::string>());
    }
    const std::string cwd = record["cwd"].get<std::string>();
    const std::string resolved = path("resolved.yaml");
    RunValues values = recorded_values(record);
    ResolveOptions options;
    options.accept_redacted = true;  // the record holds <redacted>, and so does its argv
    options.run_values = &values;
    // Credentials are never read: the record shows them as <redacted> anyway.
    options.environment = [](const std::string& name) -> std::optional<std::string> {
      if (is_credential_env_name(name)) return std::string(kRedacted);
      const char* value = std::getenv(name.c_str());
      return value ? std::optional<std::string>(value) : std::nullopt;
    };
    Diagnostics record_problems;
    const ResolvedConfig recorded =
        load_config({resolved}, {}, disk_file_system(), record_problems, options);
    if (record_problems.has_errors()) {
      mismatch(resolved, "the recorded configuration does not load");
      diagnostics_.append_new(record_problems);
      return;
    }
    // Relative layer paths (and `extends`) mean what they meant where the run started.
    const std::string here = fs::current_path().string();
    if (chdir(cwd.c_str()) != 0) {
      mismatch(path("run.json"), fmt::format("cannot replay the run: its folder '{}' is gone ({})",
                                             cwd, std::strerror(errno)));
      return;
    }
    Diagnostics replay_problems;
    const ResolvedConfig now = replay_(argv, options, replay_problems);
    if (chdir(here.c_str()) != 0) {
      mismatch(here, fmt::format("cannot return to this folder: {}", std::strerror(errno)));
    }
    if (replay_problems.has_errors()) {
      mismatch(resolved,
               fmt::format("the recorded invocation does not resolve now (in '{}')", cwd));
      for (const auto& problem : replay_problems.items()) {
        // A replay's usage error is still a mismatch: the record no longer runs as it did.
        auto& copy = diagnostics_.add(Category::Config, problem.origin, problem.message);
        copy.notes = problem.notes;
      }
      return;
    }
    // The replay as it would be recorded, read back the way the record is.
    OneFile dump("<replayed>", emit_yaml(redact_secrets(now), {}));
    Diagnostics dump_problems;
    const ResolvedConfig replayed = load_config({"<replayed>"}, {}, dump, dump_problems, options);
    const auto differences = diff(recorded, replayed);
    if (differences.empty()) return;
    auto& error = mismatch(resolved, fmt::format("differs from what the run's layers and "
                                                 "invocation resolve to now (left: the record, "
                                                 "right: now)"));
    std::string text = render_diff_text(differences, {});
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      error.notes.push_back(Note{Origin::none(), text.substr(at, end - at)});
      at = end + 1;
    }
  }

  std::string folder_;
  const ReplayInvocation& replay_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::vector<std::string> find_run_records(const std::string& path) {
  std::error_code code;
  if (fs::is_regular_file(fs::path(path) / "run.json", code)) return {path};
  std::vector<std::pair<std::int64_t, std::string>> found;
  for (const auto& entry : fs::directory_iterator(path, code)) {
    const std::string name = entry.path().filename().string();
    std::int64_t rank = -1;
    if (name == "expcfg") {
      rank = 0;
    } else if (name.starts_with("expcfg-node-") && name.size() > 12 &&
               std::all_of(name.begin() + 12, name.end(),
                           [](char c) { return c >= '0' && c <= '9'; }) &&
               name.size() < 30) {
      rank = std::stoll(name.substr(12));
    }
    if (rank >= 0 && fs::is_directory(entry.path(), code))
      found.emplace_back(rank, entry.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> folders;
  for (auto& [rank, folder] : found) folders.push_back(std::move(folder));
  return folders;
}

void verify_run_record(const std::string& folder, const ReplayInvocation& replay,
                       Diagnostics& diagnostics, std::string& summary) {
  summary = Verifier(folder, replay, diagnostics).run();
}

}  // namespace expcfg
