#pragma once
// UTF-8 validation: yaml-cpp passes invalid bytes through, so the loader checks first.

#include <optional>
#include <string_view>

namespace expcfg {

/// Byte offset of the first byte that does not start or continue a valid UTF-8 sequence.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace expcfg
