// Release numbers, FlagEmbedding targets and lookups in the release history of TrainingArguments.

#include "expcfg/versions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "schema/schema_history.hpp"

namespace expcfg {

std::string Version::text() const { return fmt::format("{}.{}.{}", major, minor, patch); }

namespace {

/// One to four digits at `at` (moved past them); nullopt for none or more than four.
std::optional<int> read_number(std::string_view text, std::size_t& at) {
  int value = 0;
  std::size_t end = at;
  for (; end < text.size() && text[end] >= '0' && text[end] <= '9'; ++end) {
    if (end - at == 4) return std::nullopt;
    value = value * 10 + (text[end] - '0');
  }
  if (end == at) return std::nullopt;
  at = end;
  return value;
}

/// A pre-, post- or development-release tag: `.dev0`, `rc1`, `a2`, `b`, `.post1`.
bool is_release_tag(std::string_view tag) {
  if (tag.starts_with('.')) tag.remove_prefix(1);
  for (std::string_view word : {"dev", "rc", "a", "b", "post"}) {
    if (!tag.starts_with(word)) continue;
    const std::string_view digits = tag.substr(word.size());
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

}  // namespace

std::optional<Version> parse_version(std::string_view text) {
  // PEP 440's common shapes: 4.57.6, 5.0, 4.57.6.dev0, 5.0.0rc1, 4.44.2.post1. Read by hand:
  // every resolution reads its target, and a std::regex was a twentieth of a sweep's time.
  Version version{0, 0, 0};
  std::size_t at = 0;
  const auto major = read_number(text, at);
  if (!major || at == text.size() || text[at] != '.') return std::nullopt;
  ++at;
  const auto minor = read_number(text, at);
  if (!minor) return std::nullopt;
  version.major = *major;
  version.minor = *minor;
  if (at + 1 < text.size() && text[at] == '.' && text[at + 1] >= '0' && text[at + 1] <= '9') {
    ++at;
    const auto patch = read_number(text, at);
    if (!patch) return std::nullopt;
    version.patch = *patch;
  }
  if (at < text.size() && !is_release_tag(text.substr(at))) return std::nullopt;
  return version;
}

std::string FlagEmbeddingTarget::text() const { return source ? "source" : release.text(); }

std::optional<FlagEmbeddingTarget> parse_flagembedding(std::string_view text) {
  if (text == "source") return FlagEmbeddingTarget{Version{1, 4, 0}, true};
  const auto release = parse_version(text);
  if (!release) return std::nullopt;
  return FlagEmbeddingTarget{*release, false};
}

std::span<const FieldEra> eras_of(std::string_view field) {
  const auto eras = field_eras();
  const auto first = std::find_if(eras.begin(), eras.end(),
                                  [&](const FieldEra& era) { return era.field == field; });
  const auto last =
      std::find_if(first, eras.end(), [&](const FieldEra& era) { return era.field != field; });
  return {first, last};
}

std::optional<FieldEra> era_at(std::string_view field, Version version) {
  std::optional<FieldEra> found;
  for (const FieldEra& era : eras_of(field)) {
    if (era.since <= version) found = era;
  }
  if (!found && !eras_of(field).empty()) found = eras_of(field).front();
  return found;
}

std::optional<std::string_view> replacement_of(std::string_view field) {
  for (const FieldReplacement& item : field_replacements()) {
    if (item.field == field && !item.replacement.empty()) return item.replacement;
  }
  return std::nullopt;
}

}  // namespace expcfg
