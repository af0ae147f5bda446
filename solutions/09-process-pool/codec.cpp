#include "codec.hpp"

#include <string>

namespace lab09 {

void Writer::put_int(std::int64_t value) {
  // Byte by byte, least significant first: the same bytes on any machine, whatever its order.
  auto bits = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) {
    bytes_.push_back(static_cast<char>(bits & 0xFFU));
    bits >>= 8U;
  }
}

void Writer::put_string(std::string_view text) {
  put_int(static_cast<std::int64_t>(text.size()));
  bytes_.append(text);
}

std::int64_t Reader::get_int() {
  if (bytes_.size() - position_ < 8) {
    throw CodecError("get_int: " + std::to_string(bytes_.size() - position_) +
                     " bytes left, an integer takes 8");
  }
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) {
    const auto byte = static_cast<unsigned char>(bytes_[position_ + static_cast<std::size_t>(i)]);
    bits = (bits << 8U) | byte;
  }
  position_ += 8;
  return static_cast<std::int64_t>(bits);  // two's complement, as C++20 defines it
}

std::string Reader::get_string() {
  const std::int64_t length = get_int();
  // Checked before anything is allocated: a corrupt length must not ask for gigabytes.
  if (length < 0 || static_cast<std::uint64_t>(length) > bytes_.size() - position_) {
    throw CodecError("get_string: a length of " + std::to_string(length) + " with " +
                     std::to_string(bytes_.size() - position_) + " bytes left");
  }
  std::string text(bytes_.substr(position_, static_cast<std::size_t>(length)));
  position_ += static_cast<std::size_t>(length);
  return text;
}

void Reader::expect_end() const {
  if (!at_end()) {
    throw CodecError(std::to_string(bytes_.size() - position_) +
                     " bytes left after the last field");
  }
}

}  // namespace lab09
