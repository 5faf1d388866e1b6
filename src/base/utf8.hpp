#pragma once
// UTF-8 validation: yaml-cpp passes invalid bytes through, so the loader checks first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace expcfg {

/// Byte offset of the first byte that does not start or continue a valid UTF-8 sequence.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// Appends code point `code` as UTF-8; a surrogate or a value past U+10FFFF, which UTF-8 cannot
/// hold, as U+FFFD (what messages show for bad bytes).
void append_utf8(std::string& out, std::uint32_t code);

/// A character YAML does not allow in a stream, and where.
struct ControlCharacter {
  std::size_t offset;
  unsigned code_point;
};

/// The first control character of valid UTF-8 `text` that YAML 1.2 forbids: C0 controls other
/// than tab, line feed and carriage return, DEL, and C1 controls other than NEL. yaml-cpp
/// mangles some of them (a NUL byte) instead of rejecting them; they mean binary data.
std::optional<ControlCharacter> find_control_character(std::string_view text);

}  // namespace expcfg
