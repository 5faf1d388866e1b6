// "Did you mean" suggestions by edit distance, as ninja does for unknown targets.

#include <algorithm>

#include "expcfg/diagnostics.hpp"

namespace expcfg {
namespace {

/// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`: the optimal
/// string alignment distance, so "maen" is one typo away from "mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

}  // namespace

std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates) {
  // Allow about one typo per four letters: "learnin_rate" finds learning_rate, "lr" finds
  // nothing rather than some unrelated two-letter field.
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 4, 1, 4);
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    // The lengths alone bound the distance from below; skipping keeps a huge unknown key (a
    // 64 MiB file can hold one) from costing its length times every field's.
    const std::size_t length_gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                                  : candidate.size() - word.size();
    if (length_gap >= best_distance) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

void suggest(Diagnostic& diagnostic, std::string_view word,
             const std::vector<std::string_view>& candidates) {
  if (auto match = closest_match(word, candidates)) {
    diagnostic.notes.push_back(Note{diagnostic.origin, fmt::format("did you mean '{}'?", *match)});
  }
}

}  // namespace expcfg
