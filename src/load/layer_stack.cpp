// The command line's files, each after its `extends` chain, in merge order.

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/limits.hpp"
#include "base/sha256.hpp"
#include "expcfg/layer.hpp"

namespace expcfg {
namespace {

bool is_config_name(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

class StackLoader {
 public:
  StackLoader(FileSystem& file_system, Diagnostics& diagnostics)
      : file_system_(file_system), diagnostics_(diagnostics) {}

  /// Loads `path` after its bases. `referenced_at` is the `extends` entry naming it, or
  /// nullopt for a file named on the command line.
  void load(const std::string& path, const std::optional<Origin>& referenced_at) {
    const std::string canonical = file_system_.canonical(path);
    if (auto cycle = std::find(chain_.begin(), chain_.end(), canonical); cycle != chain_.end()) {
      report_cycle(path, cycle, *referenced_at);
      return;
    }
    // Each file once per resolution: a base shared by two files applies at its first use.
    if (loaded_.contains(canonical)) return;
    if (!within_limits(path, referenced_at)) return;
    // A base is a config file: never read (nor quote in an error) /etc/shadow or ~/.netrc.
    if (referenced_at && (!is_config_name(path) || !is_config_name(canonical))) {
      diagnostics_
          .error(*referenced_at, "'extends' names '{}', which is not a .yaml, .yml or .json file",
                 path)
          .notes.push_back(Note{Origin::none(), "expcfg reads only configuration files as bases"});
      return;
    }
    loaded_.insert(canonical);

    std::string error;
    std::optional<std::string> text = file_system_.read(path, error);
    if (!text) {
      if (referenced_at) {
        diagnostics_.error(*referenced_at, "cannot read extends target '{}': {}", path, error);
      } else {
        diagnostics_.usage_error(Origin::none(), "cannot read '{}': {}", path, error);
      }
      return;
    }
    const std::string name = path == "-" ? "<stdin>" : path;
    ParsedFile parsed = parse_layer(*text, std::make_shared<const std::string>(name), diagnostics_);
    parsed.layer.sha256 = sha256_hex(*text);

    chain_.push_back(canonical);
    names_.push_back(name);
    for (const auto& [base, origin] : parsed.extends) load(relative_to(path, base), origin);
    chain_.pop_back();
    names_.pop_back();
    layers_.push_back(std::move(parsed.layer));
  }

  std::vector<Layer> take() { return std::move(layers_); }

 private:
  /// `extends` paths are relative to the file that names them (stdin: the current folder).
  static std::string relative_to(const std::string& file, const std::string& base) {
    const std::filesystem::path base_path(base);
    if (base_path.is_absolute() || file == "-") return base;
    return (std::filesystem::path(file).parent_path() / base_path).lexically_normal().string();
  }

  /// Reports (once) a stack with more files, or a chain of more `extends`, than limits.hpp allows.
  bool within_limits(const std::string& path, const std::optional<Origin>& referenced_at) {
    if (chain_.size() >= limits::kMaxExtendsDepth) {
      // Only an `extends` entry can make the chain this long, so referenced_at is set.
      diagnostics_
          .error(*referenced_at, "'extends' chain of '{}' is deeper than {} files", path,
                 limits::kMaxExtendsDepth)
          .notes.push_back(
              Note{Origin::none(), fmt::format("the chain starts at '{}'", names_.front())});
      return false;
    }
    if (loaded_.size() >= limits::kMaxLayerFiles) {
      if (!reported_too_many_) {
        diagnostics_.error(referenced_at.value_or(Origin::none()),
                           "more than {} layer files in one configuration (at '{}')",
                           limits::kMaxLayerFiles, path);
      }
      reported_too_many_ = true;
      return false;
    }
    return true;
  }

  void report_cycle(const std::string& path, std::vector<std::string>::iterator cycle_start,
                    const Origin& referenced_at) {
    std::string chain;
    for (auto i = static_cast<std::size_t>(cycle_start - chain_.begin()); i < names_.size(); ++i) {
      chain += names_[i] + " -> ";
    }
    diagnostics_.error(referenced_at, "'extends' cycle: {}{}", chain, path);
  }

  FileSystem& file_system_;
  Diagnostics& diagnostics_;
  std::vector<std::string> chain_;  // canonical paths of the files being loaded
  std::vector<std::string> names_;  // the same files, as the user named them
  std::set<std::string> loaded_;
  bool reported_too_many_ = false;
  std::vector<Layer> layers_;
};

}  // namespace

std::vector<Layer> load_layers(const std::vector<std::string>& files, FileSystem& file_system,
                               Diagnostics& diagnostics) {
  StackLoader loader(file_system, diagnostics);
  for (const auto& file : files) loader.load(file, std::nullopt);
  return loader.take();
}

}  // namespace expcfg
