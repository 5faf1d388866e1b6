#pragma once
/// Where values come from, and problems reported against those places.
///
///   configs/experiments/x.yaml:12:3: error: unknown key 'training.learning_rat'
///   configs/experiments/x.yaml:12:3: note: did you mean 'learning_rate'?

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace expcfg {

/// A 1-based position in a named input ("configs/base.yaml", "<stdin>").
struct SourceLoc {
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;
};

/// Where a value came from: a default, a file position, or a command-line flag.
struct Origin {
  enum class Kind { Default, File, Set, Unset, Argument, Nowhere };
  Kind kind = Kind::Default;
  SourceLoc loc;     ///< for File
  std::string text;  ///< for Set and Unset: the flag's argument, "training.fp16=true";
                     ///< for Argument: a word of an imported command line, as shown
  /// For File: the config group choice that loaded the file ("model=bge-m3"), or empty.
  std::string group;

  static Origin none() { return Origin{Kind::Nowhere, {}, {}, {}}; }
  static Origin file(SourceLoc loc) { return Origin{Kind::File, std::move(loc), {}, {}}; }
  static Origin set(std::string text) { return Origin{Kind::Set, {}, std::move(text), {}}; }
  static Origin unset(std::string text) { return Origin{Kind::Unset, {}, std::move(text), {}}; }
  static Origin argument(std::string text) {
    return Origin{Kind::Argument, {}, std::move(text), {}};
  }

  /// As a diagnostic prefix: "a.yaml:3:5", "--set k=v", "--unset k", "expcfg".
  std::string where() const;
  /// As a dump annotation: "a.yaml:3", "--set", "--unset", "default"; for a file that a
  /// config group choice loaded, "model=bge-m3 (configs/model/bge-m3.yaml:3)".
  std::string label() const;
  /// where(), with the config group choice first when there is one:
  /// "model=bge-m3 (configs/model/bge-m3.yaml:3:5)".
  std::string described() const;
};

/// Whether a problem lies in the configuration (exit 1) or in how expcfg was called or
/// could read its inputs (exit 2).
enum class Category { Config, Usage };

struct Note {
  Origin origin;  ///< Kind::Nowhere prints as a plain "note:"
  std::string message;
};

/// Errors make a run fail; warnings only inform.
enum class Severity { Error, Warning };

struct Diagnostic {
  Category category = Category::Config;
  Severity severity = Severity::Error;
  Origin origin;
  std::string message;
  std::vector<Note> notes;
};

/// The problems found so far; stages append and carry on.
class Diagnostics {
 public:
  template <class... Args>
  Diagnostic& error(Origin origin, fmt::format_string<Args...> format, Args&&... args) {
    return add(Category::Config, std::move(origin),
               fmt::format(format, std::forward<Args>(args)...));
  }
  template <class... Args>
  Diagnostic& usage_error(Origin origin, fmt::format_string<Args...> format, Args&&... args) {
    return add(Category::Usage, std::move(origin),
               fmt::format(format, std::forward<Args>(args)...));
  }

  template <class... Args>
  Diagnostic& warning(Origin origin, fmt::format_string<Args...> format, Args&&... args) {
    Diagnostic& item =
        add(Category::Config, std::move(origin), fmt::format(format, std::forward<Args>(args)...));
    item.severity = Severity::Warning;
    return item;
  }

  Diagnostic& add(Category category, Origin origin, std::string message);
  /// Appends every problem of `other`.
  void append(const Diagnostics& other);
  /// Appends the problems of `other` that are not already here (same place, same message).
  void append_new(const Diagnostics& other);

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// True when some problem is a usage or I/O error.
  bool has_usage_error() const;
  /// True when some problem is an error, not only a warning.
  bool has_errors() const;

 private:
  std::vector<Diagnostic> items_;
};

/// "PATH:LINE:COL: error: MESSAGE" lines, each followed by its notes.
std::string render(const Diagnostics& diagnostics);

/// `text` safe to show on a terminal: control characters as `\x1b` (a tab as `\t`), C1
/// controls and bidi or invisible format characters as `\u202e`; everything else as it is.
std::string printable(std::string_view text);

/// `text` as quoted in a message: whole when short, else its start and its length
/// ("aaaa... (5000000 bytes)"), cut on a UTF-8 character boundary.
std::string excerpt(std::string_view text);

/// Adds a did-you-mean note to `diagnostic` when some candidate is close to `word`.
void suggest(Diagnostic& diagnostic, std::string_view word,
             const std::vector<std::string_view>& candidates);

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates);

}  // namespace expcfg
