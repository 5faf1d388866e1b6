#pragma once
/// The software a run will meet: the transformers release (whose TrainingArguments decide the
/// fields and the command line) and the FlagEmbedding release (whose runners read some of them).
///
///   launch:
///     transformers: "4.44.2"     # or auto: ask launch.python what is installed
///     flagembedding: "1.4.0"     # or source: an install with the transformers 5 fixes

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace expcfg {

/// A release number, "4.57.6". A missing part reads as 0: "5.0" is 5.0.0.
struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;

  auto operator<=>(const Version&) const = default;
  std::string text() const;
};

/// "4.57.6", "5.0", "4.57.6.dev0" or "5.0.0rc1" (the pre-release suffix is dropped); nullopt for
/// anything else.
std::optional<Version> parse_version(std::string_view text);

/// transformers releases expcfg supports: 4.44.2 (FlagEmbedding 1.3's floor) up to, not
/// including, 6.0. Facts of releases after the newest known one are the newest known's.
inline constexpr Version kOldestTransformers{4, 44, 2};
inline constexpr Version kNewestKnownTransformers{5, 17, 0};
inline constexpr Version kFirstUnsupportedTransformers{6, 0, 0};
/// The target when no layer names one: the newest 4.x, which the released FlagEmbedding trains
/// with (it cannot finish a run on transformers 5).
inline constexpr Version kDefaultTransformers{4, 57, 6};
/// The releases whose TrainingArguments were read in full (tests run every one).
inline constexpr Version kPinnedTransformers[] = {{4, 44, 2}, {4, 46, 3}, {4, 50, 3},
                                                  {4, 51, 3}, {4, 57, 6}, {5, 0, 0},
                                                  {5, 14, 1}, {5, 15, 0}, {5, 17, 0}};

/// A FlagEmbedding installation: a release, or a source install with the transformers 5 fixes
/// that came after 1.4.0 (FlagEmbedding PRs #1592, #1593, #1595).
struct FlagEmbeddingTarget {
  Version release{1, 4, 0};
  bool source = false;

  /// Whether its trainers and reranker runners work with transformers 5.
  bool supports_transformers5() const { return source || release > Version{1, 4, 0}; }
  std::string text() const;
};
inline constexpr std::string_view kDefaultFlagEmbedding = "1.4.0";

/// "1.4.0", "1.3.2", "1.3" or "source"; nullopt for anything else.
std::optional<FlagEmbeddingTarget> parse_flagembedding(std::string_view text);

}  // namespace expcfg
