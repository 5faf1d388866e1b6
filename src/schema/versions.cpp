// Release numbers, FlagEmbedding targets and lookups in the release history of TrainingArguments.

#include "expcfg/versions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "schema/schema_history.hpp"

namespace expcfg {

std::string Version::text() const { return fmt::format("{}.{}.{}", major, minor, patch); }

std::optional<Version> parse_version(std::string_view text) {
  // PEP 440's common shapes: 4.57.6, 5.0, 4.57.6.dev0, 5.0.0rc1, 4.44.2.post1.
  static const std::regex kRelease(
      R"((\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(?:\.?(?:dev|rc|a|b|post)\d*)?)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, kRelease)) return std::nullopt;
  auto number = [&](std::size_t i) { return match[i].matched ? std::stoi(match[i].str()) : 0; };
  return Version{number(1), number(2), number(3)};
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
