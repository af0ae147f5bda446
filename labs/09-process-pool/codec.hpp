/// @file codec.hpp
/// @brief The pool's small explicit codec: integers and strings to bytes and back. Python
/// pickles whatever crosses to a worker; here every type that crosses says how.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace lab09 {

/// Bytes that failed to decode: too short, or left over.
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Builds an encoded message field by field.
///
/// The format: an integer is 8 bytes, least significant first (two's complement); a string is
/// its length as such an integer, then its bytes as they are (NUL bytes included).
class Writer {
 public:
  /// Appends `value` as 8 bytes, least significant first.
  void put_int(std::int64_t value);
  /// Appends the length of `text` (as put_int does), then its bytes.
  void put_string(std::string_view text);
  /// The bytes written so far.
  [[nodiscard]] const std::string& bytes() const { return bytes_; }
  /// Moves the bytes out; the Writer is empty again.
  std::string take() { return std::exchange(bytes_, std::string{}); }

 private:
  std::string bytes_;
};

/// Reads, field by field and in the same order, what a Writer wrote. It views `bytes` (which
/// must outlive it) and throws CodecError instead of reading past their end.
class Reader {
 public:
  /// Reads from the start of `bytes`.
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  /// The next integer. Throws CodecError when fewer than 8 bytes are left.
  std::int64_t get_int();
  /// The next string. Throws CodecError when the length is negative or more than what is left.
  std::string get_string();
  /// True when every byte has been read.
  [[nodiscard]] bool at_end() const { return position_ == bytes_.size(); }
  /// Throws CodecError unless every byte has been read (a message must not have bytes left).
  void expect_end() const;

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
};

/// Integers (any integral type but bool) and std::string: what a pool's task takes and returns.
template <typename T>
concept Encodable = (std::integral<T> && !std::same_as<T, bool>) || std::same_as<T, std::string>;

/// `value` as bytes: one field.
template <Encodable T>
std::string encode(const T& value) {
  Writer writer;
  if constexpr (std::same_as<T, std::string>) {
    writer.put_string(value);
  } else {
    writer.put_int(static_cast<std::int64_t>(value));
  }
  return writer.take();
}

/// The value encode<T>() wrote into `bytes`. Throws CodecError when they are not exactly one
/// such field, or when the integer does not fit in T.
template <Encodable T>
T decode(std::string_view bytes) {
  Reader reader(bytes);
  if constexpr (std::same_as<T, std::string>) {
    std::string text = reader.get_string();
    reader.expect_end();
    return text;
  } else {
    const std::int64_t value = reader.get_int();
    reader.expect_end();
    if (!std::in_range<T>(value)) {
      throw CodecError("decode: " + std::to_string(value) + " does not fit the type");
    }
    return static_cast<T>(value);
  }
}

}  // namespace lab09
