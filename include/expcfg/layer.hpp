#pragma once
/// Loading: YAML files and command-line overrides become layers of untyped entries, each
/// remembering where it was written. Layers are typed and merged later (resolve.hpp), so a
/// parsed stack can be resolved again cheaply with other overrides.
///
///   # configs/experiments/x.yaml
///   extends: ../base/embedder.yaml
///   training:
///     learning_rate: 1e-5      -> Entry{Set, "training", "learning_rate", x.yaml:3:3, node "1e-5"}
///   data:
///     train_data+: [extra/]    -> Entry{Append, "data", "train_data", ...}
///   launch:
///     env!: {A: b}             -> Entry{Replace, "launch", "env", ...}

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expcfg/diagnostics.hpp"

namespace expcfg {

/// A parsed YAML document (src/yaml_tree.hpp); entries share their file's.
struct YamlDocument;

enum class Op {
  Set,      ///< `field: value`, `--set key=value`
  Append,   ///< `field+: [...]`, `--set key+=[...]`
  Unset,    ///< `--unset key`: back to the default; `--unset launch.env.KEY`: removes the key
  Replace,  ///< `field!: {...}`, `--set 'key!={...}'`: a mapping field replaced whole, not merged
};

/// A value written as words instead of YAML (by `import`, or by interpolation): each word is
/// read by its field's type as it is, never parsed as YAML (`[a` is the text "[a").
struct Words {
  enum class Shape {
    One,    ///< a scalar: items[0]
    List,   ///< a list's items
    Pairs,  ///< a mapping: name, value, name, value (`launch.env`)
  };
  Shape shape = Shape::One;
  std::vector<std::string> items;
  /// Read like unquoted YAML (a number, a bool, null); false: strings as they are.
  bool plain = true;
};

/// One field assignment of one layer.
struct Entry {
  Op op = Op::Set;
  /// The section as written; empty for a bare `--set field=...`.
  std::string section;
  std::string name;
  /// Where the key was written (file position, or the whole --set/--unset argument).
  Origin origin;
  /// The value from a file: node `node` of `document`; no document (null) for --set and --unset.
  std::shared_ptr<const YamlDocument> document;
  std::uint32_t node = 0;
  /// The text after '=' of a --set, read by the field's type at resolve time (as YAML flow,
  /// unless the field is a string).
  std::optional<std::string> set_text;
  /// A value written as words (import).
  std::optional<Words> words;

  /// "training.learning_rate" (or the bare name).
  std::string key() const;
};

/// A `runner:` value and where it was set.
struct RunnerChoice {
  std::string name;
  Origin origin;
};

/// One file (or the command line's overrides): what it sets, in the order written.
struct Layer {
  std::string name;    ///< the file as named, or "<command line>"
  std::string sha256;  ///< of the file's bytes; empty for the command line's overrides
  std::vector<Entry> entries;
  std::optional<RunnerChoice> runner;
};

/// Where the loader reads files: the disk, or memory in tests.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// The file's bytes; on failure nullopt, and `error` says why ("no such file or directory").
  virtual std::optional<std::string> read(const std::string& path, std::string& error) = 0;
  /// A name that is the same for every spelling of one file's path (cycle and diamond checks).
  virtual std::string canonical(const std::string& path) = 0;
  /// Whether `path` is a file (through symbolic links): where config group options are looked for.
  virtual bool is_file(const std::string& path) {
    std::string error;
    return read(path, error).has_value();
  }
  /// The names in folder `path`, subfolders with a trailing '/', sorted; empty when it is no
  /// folder. Only for listing a config group's choices in an error.
  virtual std::vector<std::string> list_folder(const std::string& /*path*/) { return {}; }
};

/// The real file system; "-" reads standard input.
FileSystem& disk_file_system();

/// Parses one YAML document into a layer. `extends` paths are returned in `extends` (as
/// written, with their origins) for the caller to load first.
struct ParsedFile {
  Layer layer;
  std::vector<std::pair<std::string, Origin>> extends;
  /// `use: [model/bge-m3, ...]`: config group options, as written, loaded after `extends`.
  std::vector<std::pair<std::string, Origin>> uses;
};
ParsedFile parse_layer(const std::string& text, std::shared_ptr<const std::string> file_name,
                       Diagnostics& diagnostics);

/// Loads the files named on the command line, each preceded by its `extends` chain and then
/// its `use` list (depth-first, each file once), into layers in merge order. A word
/// `GROUP=OPTION` (a plain name before the '=', no '/' or '.') is a config group choice, not a
/// file: `model=bge-m3` loads `model/bge-m3.yaml` from the first of `config_dirs`, then the
/// files' folders and the `configs/` folders in and above them, then the current folder's
/// (see config_groups.hpp); it also replaces the option of any `use:` entry of that group.
/// A file named on the command line that cannot be read, or a choice that names no option, is
/// a usage error; an `extends` target or `use` entry that cannot be read, is not there or
/// closes a cycle is a configuration error at that entry.
std::vector<Layer> load_layers(const std::vector<std::string>& files, FileSystem& file_system,
                               Diagnostics& diagnostics,
                               const std::vector<std::string>& config_dirs = {});

/// Parses `--set KEY=VALUE` (or `KEY+=VALUE`) into an entry of the override layer; nullopt
/// and a usage error when there is no '=' or the argument is not UTF-8.
std::optional<Entry> parse_set(const std::string& argument, Diagnostics& diagnostics);
/// Parses `--unset KEY`; nullopt and a usage error when it is not UTF-8.
std::optional<Entry> parse_unset(const std::string& argument, Diagnostics& diagnostics);

/// Sets `entry.section` and `entry.name` from "section.field" (or a bare field name).
void split_key(std::string_view key, Entry& entry);

/// The overrides as one layer; `runner=...` becomes the layer's runner choice.
Layer override_layer(std::vector<Entry> entries);

}  // namespace expcfg
