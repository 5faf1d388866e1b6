// Field-by-field comparison of two resolved configurations.

#include "expcfg/diff.hpp"

#include <fmt/format.h>

#include <map>

#include "expcfg/emit.hpp"
#include "resolve/secrets.hpp"

namespace expcfg {
namespace {

constexpr std::size_t kLongList = 3;

/// Whether the value is a list (the only values shown as entries added and removed).
bool is_list(const Value& value) {
  return std::holds_alternative<StringList>(value) || std::holds_alternative<IntList>(value);
}

/// A list's entries as flow text, for comparing and printing entries of either list kind.
std::vector<std::string> entries(const Value& value) {
  std::vector<std::string> out;
  if (const auto* strings = std::get_if<StringList>(&value)) {
    for (const auto& s : *strings) out.push_back(yaml_string(s));
  } else if (const auto* ints = std::get_if<IntList>(&value)) {
    for (auto n : *ints) out.push_back(fmt::format("{}", n));
  }
  return out;
}

/// The entries of `from` that `minus` does not account for, counting repeats.
std::vector<std::string> missing_from(const std::vector<std::string>& from,
                                      const std::vector<std::string>& minus) {
  std::map<std::string, int> available;
  for (const auto& entry : minus) ++available[entry];
  std::vector<std::string> out;
  for (const auto& entry : from) {
    if (available[entry]-- <= 0) out.push_back(entry);
  }
  return out;
}

struct Palette {
  std::string_view removed, added, reset;
};

/// Writing a default is the same as leaving it out.
bool at_its_default(const ResolvedConfig& side, std::size_t i) {
  return side.values[i] == side.runner->fields[i].default_value;
}

std::string side_text(const std::optional<Value>& value) {
  return value ? yaml_flow(*value) : "(absent)";
}

}  // namespace

std::vector<FieldDiff> diff(const ResolvedConfig& left, const ResolvedConfig& right,
                            const DiffOptions& options) {
  // Values compare as they are; only what is shown of a credential is redacted.
  const auto shown = [&](const ResolvedConfig& side, std::size_t i) {
    return options.redact_secrets ? redacted_value(side, i) : side.values[i];
  };
  std::vector<FieldDiff> out;
  // Two releases of one runner are one runner: a field only one release has differs only when
  // that side sets it. Another runner's fields all show.
  const bool same_runner = left.runner->name == right.runner->name;
  if (!same_runner) {
    out.push_back(FieldDiff{"runner", Value(std::string(left.runner->name)),
                            Value(std::string(right.runner->name)), left.runner_origin.label(),
                            right.runner_origin.label()});
  }
  for (std::size_t i = 0; i < left.values.size(); ++i) {
    const std::string key = left.runner->fields[i].key();
    const auto j = right.index(key);
    if (j && left.values[i] == right.values[*j]) continue;
    if (!j && same_runner && at_its_default(left, i)) continue;
    out.push_back(FieldDiff{key, shown(left, i),
                            j ? std::optional<Value>(shown(right, *j)) : std::nullopt,
                            left.origin_label(i), j ? right.origin_label(*j) : ""});
  }
  for (std::size_t j = 0; j < right.values.size(); ++j) {
    const std::string key = right.runner->fields[j].key();
    if (left.index(key) || (same_runner && at_its_default(right, j))) continue;
    out.push_back(FieldDiff{key, std::nullopt, shown(right, j), "", right.origin_label(j)});
  }
  return out;
}

std::string render_diff_text(const std::vector<FieldDiff>& diffs, const DiffTextOptions& options) {
  const Palette palette =
      options.color ? Palette{"\x1b[31m", "\x1b[32m", "\x1b[0m"} : Palette{"", "", ""};
  std::string out;
  for (const auto& d : diffs) {
    const std::string origin =
        options.show_origin
            ? fmt::format("  ({} / {})", d.left_origin.empty() ? "-" : d.left_origin,
                          d.right_origin.empty() ? "-" : d.right_origin)
            : "";
    const bool long_lists =
        d.left && d.right && is_list(*d.left) && is_list(*d.right) &&
        (entries(*d.left).size() > kLongList || entries(*d.right).size() > kLongList);
    if (!long_lists) {
      out += fmt::format("{}: {}{}{} -> {}{}{}{}\n", d.key, palette.removed, side_text(d.left),
                         palette.reset, palette.added, side_text(d.right), palette.reset, origin);
      continue;
    }
    const auto left_entries = entries(*d.left);
    const auto right_entries = entries(*d.right);
    out += fmt::format("{}: {} -> {} entries{}\n", d.key, left_entries.size(), right_entries.size(),
                       origin);
    const auto removed = missing_from(left_entries, right_entries);
    const auto added = missing_from(right_entries, left_entries);
    for (const auto& entry : removed) {
      out += fmt::format("  {}- {}{}\n", palette.removed, entry, palette.reset);
    }
    for (const auto& entry : added) {
      out += fmt::format("  {}+ {}{}\n", palette.added, entry, palette.reset);
    }
    if (removed.empty() && added.empty()) out += "  (same entries in another order)\n";
  }
  return out;
}

std::string render_diff_json(const std::vector<FieldDiff>& diffs) {
  Json out = Json::array();
  for (const auto& d : diffs) {
    Json item = Json::object();
    item["key"] = d.key;
    if (d.left) item["left"] = to_json(*d.left);
    if (d.right) item["right"] = to_json(*d.right);
    // A side whose runner has no such field has no value and no origin.
    item["left_origin"] = d.left ? Json(d.left_origin) : Json(nullptr);
    item["right_origin"] = d.right ? Json(d.right_origin) : Json(nullptr);
    out.push_back(std::move(item));
  }
  // A file name need not be UTF-8: such bytes print as U+FFFD rather than throwing.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace expcfg
