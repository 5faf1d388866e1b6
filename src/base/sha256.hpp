#pragma once
// SHA-256 of bytes, as lowercase hex.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace expcfg {

/// SHA-256 fed in pieces: the same digest as of the pieces joined, without joining them.
class Sha256 {
 public:
  void update(std::string_view bytes);
  /// The digest of everything fed so far, as lowercase hex (ends the hashing).
  std::string hex();

 private:
  std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, 64> block_{};
  std::size_t buffered_ = 0;  // bytes in block_
  std::uint64_t length_ = 0;  // bytes fed in all
};

std::string sha256_hex(std::string_view bytes);

}  // namespace expcfg
