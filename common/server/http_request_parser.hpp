// Reading HTTP/1.1 requests out of the bytes a connection received.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http_message.hpp"

namespace conclab::server {

/// What parse_request() found at the start of a connection's buffer.
struct ParsedRequest {
  /// A whole request was there; `consumed` bytes of the buffer were it.
  std::optional<HttpRequest> request;
  std::size_t consumed = 0;
  /// Non-zero when the bytes cannot be a valid request: the status to answer with (400, 413,
  /// 431), after which the connection closes. `problem` says what was wrong.
  int error_status = 0;
  std::string problem;
  /// The path of a rejected request, when its request line got that far.
  std::string path;
};

/// The largest header block accepted (request line and headers).
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{16} * 1024;
/// The largest request body accepted; no endpoint needs one.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024;

/// Parses the request at the start of `buffer`. Neither a request nor an error means the
/// request is not complete yet: read more and call again.
ParsedRequest parse_request(std::string_view buffer);

/// `text` with each %XX replaced by its byte, and '+' by a space when `plus_is_space`
/// (a query). A malformed escape is kept as it is.
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace conclab::server
