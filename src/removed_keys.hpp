#pragma once
// Keys that transformers 5 removed but old FlagEmbedding scripts still pass: the note that
// `check` and `import` give with them.

#include <optional>
#include <string_view>

namespace expcfg {

/// What replaces the removed key `name`, or nullopt when `name` was never removed.
inline std::optional<std::string_view> removed_key_note(std::string_view name) {
  if (name == "warmup_ratio") {
    return "transformers 5 removed 'warmup_ratio': write the ratio as 'warmup_steps' (a float "
           "below 1 is a ratio of the total steps, e.g. warmup_steps: 0.1)";
  }
  if (name == "overwrite_output_dir") {
    return "transformers 5 removed 'overwrite_output_dir' with no replacement: delete the key";
  }
  return std::nullopt;
}

}  // namespace expcfg
