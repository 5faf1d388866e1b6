// "Did you mean" suggestions by edit distance, as ninja does for unknown targets.

#include <algorithm>
#include <numeric>

#include "expcfg/diagnostics.hpp"

namespace expcfg {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
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
    diagnostic.notes.push_back(
        Note{diagnostic.origin, fmt::format("did you mean '{}'?", *match)});
  }
}

}  // namespace expcfg
