#pragma once
// SHA-256 of a byte string, as lowercase hex.

#include <string>
#include <string_view>

namespace expcfg {

std::string sha256_hex(std::string_view bytes);

}  // namespace expcfg
