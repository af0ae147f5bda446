#include "codec.hpp"

#include <string>

namespace lab09 {

void Writer::put_int(std::int64_t value) {
  // TODO(task 1): append `value` as 8 bytes, least significant first (shift an unsigned copy
  // of it right by 8 bits at a time). Never memcpy the integer: that writes the machine's byte
  // order, not the format's.
  (void)value;
  throw std::logic_error("TODO: Writer::put_int");
}

void Writer::put_string(std::string_view text) {
  // TODO(task 1): the length (put_int), then the bytes as they are.
  (void)text;
  throw std::logic_error("TODO: Writer::put_string");
}

std::int64_t Reader::get_int() {
  // TODO(task 1): throw CodecError when fewer than 8 bytes are left; otherwise rebuild the
  // integer from the next 8 bytes (the first is the least significant) and move past them.
  throw std::logic_error("TODO: Reader::get_int");
}

std::string Reader::get_string() {
  // TODO(task 1): the length, checked against what is left (negative or too long: CodecError,
  // before allocating anything), then that many bytes.
  throw std::logic_error("TODO: Reader::get_string");
}

void Reader::expect_end() const {
  // TODO(task 1): CodecError unless every byte has been read.
  throw std::logic_error("TODO: Reader::expect_end");
}

}  // namespace lab09
