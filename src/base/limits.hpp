#pragma once
/// Bounds on what expcfg reads. Each is far above any real configuration (the largest shipped
/// experiment is 4 files and a few KB; a 100,000-path train_data list is about 5 MB) and
/// exists so that a broken or hostile file gets an error with a location, never a crash, a
/// hang or unbounded memory.

#include <cstddef>

namespace expcfg::limits {

/// Bytes in one layer file (or standard input).
inline constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;

/// Layer files in one resolution, counting each `extends` base once.
inline constexpr std::size_t kMaxLayerFiles = 1'000;

/// Files in one `extends` chain (a file, its base, the base's base, ...).
inline constexpr std::size_t kMaxExtendsDepth = 64;

/// Nesting of a mapping value (`deepspeed: {...}`) as expcfg walks it, aliases expanded.
/// yaml-cpp itself stops parsing at 2,000 levels ("bad file" at the deepest bracket).
inline constexpr std::size_t kMaxNestingDepth = 1'000;

/// Values one mapping value may expand to: aliases share nodes, so a few lines can stand for
/// billions of values ("billion laughs").
inline constexpr std::size_t kMaxExpandedValues = 100'000;

/// Mappings `<<` merge keys may pull into one mapping, counting repeats and nested merges.
inline constexpr std::size_t kMaxMergedMappings = 10'000;

/// Bytes of one value made by interpolation (`${...}` references inside text): references
/// that each refer to the previous one twice double at every step.
inline constexpr std::size_t kMaxInterpolatedBytes = std::size_t{1} << 20;

/// Bytes of a whole resolved configuration (values' text, 8 per number or list item): bounds
/// what interpolation, aliases and appends can make of a few lines.
inline constexpr std::size_t kMaxResolvedBytes = std::size_t{256} << 20;

/// Bytes of text `import` makes by expanding a script's variables (`x=$x$x` doubles).
inline constexpr std::size_t kMaxScriptExpansion = std::size_t{1} << 20;

/// Runs of one sweep: each is a file in the sweep folder.
inline constexpr std::size_t kMaxSweepRuns = 100'000;

/// Characters of a value or key quoted in a message before it is cut short.
inline constexpr std::size_t kMaxQuotedChars = 80;

}  // namespace expcfg::limits
